import type { DaemonPod, LastTermination } from './types';
import { REVISION_HASH_LABEL, TEMPLATE_GENERATION_LABEL, timeMs, timeText, type KContainerState, type KContainerStatus, type KPod } from './k8s';

/** Kubelet waiting reasons that are normal progress, not a stuck container. */
const PROGRESS_WAITING_REASONS = new Set(['', 'ContainerCreating', 'PodInitializing']);

/** A pod, digested once when it arrives: everything the cell and status logic reads. */
export interface PodFacts {
  raw: KPod;
  name: string;
  uid: string;
  /** Node the pod is bound to or targeted at (affinity), undefined when neither. */
  node: string | undefined;
  /** spec.nodeName set (bound by the scheduler). */
  scheduled: boolean;
  createdMs: number;
  deleting: boolean;
  phase: string;
  /** Ready condition True. */
  ready: boolean;
  /** Ready condition lastTransitionTime (ms), for minReadySeconds. */
  readySinceMs: number | undefined;
  hash: string;
  templateGeneration: string | undefined;
  /** Set when a container is stuck or the pod Failed: the kubelet's reason and message. */
  failing?: { reason: string; message?: string };
  /** PodScheduled=False: the scheduler could not place the pod. */
  unschedulable?: string;
  /** DaemonPod minus the fields that depend on `now` and on the current revision. */
  base: Omit<DaemonPod, 'available' | 'revision'>;
  /** toDaemonPod's memo, indexed by available | updated << 1. */
  variants?: (DaemonPod | undefined)[];
  /** toDaemonPodList's memo, same index. */
  variantLists?: (DaemonPod[] | undefined)[];
}

/**
 * Node a daemon pod belongs to: spec.nodeName, else the single value of a
 * `matchFields metadata.name In [node]` term of its required node affinity.
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/util/daemonset_util.go (GetTargetNodeName)
 */
export function targetNodeName(pod: KPod): string | undefined {
  const nodeName = pod.spec?.nodeName;
  if (nodeName) return nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return undefined;
  for (const term of terms) {
    for (const exp of term.matchFields ?? []) {
      if (exp.key === 'metadata.name' && exp.operator === 'In') {
        return exp.values?.length === 1 ? exp.values[0] : undefined;
      }
    }
  }
  return undefined;
}

function lastTermination(s: KContainerStatus): LastTermination | undefined {
  const t = s.lastState?.terminated;
  if (!t) return undefined;
  const out: LastTermination = { reason: t.reason ?? '', exitCode: t.exitCode ?? 0 };
  const finishedAt = timeText(t.finishedAt);
  if (finishedAt) out.finishedAt = finishedAt;
  return out;
}

function stateName(state: KContainerState | undefined): 'running' | 'waiting' | 'terminated' | 'unknown' {
  if (state?.running) return 'running';
  if (state?.waiting) return 'waiting';
  if (state?.terminated) return 'terminated';
  return 'unknown';
}

function stuckWaiting(statuses: KContainerStatus[] | undefined): KContainerStatus | undefined {
  return statuses?.find((s) => s.state?.waiting && !PROGRESS_WAITING_REASONS.has(s.state.waiting.reason ?? ''));
}

/** Digest a pod. Pure; called once per pod event. */
export function podFacts(pod: KPod): PodFacts {
  const meta = pod.metadata ?? {};
  const status = pod.status ?? {};
  const phase = status.phase ?? '';
  const readyCond = status.conditions?.find((c) => c.type === 'Ready');
  const ready = readyCond?.status === 'True';
  const scheduledCond = status.conditions?.find((c) => c.type === 'PodScheduled');
  const statuses = status.containerStatuses ?? [];
  const initStatuses = status.initContainerStatuses ?? [];

  const stuck = stuckWaiting(initStatuses) ?? stuckWaiting(statuses);
  let failing: PodFacts['failing'];
  if (phase === 'Failed' || phase === 'Succeeded') failing = { reason: status.reason || phase, ...(status.message ? { message: status.message } : {}) };
  else if (stuck) failing = { reason: stuck.state!.waiting!.reason!, ...(stuck.state!.waiting!.message ? { message: stuck.state!.waiting!.message } : {}) };

  const specContainers = pod.spec?.containers ?? [];
  const byName = new Map(statuses.map((s) => [s.name ?? '', s]));
  const containers: DaemonPod['containers'] = specContainers.map((c) => {
    const s = byName.get(c.name ?? '');
    const state = s?.state;
    const reason = state?.waiting?.reason ?? state?.terminated?.reason;
    const message = state?.waiting?.message ?? state?.terminated?.message;
    const startedAt = timeText(state?.running?.startedAt ?? state?.terminated?.startedAt);
    const lt = s ? lastTermination(s) : undefined;
    return {
      name: c.name ?? '',
      image: c.image ?? s?.image ?? '',
      ready: s?.ready ?? false,
      restartCount: s?.restartCount ?? 0,
      state: stateName(state),
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
      ...(startedAt ? { startedAt } : {}),
      ...(lt ? { lastTermination: lt } : {}),
    };
  });
  let restarts = 0;
  for (const s of statuses) restarts += s.restartCount ?? 0;
  for (const s of initStatuses) restarts += s.restartCount ?? 0;
  const lt = [...initStatuses, ...statuses].map(lastTermination).find((x) => x !== undefined);
  const node = targetNodeName(pod);
  const deletionTimestamp = timeText(meta.deletionTimestamp);
  const waiting = stuck?.state?.waiting ?? [...initStatuses, ...statuses].find((s) => s.state?.waiting?.reason)?.state?.waiting;

  const base: PodFacts['base'] = {
    name: meta.name ?? '',
    uid: meta.uid ?? '',
    node: node ?? '',
    phase,
    ready,
    hash: meta.labels?.[REVISION_HASH_LABEL] ?? '',
    createdAt: timeText(meta.creationTimestamp),
    restarts,
    containers,
    ...(deletionTimestamp ? { deletionTimestamp } : {}),
    ...(waiting?.reason ? { waitingReason: waiting.reason } : {}),
    ...(waiting?.message ? { waitingMessage: waiting.message } : {}),
    ...(lt ? { lastTermination: lt } : {}),
  };
  const facts: PodFacts = {
    raw: pod,
    name: meta.name ?? '',
    uid: meta.uid ?? '',
    node,
    scheduled: !!pod.spec?.nodeName,
    createdMs: timeMs(meta.creationTimestamp) ?? 0,
    deleting: meta.deletionTimestamp !== undefined && meta.deletionTimestamp !== null,
    phase,
    ready,
    readySinceMs: timeMs(readyCond?.lastTransitionTime),
    hash: base.hash,
    templateGeneration: meta.labels?.[TEMPLATE_GENERATION_LABEL],
    base,
  };
  if (failing) facts.failing = failing;
  if (scheduledCond?.status === 'False') facts.unschedulable = scheduledCond.reason || scheduledCond.message || 'Unschedulable';
  return facts;
}

/**
 * Ready and ready for at least minReadySeconds at `now` (ms).
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/api/v1/pod/util.go (IsPodAvailable)
 */
export function isPodAvailable(p: PodFacts, minReadySeconds: number, now: number): boolean {
  if (!p.ready) return false;
  if (minReadySeconds <= 0) return true;
  return p.readySinceMs !== undefined && p.readySinceMs + minReadySeconds * 1000 <= now;
}

/** Moment the pod becomes available (ms), when that depends on `now`. */
export function availableAt(p: PodFacts, minReadySeconds: number): number | undefined {
  if (!p.ready || minReadySeconds <= 0 || p.readySinceMs === undefined) return undefined;
  return p.readySinceMs + minReadySeconds * 1000;
}

/**
 * Bound pods first, then oldest first, then by name.
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/daemon_controller.go (podByCreationTimestampAndPhase)
 */
export function comparePodsOldestFirst(a: PodFacts, b: PodFacts): number {
  if (a.scheduled !== b.scheduled) return a.scheduled ? -1 : 1;
  if (a.createdMs !== b.createdMs) return a.createdMs - b.createdMs;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Pods the controller counts: terminal pods that are already being deleted are dropped.
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/daemon_controller.go (getNodesToDaemonPods)
 */
export function countedByController(p: PodFacts): boolean {
  return !(p.deleting && (p.phase === 'Failed' || p.phase === 'Succeeded'));
}

/**
 * Updated: the pod's controller-revision-hash equals the current hash, or its legacy
 * pod-template-generation equals the DaemonSet's template generation annotation.
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/util/daemonset_util.go (IsPodUpdated)
 */
export function isPodUpdated(p: PodFacts, hash: string, templateGeneration: string | undefined): boolean {
  const hashMatches = hash.length > 0 && p.hash === hash;
  const generationMatches = templateGeneration !== undefined && p.templateGeneration === templateGeneration;
  return hashMatches || generationMatches;
}

/**
 * The pod as its cell reports it, for a given availability and revision. Memoised on the (immutable) facts:
 * at most four variants per pod, so recomputing a cell allocates no pod objects.
 */
export function toDaemonPod(p: PodFacts, available: boolean, updated: boolean): DaemonPod {
  const i = (available ? 1 : 0) | (updated ? 2 : 0);
  const cache = (p.variants ??= [undefined, undefined, undefined, undefined]);
  const hit = cache[i];
  if (hit) return hit;
  const b = p.base;
  const view: DaemonPod = {
    name: b.name,
    uid: b.uid,
    node: b.node,
    phase: b.phase,
    ready: b.ready,
    available,
    revision: updated ? 'current' : 'old',
    hash: b.hash,
    createdAt: b.createdAt,
    deletionTimestamp: b.deletionTimestamp,
    restarts: b.restarts,
    waitingReason: b.waitingReason,
    waitingMessage: b.waitingMessage,
    lastTermination: b.lastTermination,
    containers: b.containers,
  };
  cache[i] = view;
  return view;
}

/** `[toDaemonPod(...)]`, memoised: the pods list of a cell with one pod. Treat as read-only. */
export function toDaemonPodList(p: PodFacts, available: boolean, updated: boolean): DaemonPod[] {
  const i = (available ? 1 : 0) | (updated ? 2 : 0);
  const cache = (p.variantLists ??= [undefined, undefined, undefined, undefined]);
  return (cache[i] ??= [toDaemonPod(p, available, updated)]);
}
