import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles from the initial delay and stops at the cap', () => {
    const b = new Backoff({ initialMs: 250, maxMs: 30_000, jitter: 0 });
    const delays = Array.from({ length: 10 }, () => b.next());
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('starts over after reset', () => {
    const b = new Backoff({ initialMs: 100, jitter: 0 });
    b.next();
    b.next();
    b.reset();
    expect(b.next()).toBe(100);
  });

  it('jitter only shortens, within the given fraction', () => {
    const low = new Backoff({ initialMs: 1000, jitter: 0.2, random: () => 1 });
    const high = new Backoff({ initialMs: 1000, jitter: 0.2, random: () => 0 });
    expect(low.next()).toBe(800);
    expect(high.next()).toBe(1000);
  });

  it('never overflows after many failures', () => {
    const b = new Backoff({ jitter: 0 });
    for (let i = 0; i < 1000; i++) b.next();
    expect(b.next()).toBe(30_000);
  });
});
