import { describe, expect, it } from 'vitest';
import { appendText, emptyBuffer, findRegex, finish, highlightPieces, matchingLines } from './log-model';

describe('line buffer', () => {
  it('joins lines split across chunks and keeps the unterminated tail for later', () => {
    const b = emptyBuffer();
    appendText(b, 'one\ntw');
    expect(b.lines).toEqual(['one']);
    appendText(b, 'o\r\nthree');
    expect(b.lines).toEqual(['one', 'two']);
    finish(b);
    expect(b.lines).toEqual(['one', 'two', 'three']);
  });

  it('keeps only the newest lines, counting the dropped ones', () => {
    const b = emptyBuffer();
    appendText(b, Array.from({ length: 25 }, (_, i) => `l${i}\n`).join(''), 10);
    expect(b.lines).toHaveLength(10);
    expect(b.lines[0]).toBe('l15');
    expect(b.dropped).toBe(15);
  });
});

describe('in-page search', () => {
  it('finds plain text case-insensitively, or a regex, and ignores an invalid one', () => {
    const lines = ['Connection refused', 'ok', 'connect: connection REFUSED'];
    expect(matchingLines(lines, findRegex('connection refused'))).toEqual([0, 2]);
    expect(matchingLines(lines, findRegex('connection refused', { matchCase: true }))).toEqual([]);
    expect(matchingLines(lines, findRegex('^ok$', { regex: true }))).toEqual([1]);
    expect(findRegex('(', { regex: true })).toBeUndefined();
    expect(matchingLines(lines, findRegex('a.b'))).toEqual([]);
  });

  it('cuts a line into highlighted and plain pieces', () => {
    expect(highlightPieces('a refused b Refused', findRegex('refused'))).toEqual([
      { text: 'a ', hit: false },
      { text: 'refused', hit: true },
      { text: ' b ', hit: false },
      { text: 'Refused', hit: true },
    ]);
    expect(highlightPieces('abc', findRegex('x*', { regex: true }))).toEqual([{ text: 'abc', hit: false }]);
    expect(highlightPieces('', findRegex('x'))).toEqual([{ text: '', hit: false }]);
  });
});
