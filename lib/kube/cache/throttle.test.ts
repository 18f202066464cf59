import { describe, expect, it } from 'vitest';
import { throttle, type Timers } from './throttle';

/** Manual clock: timers run only when the test advances time. */
function fakeTimers() {
  let now = 0;
  let queue: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const timers: Timers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      queue.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      queue = queue.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      queue.sort((a, b) => a.at - b.at);
      const t = queue[0];
      if (!t || t.at > end) break;
      queue.shift();
      now = t.at;
      t.fn();
    }
    now = end;
  };
  return { timers, advance };
}

describe('throttle', () => {
  it('fires promptly for the first change after quiet', () => {
    const { timers, advance } = fakeTimers();
    let calls = 0;
    const t = throttle(() => calls++, 100, timers);
    t.trigger();
    advance(0);
    expect(calls).toBe(1);
  });

  it('turns a burst into at most one call per interval, ending with a call after the last trigger', () => {
    const { timers, advance } = fakeTimers();
    const firedAt: number[] = [];
    const t = throttle(() => firedAt.push(timers.now()), 100, timers);
    for (let i = 0; i < 50; i++) {
      t.trigger();
      advance(10);
    }
    advance(200);
    // 500 ms of triggers every 10 ms → about 5-6 calls, never closer than 100 ms apart.
    expect(firedAt.length).toBeGreaterThanOrEqual(5);
    expect(firedAt.length).toBeLessThanOrEqual(7);
    for (let i = 1; i < firedAt.length; i++) expect(firedAt[i]! - firedAt[i - 1]!).toBeGreaterThanOrEqual(100);
    expect(firedAt.at(-1)!).toBeGreaterThanOrEqual(490);
  });

  it('cancel drops the pending call', () => {
    const { timers, advance } = fakeTimers();
    let calls = 0;
    const t = throttle(() => calls++, 100, timers);
    t.trigger();
    advance(0);
    t.trigger();
    t.cancel();
    advance(500);
    expect(calls).toBe(1);
  });
});
