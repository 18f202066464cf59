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

/**
 * Live deltas on /api/clusters/{ctx}/events (README "Live deltas"). A tab names the views it holds
 * (`?view=coverage@<version>`, `?view=daemonset:<ns>/<name>@<version>`); for each new version of a
 * view the server computes one delta, shared by every tab holding that view, and the tab applies it
 * to its react-query cache. A view is split into node rows (a node's facts and its cells, keyed by
 * node name), agent rows (coverage only) and the remaining top-level fields; a delta carries only the
 * rows and fields whose serialised form changed.
 */
export type LiveViewName = 'coverage' | `daemonset:${string}/${string}`;

/** One keyed list of a view (node rows, agent rows): the changed or added rows, and the new key order when keys came or went. */
export interface RowsDelta {
  /** The full new key order; present only when keys were added or removed. */
  order?: string[];
  /** Rows that changed or are new: [key, row]. */
  upsert?: [string, unknown][];
}

/** `event: delta` — what changed in one view between two versions. */
export interface ViewDelta {
  view: LiveViewName;
  from: number;
  to: number;
  /** Top-level fields whose value changed (e.g. agent, rollout, revisions, cache). */
  set?: Record<string, unknown>;
  /** Top-level fields that are gone (e.g. limits). */
  unset?: string[];
  rows?: Record<string, RowsDelta>;
}

/** `event: snapshot` — the whole view, for a tab the server cannot bring up to date by deltas. */
export interface ViewSnapshotEvent {
  view: LiveViewName;
  snapshot: CoverageResponse | DaemonSetDetailResponse;
}

/** `event: reset` — the view can no longer be read (e.g. the DaemonSet was deleted): refetch it to see why. */
export interface ViewResetEvent {
  view: LiveViewName;
  message: string;
}

/** `event: live` — first on a delta stream: the views the server will keep up to date. */
export interface LiveViewsEvent {
  views: LiveViewName[];
}
