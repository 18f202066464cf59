import { describe, expect, it } from 'vitest';
import { clone, fixture, FIXTURE_NOW, loadedEngine } from '@/test/support/engine/fixtures';
import { computeAgentCells } from './agent-cells';
import { agentContext } from './cell';
import { compileEligibility, nodeShouldRunDaemonPod } from './eligibility';
import type { KNode } from './k8s';
import { nodeFacts } from './node';
import { podFacts, type PodFacts } from './pods';

const loaded = loadedEngine;

const ds = fixture.daemonSets.find((d) => d.metadata!.name === 'node-exporter')!;

/** The agent's pods by node, digested afresh (nothing shared with an engine). */
function podsByNode(): Map<string, PodFacts[]> {
  const m = new Map<string, PodFacts[]>();
  for (const p of fixture.pods.filter((p) => p.metadata!.ownerReferences?.[0]?.uid === ds.metadata!.uid)) {
    const f = podFacts(p);
    m.set(f.node ?? '', [...(m.get(f.node ?? '') ?? []), f]);
  }
  return m;
}

function nodeList(nodes: KNode[]) {
  const facts = nodes.map(nodeFacts).sort((a, b) => (a.name < b.name ? -1 : 1));
  return { names: facts.map((f) => f.name), facts };
}

describe('computeAgentCells: one agent against a set of nodes', () => {
  it('gives the live engine’s cells and counts for the same inputs', () => {
    const live = loaded().agent('kubesphere-monitoring-system', 'node-exporter', FIXTURE_NOW)!;
    const rules = compileEligibility(ds);
    const cells = computeAgentCells(agentContext(ds, live.currentHash), nodeList(fixture.nodes), podsByNode(), (n) => nodeShouldRunDaemonPod(rules, n), FIXTURE_NOW);
    expect(cells.cells).toEqual(live.cells);
    expect([cells.totals.desired, cells.totals.available, cells.totals.updated, cells.totals.misscheduled]).toEqual([live.counts.desired, live.counts.available, live.counts.updated, live.counts.misscheduled]);
  });

  it('previews tolerating the GPU taint on copies, leaving the live engine untouched', () => {
    const engine = loaded();
    const before = engine.agent('kubesphere-monitoring-system', 'node-exporter', FIXTURE_NOW)!;
    const changed = clone(ds);
    changed.spec!.template!.spec!.tolerations = [...(changed.spec!.template!.spec!.tolerations ?? []), { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }];
    const rules = compileEligibility(changed);
    const preview = computeAgentCells(agentContext(changed, before.currentHash), nodeList(fixture.nodes), podsByNode(), (n) => nodeShouldRunDaemonPod(rules, n), FIXTURE_NOW);
    const gpu = preview.cells.find((c) => c.node === 'gpu-1')!;
    expect([gpu.shouldRun, gpu.state]).toEqual([true, 'missing']);
    expect(preview.totals.desired).toBe(before.counts.desired + 1);
    // the engine still answers with the very same snapshot, gpu-1 excluded as before
    const after = engine.agent('kubesphere-monitoring-system', 'node-exporter', FIXTURE_NOW)!;
    expect(after).toBe(before);
    expect(after.cells[engine.nodeNames().indexOf('gpu-1')]!.state).toBe('ineligible');
  });
});
