/**
 * The engine's vocabulary: what it says about an (agent, node) pair. The engine depends on
 * nothing outside lib/coverage; lib/api/dto.ts names these for the wire (the shapes are already
 * compact, so the routes send them as they are instead of copying 100,000 cells).
 */

/** Every state a (agent, node) cell can be in, most urgent first. */
export const CELL_STATES = [
  'failing', // a pod exists but a container is stuck (CrashLoopBackOff, ImagePullBackOff, ...)
  'missing', // the agent should run here and there is no pod
  'node-unhealthy', // the node is NotReady / unreachable; the pod (if any) cannot be trusted
  'misscheduled', // a pod runs where the controller says it should not
  'starting', // Pending, ContainerCreating, not yet Ready or not yet available (minReadySeconds)
  'outdated', // ready, but on an old revision
  'ready', // ready and on the current revision
  'ineligible', // the agent should not run here (reasons say why)
] as const;
export type CellState = (typeof CELL_STATES)[number];

/** The counts the controller writes to DaemonSet.status, as the engine computes them. */
export interface Counts {
  desired: number;
  current: number;
  ready: number;
  available: number;
  updated: number;
  misscheduled: number;
  unavailable: number;
}

/** The update strategy with maxUnavailable / maxSurge resolved against desired. */
export type Strategy =
  | { type: 'RollingUpdate'; maxUnavailable: number; maxSurge: number; raw: { maxUnavailable: string; maxSurge: string } }
  | { type: 'OnDelete' };

export interface Reason {
  /** What kind of rule produced this reason. */
  kind: 'nodeName' | 'nodeSelector' | 'affinity' | 'taint' | 'node' | 'pod';
  /** Operator-facing sentence, e.g. "untolerated taint nvidia.com/gpu=present:NoSchedule". */
  message: string;
  /** For taint reasons: the taint as key=value:Effect. */
  taint?: string;
}

export interface LastTermination {
  reason: string;
  exitCode: number;
  finishedAt?: string;
}

/** A daemon pod as its cell reports it. */
export interface DaemonPod {
  name: string;
  uid: string;
  node: string;
  phase: string;
  ready: boolean;
  available: boolean;
  revision: 'current' | 'old';
  hash: string;
  createdAt: string;
  deletionTimestamp?: string;
  restarts: number;
  /** kubelet waiting reason of the first stuck container (CrashLoopBackOff, ImagePullBackOff, ...). */
  waitingReason?: string;
  waitingMessage?: string;
  lastTermination?: LastTermination;
  containers: {
    name: string;
    image: string;
    ready: boolean;
    restartCount: number;
    state: 'running' | 'waiting' | 'terminated' | 'unknown';
    reason?: string;
    message?: string;
    startedAt?: string;
    lastTermination?: LastTermination;
  }[];
}

/** One (agent, node) pair. */
export interface Cell {
  node: string;
  state: CellState;
  shouldRun: boolean;
  shouldContinueRunning: boolean;
  reasons: Reason[];
  /** Untolerated taint (key=value:Effect) when a taint is why the agent is excluded. */
  taintMismatch?: string;
  revision?: 'current' | 'old';
  blocking?: 'bad-node' | 'bad-pod';
  pods: DaemonPod[];
}

/** A revision in the history, with its template diffed against the current one. */
export interface RevisionSummary {
  name: string;
  revision: number;
  hash: string;
  createdAt: string;
  current: boolean;
  /** Unified diff of this revision's pod template against the current one ('' for the current). */
  diff: string;
  changeCause?: string;
}

/** Cells that keep a rolling update from progressing (rollingUpdate's bad nodes and pods). */
export interface RolloutBlocking {
  badNode: { node: string; reason: string }[];
  badPod: { node: string; pod: string; reason: string }[];
}
