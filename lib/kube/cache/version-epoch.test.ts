import { describe, expect, it } from 'vitest';
import { firstVersion } from './registry';

describe('firstVersion', () => {
  it('starts a new process above what a predecessor reached, from the clock', () => {
    const before = firstVersion(Date.parse('2026-12-01T09:00:00Z'), undefined);
    // The old process made a million changes over ten minutes; the new one still starts above.
    const after = firstVersion(Date.parse('2026-12-01T09:10:00Z'), undefined);
    expect(after).toBeGreaterThan(before + 1_000_000);
    expect(Number.isSafeInteger(firstVersion(Date.parse('2200-01-01T00:00:00Z'), undefined))).toBe(true);
  });

  it("continues a retired cache's count when that is higher than the clock epoch", () => {
    const now = Date.parse('2026-12-01T09:00:00Z');
    expect(firstVersion(now, now * 1000 + 5)).toBe(now * 1000 + 6);
  });
});
