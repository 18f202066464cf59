import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './revisions';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i}`).join('\n') + '\n';

// The shape components/agent/diff-view.tsx reads: `---`/`+++` labels, `@@` hunk headers, then
// one ' ', '-' or '+' line each; the same text the hand-written LCS produced before jsdiff.
describe('unifiedDiff edge cases', () => {
  it('a template that appears: an empty "from" side starts at line 0', () => {
    expect(unifiedDiff('', 'a\nb\n', 'x', 'y')).toBe('--- x\n+++ y\n@@ -0,0 +1,2 @@\n+a\n+b\n');
  });

  it('a change on the first line has no leading context', () => {
    expect(unifiedDiff(lines(20), lines(20).replace('line 0\n', ''), 'x', 'y')).toBe('--- x\n+++ y\n@@ -1,4 +1,3 @@\n-line 0\n line 1\n line 2\n line 3\n');
  });

  it('changes further apart than twice the context get a hunk each', () => {
    const to = lines(30).replace('line 2\n', 'two\n').replace('line 25\n', 'twenty-five\n');
    expect(unifiedDiff(lines(30), to, 'x', 'y')).toBe(
      [
        '--- x',
        '+++ y',
        '@@ -1,6 +1,6 @@',
        ...[' line 0', ' line 1', '-line 2', '+two', ' line 3', ' line 4', ' line 5'],
        '@@ -23,7 +23,7 @@',
        ...[' line 22', ' line 23', ' line 24', '-line 25', '+twenty-five', ' line 26', ' line 27', ' line 28'],
        '',
      ].join('\n'),
    );
  });

  it('changes within twice the context share one hunk', () => {
    const diff = unifiedDiff(lines(30), lines(30).replace('line 2\n', 'two\n').replace('line 8\n', 'eight\n'), 'x', 'y');
    expect(diff.match(/^@@.*@@$/gm)).toEqual(['@@ -1,12 +1,12 @@']);
  });
});
