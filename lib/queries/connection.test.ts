import { describe, expect, it } from 'vitest';
import { describeConnection, holdsOtherVersion, initialConnection, reduceConnection, STALE_AFTER_MS } from './connection';

const t0 = '2025-01-01T10:00:00.000Z';
const ready = { state: 'ready' as const, version: 7 };

describe('reduceConnection', () => {
  it('keeps the first loss time across repeated errors', () => {
    let s = reduceConnection(initialConnection, { type: 'open' });
    s = reduceConnection(s, { type: 'error', at: t0 });
    s = reduceConnection(s, { type: 'error', at: '2025-01-01T10:00:05.000Z' });
    expect(s).toMatchObject({ transport: 'reconnecting', lostAt: t0 });
  });

  it('clears the loss on a version event and records cache and version', () => {
    let s = reduceConnection(initialConnection, { type: 'error', at: t0 });
    s = reduceConnection(s, { type: 'version', payload: { version: 7, cache: ready } });
    expect(s).toEqual({ transport: 'open', lostAt: undefined, cache: ready, version: 7 });
  });
});

describe('describeConnection', () => {
  const lost = reduceConnection(initialConnection, { type: 'error', at: t0 });

  it('says reconnecting just after the stream drops, stale once it stays down', () => {
    expect(describeConnection(lost, Date.parse(t0) + 1_000)).toMatchObject({ tone: 'busy', label: 'Reconnecting…' });
    const late = describeConnection(lost, Date.parse(t0) + STALE_AFTER_MS);
    expect(late.tone).toBe('stale');
    expect(late.label).toMatch(/^Stale since /);
  });

  it('reports a stale server cache with its error text', () => {
    const s = reduceConnection(initialConnection, {
      type: 'version',
      payload: { version: 3, cache: { state: 'stale', staleSince: t0, version: 3, error: 'watch closed' } },
    });
    const view = describeConnection(s, Date.parse(t0));
    expect(view.tone).toBe('stale');
    expect(view.label).toMatch(/^Stale since /);
    expect(view.detail).toContain('watch closed');
  });

  it('is live when open with a ready cache', () => {
    const s = reduceConnection(initialConnection, { type: 'version', payload: { version: 9, cache: { ...ready, version: 9 } } });
    expect(describeConnection(s, 0)).toMatchObject({ tone: 'live', label: 'Live' });
  });
});

describe('holdsOtherVersion', () => {
  it('asks for a refetch only when loaded data is at another version', () => {
    expect(holdsOtherVersion([7, 7], 7)).toBe(false); // the first event after (re)connect confirms the page
    expect(holdsOtherVersion([7, undefined], 8)).toBe(true);
    expect(holdsOtherVersion([undefined], 8)).toBe(false);
  });
});
