import { describe, expect, it } from 'vitest';
import { CoverageEngine } from '../../lib/coverage/engine';
import { BENCH_NODE_LABEL, expectedDesired, scaleObjects } from './scale';

describe('the bench fleet', () => {
  const spec = { nodes: 300, agents: 10 };
  const { nodes, agents } = scaleObjects(spec);

  it('names nodes and agents uniquely and keeps every agent on bench nodes only', () => {
    expect(new Set(nodes.map((n) => n.metadata.name)).size).toBe(300);
    expect(new Set(agents.map((a) => a.metadata.name)).size).toBe(10);
    for (const a of agents) {
      const tpl = (a.spec as { template: { spec: { nodeSelector: Record<string, string> } } }).template.spec;
      expect(tpl.nodeSelector[BENCH_NODE_LABEL]).toBe('true');
    }
  });

  it('expects, per agent, the desired count the coverage engine (the controller’s rules) computes', () => {
    const engine = new CoverageEngine();
    for (const n of nodes) engine.upsert('Node', { ...n, metadata: { ...n.metadata, uid: `uid-${n.metadata.name}` } });
    for (const a of agents) engine.upsert('DaemonSet', { ...a, metadata: { ...a.metadata, uid: `uid-${a.metadata.name}`, generation: 1 } });
    const fromEngine = new Map(engine.agents(Date.parse('2026-01-01T00:00:00Z')).map((a) => [a.name, a.counts.desired]));
    expect(fromEngine).toEqual(expectedDesired(spec));
    // Not everything runs everywhere: the fleet exercises exclusions.
    expect(new Set(fromEngine.values()).size).toBeGreaterThan(3);
  });
});
