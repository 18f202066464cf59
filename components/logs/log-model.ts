/**
 * Pure pieces of the log viewer: cutting a byte stream into lines, keeping at most a fixed
 * number of them, and finding what an in-page search highlights.
 */

/** Lines the viewer keeps; older ones are dropped from the top as new ones arrive. */
export const MAX_VIEW_LINES = 100_000;

export interface LineBuffer {
  lines: string[];
  /** An incomplete last line, waiting for its newline. */
  partial: string;
  /** Lines dropped from the top to stay within the cap. */
  dropped: number;
}

export const emptyBuffer = (): LineBuffer => ({ lines: [], partial: '', dropped: 0 });

/** Appends decoded text; returns the same buffer (mutated: 100k-line arrays are not copied per chunk). */
export function appendText(buf: LineBuffer, text: string, max = MAX_VIEW_LINES): LineBuffer {
  const parts = (buf.partial + text).split('\n');
  buf.partial = parts.pop() ?? '';
  for (const p of parts) buf.lines.push(p.endsWith('\r') ? p.slice(0, -1) : p);
  if (buf.lines.length > max) {
    const extra = buf.lines.length - max;
    buf.lines.splice(0, extra);
    buf.dropped += extra;
  }
  return buf;
}

/** At the end of the stream, an unterminated last line is a line too. */
export function finish(buf: LineBuffer, max = MAX_VIEW_LINES): LineBuffer {
  if (buf.partial) {
    buf.lines.push(buf.partial);
    buf.partial = '';
  }
  return appendText(buf, '', max);
}

/** The in-page search as a RegExp (global, for highlighting), or undefined when empty or invalid. */
export function findRegex(find: string, { regex = false, matchCase = false }: { regex?: boolean; matchCase?: boolean } = {}): RegExp | undefined {
  if (!find) return undefined;
  try {
    return new RegExp(regex ? find : find.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), matchCase ? 'g' : 'gi');
  } catch {
    return undefined;
  }
}

/** Indexes of the lines that match. */
export function matchingLines(lines: readonly string[], re: RegExp | undefined): number[] {
  if (!re) return [];
  const out: number[] = [];
  const test = new RegExp(re.source, re.flags.replace('g', ''));
  for (let i = 0; i < lines.length; i += 1) if (test.test(lines[i]!)) out.push(i);
  return out;
}

/** A line cut into plain and highlighted pieces (at most 200 highlights, empty matches skipped). */
export function highlightPieces(line: string, re: RegExp | undefined): { text: string; hit: boolean }[] {
  if (!re) return [{ text: line, hit: false }];
  const pieces: { text: string; hit: boolean }[] = [];
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  let last = 0;
  let count = 0;
  for (let m = g.exec(line); m && count < 200; m = g.exec(line)) {
    if (m[0].length === 0) {
      g.lastIndex += 1;
      continue;
    }
    if (m.index > last) pieces.push({ text: line.slice(last, m.index), hit: false });
    pieces.push({ text: m[0], hit: true });
    last = m.index + m[0].length;
    count += 1;
  }
  if (last < line.length || pieces.length === 0) pieces.push({ text: line.slice(last), hit: false });
  return pieces;
}

/** `since` choices of the viewer and the search, in seconds (undefined: no limit). */
export const SINCE_CHOICES: { label: string; seconds?: number }[] = [
  { label: 'any time' },
  { label: '5 minutes', seconds: 300 },
  { label: '1 hour', seconds: 3600 },
  { label: '6 hours', seconds: 6 * 3600 },
  { label: '24 hours', seconds: 24 * 3600 },
  { label: '7 days', seconds: 7 * 24 * 3600 },
];
