import { describe, expect, it } from 'vitest';
import { mkDaemonSet, mkNode, mkPod, mkRevision } from '@/test/support/engine/synthetic';
import { CoverageEngine } from './engine';
import type { KNode } from './k8s';
import { previewNodeChanges } from './node-preview';

const NOW = Date.parse('2026-06-01T00:00:00Z');

/** Three agents on two workers: a plain one, one tolerating everything, one selecting zone=a. */
function engine() {
  const e = new CoverageEngine();
  const nodes = [mkNode('w1', { labels: { zone: 'a' } }), mkNode('w2', { labels: { zone: 'b' } })];
  const plain = mkDaemonSet('plain');
  const tolerant = mkDaemonSet('tolerant', { tolerations: [{ operator: 'Exists' }] });
  const zoned = mkDaemonSet('zoned', { nodeSelector: { zone: 'a' } });
  for (const n of nodes) e.upsert('Node', n);
  for (const [i, ds] of [plain, tolerant, zoned].entries()) {
    e.upsert('DaemonSet', ds);
    e.upsert('ControllerRevision', mkRevision(ds, 1, `h${i}`));
  }
  for (const n of ['w1', 'w2']) {
    e.upsert('Pod', mkPod(plain, n, { hash: 'h0' }));
    e.upsert('Pod', mkPod(tolerant, n, { hash: 'h1' }));
  }
  e.upsert('Pod', mkPod(zoned, 'w1', { hash: 'h2' }));
  return { e, nodes };
}

const tainted = (n: KNode, effect: string): KNode => ({ ...n, spec: { ...n.spec, taints: [{ key: 'drain', effect }] } });
const relabelled = (n: KNode, labels: Record<string, string>): KNode => ({ ...n, metadata: { ...n.metadata, labels } });
const byName = (p: ReturnType<typeof previewNodeChanges>) => Object.fromEntries(p.agents.map((a) => [a.name, a]));

describe('previewNodeChanges: what a node change does to every agent', () => {
  it('an untolerated NoExecute taint evicts (pods deleted), a tolerated one changes nothing', () => {
    const { e, nodes } = engine();
    const p = byName(previewNodeChanges(e.cellsOnNodes([tainted(nodes[0]!, 'NoExecute')], NOW)));
    expect(p.plain!.nodes.evicted).toEqual(['w1']);
    expect(p.plain!.podsDeleted).toBe(1);
    expect(p.plain!.reasons).toEqual({ 'untolerated taint drain:NoExecute': 1 });
    expect(p.plain!.desired).toEqual({ before: 2, after: 1 });
    expect(p.zoned!.nodes.evicted).toEqual(['w1']);
    expect(p.tolerant!.counts).toEqual({ evicted: 0, stops: 0, gains: 0, unchanged: 1 });
  });

  it('an untolerated NoSchedule taint stops scheduling but lets the pod stay (misscheduled)', () => {
    const { e, nodes } = engine();
    const p = byName(previewNodeChanges(e.cellsOnNodes([tainted(nodes[0]!, 'NoSchedule')], NOW)));
    expect(p.plain!.nodes).toEqual({ evicted: [], stops: ['w1'], gains: [] });
    expect(p.plain!.podsDeleted).toBe(0);
    expect(p.plain!.misscheduled).toEqual({ before: 0, after: 1 });
    expect(p.plain!.desired).toEqual({ before: 2, after: 1 });
  });

  it('PreferNoSchedule moves nothing (the controller ignores it)', () => {
    const { e, nodes } = engine();
    const p = previewNodeChanges(e.cellsOnNodes([tainted(nodes[0]!, 'PreferNoSchedule')], NOW));
    expect(p.totals).toEqual({ evicted: 0, stops: 0, gains: 0, unchanged: 3 });
  });

  it('a label change gains one node and evicts from another; counts per agent over several nodes', () => {
    const { e, nodes } = engine();
    const p = byName(previewNodeChanges(e.cellsOnNodes([relabelled(nodes[0]!, { zone: 'b' }), relabelled(nodes[1]!, { zone: 'a' })], NOW)));
    expect(p.zoned!.nodes).toEqual({ evicted: ['w1'], stops: [], gains: ['w2'] });
    expect(p.zoned!.reasons).toEqual({ 'nodeSelector zone=a (node has zone="b")': 1 });
    expect(p.zoned!.desired).toEqual({ before: 1, after: 1 });
    expect(p.plain!.counts.unchanged).toBe(2);
  });

  it('removing a taint gains the node back', () => {
    const { e, nodes } = engine();
    e.upsert('Node', tainted(nodes[1]!, 'NoSchedule'));
    const p = byName(previewNodeChanges(e.cellsOnNodes([nodes[1]!], NOW)));
    expect(p.plain!.nodes.gains).toEqual(['w2']);
    expect(p.plain!.misscheduled).toEqual({ before: 1, after: 0 });
  });

  it('leaves the live engine as it was', () => {
    const { e, nodes } = engine();
    const before = e.agent('default', 'plain', NOW);
    previewNodeChanges(e.cellsOnNodes([tainted(nodes[0]!, 'NoExecute')], NOW));
    expect(e.agent('default', 'plain', NOW)).toBe(before);
    expect(before!.cells.map((c) => c.state)).toEqual(['ready', 'ready']);
  });
});
