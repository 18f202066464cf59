import { describe, expect, it } from 'vitest';
import { CoverageEngine } from '../../lib/coverage/engine';
import { scaleScenario } from '../../cluster/scenarios/scale';
import { agentNames, edgeExcludedAgent, everywhereAgent, nodeName, podSelector } from './fleet';

/** Desired node count per agent, as the engine (the controller's rules) computes it for the scenario. */
function desired(nodes: number, agents: number): Map<string, number> {
  const engine = new CoverageEngine();
  for (const o of scaleScenario(nodes, agents)) {
    if (o.kind === 'Node' || o.kind === 'DaemonSet') engine.upsert(o.kind, { ...o, metadata: { ...o.metadata, uid: `uid-${o.metadata.name}`, generation: 1 } });
  }
  return new Map(engine.agents(Date.parse('2026-01-01T00:00:00Z')).map((a) => [a.name, a.counts.desired]));
}

describe('the bench fleet (cluster/scenarios/scale.ts)', () => {
  it('names every agent, and the pods of each by its selector', () => {
    expect(agentNames(10)).toHaveLength(10);
    expect(new Set(agentNames(10)).size).toBe(10);
    expect(podSelector(10, agentNames(10)[3]!)).toMatch(/^[^,=]+=[^,]+$/);
    expect(() => podSelector(10, 'nope')).toThrow(/not in the scale scenario/);
  });

  it('picks an agent kept off edge nodes only, and one that runs on every node', () => {
    const n = 300;
    const counts = desired(n, 10);
    const everywhere = everywhereAgent(10);
    expect(counts.get(everywhere)).toBe(n);
    const edge = edgeExcludedAgent(10);
    // Fewer than all (edge nodes, and nodes with taints it does not tolerate), but most of the fleet.
    expect(counts.get(edge)).toBeLessThan(n);
    expect(counts.get(edge)).toBeGreaterThan(n * 0.8);
    expect(nodeName(0)).toBe(scaleScenario(1, 0).find((o) => o.kind === 'Node')?.metadata.name);
  });
});
