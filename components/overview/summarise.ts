import type { AgentCauseDTO, AgentSummary, CellState, CoverageResponse } from '@/lib/api/dto';
import { GAP_STATES } from '@/components/cell-state/meta';

export type RolloutPhase = 'done' | 'progressing' | 'stuck';

export function rolloutPhase(agent: Pick<AgentSummary, 'rollout'>): RolloutPhase {
  if (agent.rollout.stuck) return 'stuck';
  return agent.rollout.done ? 'done' : 'progressing';
}

/** Problem states of one agent with their node counts, most urgent first; zeros left out. */
export function problemsOf(agent: Pick<AgentSummary, 'states'>): { state: CellState; count: number }[] {
  const order: CellState[] = [...GAP_STATES, 'starting'];
  return order.map((state) => ({ state, count: agent.states[state] ?? 0 })).filter((p) => p.count > 0);
}

export function gapCount(agent: Pick<AgentSummary, 'states'>): number {
  return GAP_STATES.reduce((sum, s) => sum + (agent.states[s] ?? 0), 0);
}

/** Excluded-node reasons, largest first. */
export function exclusionsOf(agent: Pick<AgentSummary, 'excludedByReason'>): { reason: string; count: number }[] {
  return Object.entries(agent.excludedByReason)
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

export interface FleetSummary {
  nodes: number;
  notReady: number;
  cordoned: number;
  agents: number;
  agentsWithGaps: number;
  gaps: number;
  gapsByState: Partial<Record<CellState, number>>;
  rolloutsProgressing: number;
  rolloutsStuck: number;
}

function countChar(s: string, ch: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s[i] === ch) n++;
  return n;
}

export function summariseFleet(coverage: Pick<CoverageResponse, 'nodes' | 'agents'>): FleetSummary {
  const gapsByState: Partial<Record<CellState, number>> = {};
  let agentsWithGaps = 0;
  let rolloutsProgressing = 0;
  let rolloutsStuck = 0;
  for (const agent of coverage.agents) {
    const gaps = gapCount(agent);
    if (gaps > 0) agentsWithGaps++;
    for (const s of GAP_STATES) if (agent.states[s]) gapsByState[s] = (gapsByState[s] ?? 0) + (agent.states[s] ?? 0);
    const phase = rolloutPhase(agent);
    if (phase === 'progressing') rolloutsProgressing++;
    if (phase === 'stuck') rolloutsStuck++;
  }
  return {
    nodes: coverage.nodes.names.length,
    notReady: countChar(coverage.nodes.ready, 'N'),
    cordoned: countChar(coverage.nodes.cordoned, '1'),
    agents: coverage.agents.length,
    agentsWithGaps,
    gaps: Object.values(gapsByState).reduce((a, b) => a + (b ?? 0), 0),
    gapsByState,
    rolloutsProgressing,
    rolloutsStuck,
  };
}

/** Agents with gaps first (most gaps first), then by namespace/name: the order an operator triages in. */
export function triageOrder<T extends Pick<AgentSummary, 'states' | 'namespace' | 'name'>>(agents: T[]): T[] {
  return [...agents].sort((a, b) => gapCount(b) - gapCount(a) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

export function strategyText(agent: Pick<AgentSummary, 'strategy'>): string {
  const s = agent.strategy;
  if (s.type === 'OnDelete') return 'OnDelete';
  return `RollingUpdate · maxUnavailable ${s.raw.maxUnavailable} · maxSurge ${s.raw.maxSurge}`;
}

/** An agent as the overview has it: its summary and its distinct causes. */
export type OverviewAgent = AgentSummary & { causes?: AgentCauseDTO[] };

/** Every cause label present with the number of cells it explains, most cells first (the overview's filter). */
export function causeLabels(agents: readonly OverviewAgent[]): { label: string; cells: number }[] {
  const by = new Map<string, number>();
  for (const a of agents) for (const c of a.causes ?? []) by.set(c.label, (by.get(c.label) ?? 0) + c.cells);
  return [...by.entries()].map(([label, cells]) => ({ label, cells })).sort((a, b) => b.cells - a.cells || a.label.localeCompare(b.label));
}

export function hasCause(agent: OverviewAgent, label: string): boolean {
  return (agent.causes ?? []).some((c) => c.label === label);
}
