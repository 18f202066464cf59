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
  /** A staged rollout on this agent (lib/staged), when its annotations carry one. */
  staged?: StagedSummaryDTO;
}

/** Why a cell that should run a pod has none running (lib/coverage/causes.ts), in Kubernetes' own words. */
export interface CauseDTO {
  source: 'controller' | 'scheduler' | 'kubelet' | 'api-server';
  /** e.g. 'quota', 'pod-security', 'cannot-fit:memory', 'host-port', 'node-refused:OutOfcpu'. */
  category: string;
  /** Short words for the category, e.g. "creation refused: quota" (the overview's filter). */
  label: string;
  message: string;
  count: number;
  /** ISO time it last happened ('' when unknown). */
  lastSeen: string;
  /** The object and Event/condition the words come from, e.g. "DaemonSet/falco FailedCreate". */
  object: string;
  /** The controller is retrying with a growing delay. */
  backoff?: boolean;
  /** What to change (lib/coverage/cause-hint.ts); per cell only, it names the node. */
  hint?: string;
}

/** One of an agent's distinct causes and how many of its cells it explains. */
export interface AgentCauseDTO extends Omit<CauseDTO, 'hint'> {
  cells: number;
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
  agents: (AgentSummary & { grid: string; causes?: AgentCauseDTO[] })[];
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
  cause?: CauseDTO;
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
  /** The same change as actions: tolerations to add to the agent, node labels to set (null removes). */
  fix?: FixDTO;
  revision?: 'current' | 'old';
  pods: PodDTO[];
  cause?: CauseDTO;
}

export interface TolerationDTO {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number | null;
}

export interface FixDTO {
  tolerations: TolerationDTO[];
  labels: Record<string, string | null>;
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
  change: Permission; // patch daemonsets (change an agent)
  changeNode: Permission; // get + patch nodes (cluster-wide)
  logs: Permission; // get pods/log (a read: allowed in read-only mode too)
}

export interface ActionResponse {
  ok: true;
  /** What changed, in words (kubectl-style, e.g. "daemonset.apps/node-exporter restarted"). */
  message: string;
  changed: boolean;
}

/** A node change in kubectl's argument syntax (`kubectl taint` / `label` / `cordon`). */
export interface NodeChangeSpecDTO {
  taints?: string[];
  labels?: string[];
  unschedulable?: boolean;
}

/** evicted: the controller deletes its pod; stops: no new pod, the running one stays; gains: a pod is created. */
export type NodeEffectDTO = 'evicted' | 'stops' | 'gains' | 'unchanged';

export interface NodeEffectCounts {
  evicted: number;
  stops: number;
  gains: number;
  unchanged: number;
}

/** One node as the change would leave it. */
export interface PreviewedNodeDTO {
  name: string;
  /** The version previewed: send it back with the change (409 when the node moved on). */
  resourceVersion: string;
  changed: boolean;
  /** Each part of the change on this node, e.g. "dedicated=gpu:NoExecute", with what it replaces or why it does nothing. */
  ops: { change: string; changed: boolean; note?: string }[];
}

export interface AgentNodePreviewDTO {
  namespace: string;
  name: string;
  counts: NodeEffectCounts;
  nodes: { evicted: string[]; stops: string[]; gains: string[] };
  podsDeleted: number;
  /** Why the agent loses nodes: reason text → number of nodes. */
  reasons: Record<string, number>;
  desired: { before: number; after: number };
  misscheduled: { before: number; after: number };
}

export interface NodeChangePreviewResponse {
  context: string;
  version: number;
  change: NodeChangeSpecDTO;
  nodes: PreviewedNodeDTO[];
  agents: AgentNodePreviewDTO[];
  totals: NodeEffectCounts;
  /** Facts worth saying about this change (e.g. why a cordon moves no agent). */
  notes: string[];
  limits?: string[];
}

export interface NodeChangeResultDTO {
  node: string;
  result: 'changed' | 'unchanged' | 'failed';
  /** HTTP status this node's change would have answered alone (409 when it changed since the preview). */
  status: number;
  message: string;
  resourceVersion?: string;
}

/** Results per node; `changed` when any node changed. Failed nodes are not retried. */
export interface NodeChangeResponse extends ActionResponse {
  results: NodeChangeResultDTO[];
  counts: { changed: number; unchanged: number; failed: number };
}

export interface ErrorResponse {
  error: { code: string; message: string; causes?: FieldCause[] };
}

/** One field the API server (a dry run, or the change itself) refused, in its words. */
export interface FieldCause {
  field: string;
  message: string;
}

/** What a change of an agent would do: POST …/daemonsets/{ns}/{name}/preview. */
export interface AgentPreviewResponse {
  context: string;
  namespace: string;
  name: string;
  /** The DaemonSet's resourceVersion the preview was computed on: send it back to apply. */
  resourceVersion: string;
  /** False when the change leaves the DaemonSet as it is. */
  changes: boolean;
  /** The pod template changes: a new revision, pods replaced (RollingUpdate). */
  templateChanged: boolean;
  /** Nodes that gain the agent, lose it (the controller deletes the pod, with the reasons), get a new pod. */
  gain: string[];
  lose: { node: string; reasons: ReasonDTO[] }[];
  replace: string[];
  counts: { gain: number; lose: number; replace: number; unchanged: number };
  /** .status once the controller has settled. */
  settled: { desired: number; current: number; misscheduled: number };
  /** The engine's plan (lib/coverage/preview.ts RolloutPlan): batch, waves, estimate. */
  rollout: import('@/lib/coverage/preview').RolloutPlan;
  /** The plan in words, e.g. "29 pods replaced, 1 at a time (29 waves), about 2 min". */
  summary: string;
  /** The API server's own verdict on the same patch, sent with dryRun=All as the person. */
  dryRun: { ok: true; generation?: number };
  /** Unified diff of the pod template, current → after the change (server defaults applied). */
  diff: string;
  /** The DaemonSet's settings now, as the change form shows them. */
  current: AgentSettingsDTO;
  /** The pod template after the change, as the dry run defaulted it (only when the template changes): what a staged rollout of this change rolls out. */
  template?: Record<string, unknown>;
}

export interface NodeSelectorTermDTO {
  matchExpressions?: { key?: string; operator?: string; values?: string[] }[];
  matchFields?: { key?: string; operator?: string; values?: string[] }[];
}

export interface AgentSettingsDTO {
  containers: { name: string; image: string; init: boolean }[];
  strategy: { type: 'RollingUpdate'; maxUnavailable: number | string; maxSurge: number | string } | { type: 'OnDelete' };
  minReadySeconds: number;
  tolerations: TolerationDTO[];
  nodeSelector: Record<string, string>;
  requiredNodeAffinity: NodeSelectorTermDTO[] | null;
  templateYaml: string;
  changeCause?: string;
}

/** SSE payload of the `version` event on /api/clusters/{ctx}/events. */
export interface VersionEvent {
  version: number;
  cache: CacheStatus;
}

/** Header every mutating request must carry (with a same-origin Origin); see lib/kube/csrf. */
export const CSRF_HEADER = 'x-everynode-csrf';

/** Staged rollouts (lib/staged): the engine's own view types travel as they are. */
export type StagedPlanDTO = import('@/lib/staged/plan').Plan;
export type StagedPhase = import('@/lib/staged/plan').Phase;
export type StagedSummaryDTO = import('@/lib/staged/view').StagedSummary;
export type StagedStepDTO = import('@/lib/staged/view').StagedStep;
export type StagedViewDTO = import('@/lib/staged/view').StagedView;
export interface StagedResponse {
  context: string;
  version: number;
  staged: StagedViewDTO | null;
  /** Who drives the plan now (coordination.k8s.io Lease everynode-rollout-<name>). */
  lease: { holder: string; renewTime?: string } | null;
  /** The current spec.template, to build a new one from (only for those who may list controllerrevisions, like revision diffs). */
  template?: Record<string, unknown>;
  limits?: string[];
}

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
