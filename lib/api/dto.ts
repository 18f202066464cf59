/**
 * Wire types shared by route handlers and the browser. The server maps engine results
 * (lib/coverage) into these; components import only these, never engine or client-node types.
 */

import type { Cell, CellState, Counts, DaemonPod, Reason, RevisionSummary, Strategy } from '@/lib/coverage/types';

// The engine's own types (lib/coverage/types.ts) under their wire names: the routes send the
// engine's cells and pods as they are.
export { CELL_STATES, type CellState, type Counts } from '@/lib/coverage/types';
export type StrategyDTO = Strategy;
export type ReasonDTO = Reason;
export type PodDTO = DaemonPod;
export type CellDTO = Cell;
export type RevisionDTO = RevisionSummary;

/** One character per state, for the compact grid encoding of the coverage route. */
export const STATE_CODE: Record<CellState, string> = {
  failing: 'F',
  missing: 'M',
  'node-unhealthy': 'U',
  misscheduled: 'X',
  starting: 'S',
  outdated: 'O',
  ready: 'R',
  ineligible: '-',
};

export type CacheState = 'syncing' | 'ready' | 'stale';
export interface CacheStatus {
  state: CacheState;
  /** ISO time the cache lost its watch; set only while stale. */
  staleSince?: string;
  /** Snapshot version; bumps on every applied change. */
  version: number;
  /** Human text of the last watch error, credentials removed. */
  error?: string;
}

export interface ClusterDTO {
  name: string;
  current: boolean;
  server: string; // API server URL (no credentials)
  cache: CacheStatus | null; // null until first used
}
export interface ClustersResponse {
  clusters: ClusterDTO[];
}

export interface RolloutSummary {
  done: boolean;
  /** updated / desired, 0..100. */
  percent: number;
  /** Progress stopped: blocked by bad pods or nodes with the unavailability budget used up. */
  stuck: boolean;
  /** Same text as `kubectl rollout status`. */
  statusText: string;
  currentRevision: number;
}

export interface AgentSummary {
  namespace: string;
  name: string;
  uid: string;
  generation: number;
  observedGeneration: number;
  strategy: StrategyDTO;
  counts: Counts;
  /** What the real controller last wrote to .status (for display beside the engine's counts). */
  status: Counts;
  rollout: RolloutSummary;
  /** Node count per cell state. */
  states: Partial<Record<CellState, number>>;
  /** Ineligible node count per reason message (e.g. "untolerated taint a=b:NoSchedule"). */
  excludedByReason: Record<string, number>;
  nodeSelector: Record<string, string>;
  images: string[];
}

/** Nodes, compactly: labels interned as "key=value" pairs. */
export interface NodeTable {
  names: string[];
  /** Per node: 'R' ready, 'N' not ready / unknown. */
  ready: string;
  /** Per node: '1' cordoned (spec.unschedulable), '0' not. */
  cordoned: string;
  labelPairs: string[];
  /** Per node: indexes into labelPairs. */
  labels: number[][];
}

export interface CoverageResponse {
  context: string;
  version: number;
  cache: CacheStatus;
  nodes: NodeTable;
  /** Each agent's grid: one STATE_CODE char per node, in nodes.names order. */
  agents: (AgentSummary & { grid: string })[];
  /** Proxy mode: what is left out of this answer and which right would show it, in words. */
  limits?: string[];
}

/**
 * A pod as the agent page's grid needs it (hover card, reason filter, its uid for actions): a
 * fifth of PodDTO's size, which matters at 5,000 cells. The node page carries whole PodDTOs.
 */
export type PodBriefDTO = Pick<PodDTO, 'name' | 'uid' | 'phase' | 'ready' | 'revision' | 'restarts' | 'waitingReason' | 'waitingMessage' | 'deletionTimestamp'>;

/** A cell of the DaemonSet detail: the engine's cell with brief pods. */
export interface GridCellDTO extends Omit<CellDTO, 'pods'> {
  pods: PodBriefDTO[];
}

export interface RolloutDetail extends RolloutSummary {
  strategy: StrategyDTO;
  desired: number;
  updated: number;
  available: number;
  /** Unavailable pods now, against maxUnavailable. */
  budget: { maxUnavailable: number; maxSurge: number; unavailable: number };
  blocking: { badNode: { node: string; reason: string }[]; badPod: { node: string; pod: string; reason: string }[] };
}

export interface DaemonSetDetailResponse {
  context: string;
  version: number;
  agent: AgentSummary;
  nodes: NodeTable;
  /** One cell per node, in nodes.names order. */
  cells: GridCellDTO[];
  rollout: RolloutDetail;
  revisions: RevisionDTO[];
  tolerations: { key?: string; operator?: string; value?: string; effect?: string; addedByController?: boolean }[];
  affinity?: unknown;
  /** Container names of the pod template, in order (the log views' container picker). */
  containers?: string[];
  /** Proxy mode: what is left out of this answer and which right would show it, in words. */
  limits?: string[];
}

export interface NodeAgentDTO {
  namespace: string;
  name: string;
  state: CellState;
  shouldRun: boolean;
  shouldContinueRunning: boolean;
  reasons: ReasonDTO[];
  /** Smallest change (YAML) that would make the agent eligible here. */
  fixHint?: string;
  revision?: 'current' | 'old';
  pods: PodDTO[];
}

export interface EventDTO {
  type: string;
  reason: string;
  message: string;
  object: string; // Kind/name
  count: number;
  lastSeen: string;
}

export interface NodeDetailResponse {
  context: string;
  version: number;
  node: {
    name: string;
    labels: Record<string, string>;
    taints: { key: string; value?: string; effect: string }[];
    conditions: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string; lastHeartbeatTime?: string }[];
    capacity: Record<string, string>;
    allocatable: Record<string, string>;
    kubeletVersion: string;
    unschedulable: boolean;
    createdAt: string;
    ready: boolean;
  };
  agents: NodeAgentDTO[];
  events: EventDTO[];
  /** Proxy mode: what is left out of this answer and which right would show it, in words. */
  limits?: string[];
}

export interface Permission {
  allowed: boolean;
  /** Why not, in words (RBAC denial, read-only mode). */
  reason?: string;
}
export interface PermissionsResponse {
  readOnly: boolean;
  user?: string;
  restart: Permission; // patch daemonsets
  rollback: Permission; // patch daemonsets (+ list controllerrevisions)
  recreate: Permission; // delete pods
  logs: Permission; // get pods/log (a read: allowed in read-only mode too)
}

export interface ActionResponse {
  ok: true;
  /** What changed, in words (kubectl-style, e.g. "daemonset.apps/node-exporter restarted"). */
  message: string;
  changed: boolean;
}

export interface ErrorResponse {
  error: { code: string; message: string };
}

/** SSE payload of the `version` event on /api/clusters/{ctx}/events. */
export interface VersionEvent {
  version: number;
  cache: CacheStatus;
}

/** Header every mutating request must carry (with a same-origin Origin); see lib/kube/csrf. */
export const CSRF_HEADER = 'x-everynode-csrf';

/** One line of the log search stream (application/x-ndjson), in the order written. */
export type LogSearchEvent = LogSearchStart | LogSearchNode | LogSearchEnd;

export interface LogSearchStart {
  type: 'start';
  namespace: string;
  name: string;
  container: string;
  /** The nodes searched, in the order of the agent's grid. */
  nodes: string[];
  concurrency: number;
}

export type LogSearchNodeStatus = 'matched' | 'clean' | 'failed' | 'no-pod' | 'skipped';

export interface LogSearchNode {
  type: 'node';
  node: string;
  status: LogSearchNodeStatus;
  pod?: string;
  /** Lines read and lines matching. */
  lines: number;
  matches: number;
  /** The latest matching line (cut to 1,000 characters) and its time, as the container wrote it. */
  lastMatch?: { text: string; time?: string };
  /** failed / no-pod / skipped: why, in words. */
  reason?: string;
  /** The byte budget cut this node's log short. */
  truncated?: boolean;
  /** Nodes answered so far, this one included. */
  done: number;
}

export interface LogSearchEnd {
  type: 'end';
  done: number;
  total: number;
  matched: number;
  failed: number;
  bytes: number;
  elapsedMs: number;
  /** Why the search stopped early, if it did (budget, client gone). */
  stopped?: string;
}
