import { describe, expect, it } from 'vitest';
import { clone, fixture } from '@/test/support/engine/fixtures';
import { findCurrentRevision, revisionViews, revisionSummaries, unifiedDiff } from './revisions';
import { mkDaemonSet, mkRevision } from '@/test/support/engine/synthetic';

describe('findCurrentRevision', () => {
  const ne = fixture.daemonSets.find((d) => d.metadata!.name === 'node-exporter')!;
  const revs = fixture.revisions.filter((r) => r.metadata!.ownerReferences![0]!.name === 'node-exporter');

  it('picks the revision whose template equals the DaemonSet template', () => {
    expect(findCurrentRevision(ne, revs)).toMatchObject({ revision: { revision: 2 }, matched: true });
  });
  it('after a rollback the matching (older-numbered) revision is current even before renumbering', () => {
    const rolledBack = clone(ne);
    rolledBack.spec!.template = clone((revs[0]!.data as { spec: { template: Record<string, unknown> } }).spec.template);
    delete (rolledBack.spec!.template as Record<string, unknown>).$patch;
    expect(findCurrentRevision(rolledBack, revs)).toMatchObject({ revision: { revision: 1 }, matched: true });
  });
  it('accepts typed objects (Date timestamps, undefined fields) against raw revision data', () => {
    const typed = clone(ne);
    (typed.spec!.template!.metadata as Record<string, unknown>).creationTimestamp = undefined;
    (typed.spec!.template!.spec as Record<string, unknown>).nodeName = undefined;
    expect(findCurrentRevision(typed, revs)?.matched).toBe(true);
  });
  it('falls back to the highest revision when none matches', () => {
    const edited = mkDaemonSet('node-exporter', { image: 'x:9' });
    expect(findCurrentRevision(edited, revs)).toMatchObject({ revision: { revision: 2 }, matched: false });
    expect(findCurrentRevision(edited, [])).toBeUndefined();
  });
});

describe('revision diff', () => {
  it('diffs an old revision against the current one as a unified diff', () => {
    const ds1 = mkDaemonSet('a', { image: 'example.com/a:1' });
    const ds2 = mkDaemonSet('a', { image: 'example.com/a:2' });
    const views = revisionViews([mkRevision(ds2, 2, 'h2'), mkRevision(ds1, 1, 'h1')], 'a-h2');
    const summaries = revisionSummaries(views);
    expect(summaries.map((d) => [d.revision, d.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(summaries[1]!.diff).toBe('');
    expect(summaries[0]!.diff).toContain('--- revision 1\n+++ revision 2 (current)\n@@');
    expect(summaries[0]!.diff).toContain('\n-    - image: example.com/a:1\n+    - image: example.com/a:2\n');
  });

  it('produces correct hunk headers', () => {
    const a = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const b = a.replace('line 10\n', 'line ten\n');
    expect(unifiedDiff(a, b, 'a', 'b')).toBe(['--- a', '+++ b', '@@ -8,7 +8,7 @@', ' line 7', ' line 8', ' line 9', '-line 10', '+line ten', ' line 11', ' line 12', ' line 13', ''].join('\n'));
    expect(unifiedDiff(a, a, 'a', 'b')).toBe('');
  });
});
