import { describe, expect, it } from 'vitest';
import { compilePattern, MAX_LINE_CHARS } from './pattern';

describe('compilePattern', () => {
  it('matches plain text literally and ignores case unless asked', () => {
    const p = compilePattern('failed: Connection refused (x.y)');
    expect(p.test('… FAILED: connection REFUSED (x.y) …')).toBe(true);
    expect(p.test('failed: Connection refused (xzy)')).toBe(false);
    expect(compilePattern('Refused', { matchCase: true }).test('refused')).toBe(false);
  });

  it('runs regular expressions', () => {
    const p = compilePattern('dial tcp [0-9.]+:\\d+: connect', { regex: true });
    expect(p.test('dial tcp 10.0.0.1:9092: connect: connection refused')).toBe(true);
    expect(p.test('dial udp 10.0.0.1:9092: connect')).toBe(false);
  });

  it.each([
    ['(unclosed', /not a valid regular expression/],
    ['(a+)+$', /exponential/],
    ['(x*y?)*z', /exponential/],
    ['(a|aa)*b', /exponential/],
    ['((ab)+c)+', /exponential/],
    ['(a)\\1', /backreferences/],
    ['foo(?=bar)', /lookahead/],
  ])('refuses %s in words', (pattern, words) => {
    expect(() => compilePattern(pattern, { regex: true })).toThrow(words);
    try {
      compilePattern(pattern, { regex: true });
    } catch (err) {
      expect((err as { status?: number }).status).toBe(400);
    }
  });

  it('accepts quantifiers that do not nest, and the same text as plain text', () => {
    expect(() => compilePattern('(error|warn) .+ refused', { regex: true })).not.toThrow();
    expect(() => compilePattern('[(a+)+]+x', { regex: true })).not.toThrow();
    expect(compilePattern('(a+)+').test('x(a+)+y')).toBe(true);
  });

  it('matches only the first MAX_LINE_CHARS of a line', () => {
    const p = compilePattern('needle');
    expect(p.test(`${'x'.repeat(MAX_LINE_CHARS - 6)}needle`)).toBe(true);
    expect(p.test(`${'x'.repeat(MAX_LINE_CHARS)}needle`)).toBe(false);
  });
});
