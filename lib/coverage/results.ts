import type { AgentCells } from './agent-cells';
import type { KDaemonSet, KNode, KToleration } from './k8s';
import type { RevisionView } from './revisions';
import { agentRollout, type AgentRollout } from './rollout';
import type { DaemonToleration } from './taints';
import type { Cell, CellState, Counts, Strategy } from './types';

/** One agent (DaemonSet) on every node: what the engine's reads return. */
export interface AgentCoverage {
  namespace: string;
  name: string;
  uid: string;
  generation: number;
  observedGeneration: number;
  /** The DaemonSet as last received. */
  ds: KDaemonSet;
  /** Counts as the controller computes them, from the engine's view of the cluster. */
  counts: Counts;
  /** What the controller last wrote to .status. */
  status: Counts;
  strategy: Strategy;
  rollout: AgentRollout;
  /** One cell per node, aligned with the engine's `nodeNames()`. */
  cells: Cell[];
  states: Partial<Record<CellState, number>>;
  /** Ineligible node count per reason message. */
  excludedByReason: Record<string, number>;
  currentHash: string;
  currentRevision: number;
  /** False when no revision's template equals the DaemonSet's (fell back to the highest revision). */
  currentRevisionMatched: boolean;
  revisions: RevisionView[];
  nodeSelector: Record<string, string>;
  images: string[];
  /** Template tolerations plus the controller-added ones (flagged addedByController). */
  tolerations: DaemonToleration[];
  affinity?: unknown;
}

export interface AgentRef {
  namespace: string;
  name: string;
  uid: string;
}

export interface NodeAgentCell extends AgentRef {
  cell: Cell;
  /** Smallest change that would make the agent eligible here (ineligible/misscheduled cells). */
  fixHint?: string;
  /** The same change as actions: tolerations to add to the agent, node labels to set or remove. */
  fix?: { tolerations: KToleration[]; labels: Record<string, string | null> };
}

/** One node with every agent's cell on it. */
export interface NodeCoverage {
  name: string;
  node: KNode;
  ready: boolean;
  cordoned: boolean;
  /** Why daemon pods here cannot be trusted (NotReady, unreachable...). */
  unhealthy: string[];
  pressure: string[];
  agents: NodeAgentCell[];
}

function statusCounts(ds: KDaemonSet): Counts {
  const s = ds.status ?? {};
  return {
    desired: s.desiredNumberScheduled ?? 0,
    current: s.currentNumberScheduled ?? 0,
    ready: s.numberReady ?? 0,
    available: s.numberAvailable ?? 0,
    updated: s.updatedNumberScheduled ?? 0,
    misscheduled: s.numberMisscheduled ?? 0,
    unavailable: s.numberUnavailable ?? 0,
  };
}

interface AgentCoverageInput {
  uid: string;
  ds: KDaemonSet;
  cells: AgentCells;
  currentHash: string;
  currentRevision: number;
  currentRevisionMatched: boolean;
  revisions: RevisionView[];
  tolerations: DaemonToleration[];
}

/** An agent's coverage from its cells and totals (the cells array is shared, not copied). */
export function agentCoverage(a: AgentCoverageInput): AgentCoverage {
  const { ds, cells } = a;
  const totals = cells.totals;
  const meta = ds.metadata ?? {};
  const counts: Counts = {
    desired: totals.desired,
    current: totals.current,
    ready: totals.ready,
    available: totals.available,
    updated: totals.updated,
    misscheduled: totals.misscheduled,
    unavailable: totals.desired - totals.available,
  };
  const rollout = agentRollout(ds, totals, counts, a.currentRevision);
  const spec = ds.spec?.template?.spec;
  const out: AgentCoverage = {
    namespace: meta.namespace ?? '',
    name: meta.name ?? '',
    uid: a.uid,
    generation: meta.generation ?? 0,
    observedGeneration: ds.status?.observedGeneration ?? 0,
    ds,
    counts,
    status: statusCounts(ds),
    strategy: rollout.strategy,
    rollout,
    cells: cells.cells,
    states: Object.fromEntries(Object.entries(totals.states).filter(([, v]) => v > 0)),
    excludedByReason: Object.fromEntries(totals.excluded),
    currentHash: a.currentHash,
    currentRevision: a.currentRevision,
    currentRevisionMatched: a.currentRevisionMatched,
    revisions: a.revisions,
    nodeSelector: spec?.nodeSelector ?? {},
    images: (spec?.containers ?? []).map((c) => c.image ?? ''),
    tolerations: a.tolerations,
  };
  if (spec?.affinity) out.affinity = spec.affinity;
  return out;
}
