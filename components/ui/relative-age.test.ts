import { describe, expect, it } from 'vitest';
import { relativeAge } from './local-time';

describe('relativeAge', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it('names minutes, hours, then days', () => {
    expect(relativeAge('2026-11-25T11:59:30Z', now)).toBe('just now');
    expect(relativeAge('2026-11-25T11:55:00Z', now)).toBe('5m ago');
    expect(relativeAge('2026-11-25T09:00:00Z', now)).toBe('3h ago');
    expect(relativeAge('2026-11-24T00:00:00Z', now)).toBe('36h ago');
    expect(relativeAge('2026-11-20T12:00:00Z', now)).toBe('5d ago');
  });
  it('says nothing for a time it cannot read', () => {
    expect(relativeAge('not a time', now)).toBe('');
  });
});
