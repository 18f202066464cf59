import type { CoverageEngine } from '@/lib/coverage/engine';
import type { AgentRef } from '@/lib/coverage/results';
import type { CellState } from '@/lib/coverage/types';

export interface FleetEntry {
  node: string;
  ready: boolean;
  cordoned: boolean;
  missing: AgentRef[];
  failing: AgentRef[];
  /** Agents per problem state on this node (failing, missing, node-unhealthy, misscheduled, starting, outdated). */
  problems: Partial<Record<CellState, AgentRef[]>>;
}

/** Per node (in nodeNames order): which agents are missing, failing or otherwise unwell there. */
export function fleetSummary(engine: CoverageEngine, now: number): FleetEntry[] {
  const entries: FleetEntry[] = engine.nodeNames().map((n) => {
    const f = engine.getNodeFacts(n)!;
    return { node: n, ready: f.ready, cordoned: f.cordoned, missing: [], failing: [], problems: {} };
  });
  for (const a of engine.agents(now)) {
    const ref: AgentRef = { namespace: a.namespace, name: a.name, uid: a.uid };
    a.cells.forEach((cell, i) => {
      const s = cell.state;
      if (s === 'ready' || s === 'ineligible') return;
      const e = entries[i]!;
      (e.problems[s] ??= []).push(ref);
      if (s === 'missing') e.missing.push(ref);
      if (s === 'failing') e.failing.push(ref);
    });
  }
  return entries;
}
