import { describe, expect, it } from 'vitest';
import { describeConnection, initialConnection, reduceConnection, refusalOf, retryDelayMs, STALE_AFTER_MS } from './connection';

const t0 = '2025-01-01T10:00:00.000Z';

describe('a refused stream', () => {
  const refused = reduceConnection(reduceConnection(initialConnection, { type: 'open' }), {
    type: 'refused',
    at: t0,
    message: 'the server is at its limit of 1000 live streams; retry later',
    retryAt: '2025-01-01T10:00:20.000Z',
  });

  it("shows the server's words and when the tab retries", () => {
    const view = describeConnection(refused, Date.parse(t0) + 1_000);
    expect(view).toMatchObject({ tone: 'busy', label: 'Server busy' });
    expect(view.detail).toContain('limit of 1000 live streams');
    expect(view.detail).toMatch(/Retrying at /);
    expect(describeConnection(refused, Date.parse(t0) + STALE_AFTER_MS).tone).toBe('stale');
  });

  it('is forgotten once a stream opens', () => {
    const open = reduceConnection(refused, { type: 'open' });
    expect(open.refused).toBeUndefined();
    expect(describeConnection(open, Date.parse(t0)).label).toBe('Live');
  });
});

describe('retryDelayMs', () => {
  it("backs off, honours a longer Retry-After, and adds at most 50 % jitter", () => {
    expect(retryDelayMs(0, undefined, 0)).toBe(1_000);
    expect(retryDelayMs(3, undefined, 0)).toBe(10_000);
    expect(retryDelayMs(99, undefined, 0)).toBe(30_000);
    expect(retryDelayMs(0, 15, 0)).toBe(15_000);
    expect(retryDelayMs(0, 15, 1)).toBe(22_500);
  });
});

describe('refusalOf', () => {
  it('reads the ErrorResponse message and Retry-After of a refusal; a 2xx is no refusal', () => {
    expect(refusalOf(204, undefined, null)).toBeUndefined();
    expect(refusalOf(429, { error: { code: 'too_many_streams', message: 'too many live streams from your address' } }, '30')).toEqual({
      message: 'too many live streams from your address',
      retryAfterSeconds: 30,
    });
    expect(refusalOf(502, 'garbage', 'soon')).toEqual({ message: 'the server answered 502' });
  });
});
