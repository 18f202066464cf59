import type { Cell, DaemonPod } from '@/lib/coverage/types';
import type { Plan, Progress } from './plan';
import type { Step } from './steps';

/** Kubelet waiting reasons that mean the new pod will not come up by itself. */
export const FAILING_REASONS = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'ErrImageNeverPull',
]);

export interface PodRef {
  node: string;
  pod: string;
  uid: string;
}

/** What the driver should do now, and why (the words the panel shows). */
export type Decision =
  | { type: 'delete'; pods: PodRef[]; why: string }
  | { type: 'wait'; why: string; /** When to look again even if nothing changes (gate timers). */ wakeAt?: number; soak?: { since: number; until: number } }
  | { type: 'advance'; to: number; why: string }
  | { type: 'complete'; why: string }
  | { type: 'pause'; reason: string; pod?: PodRef }
  | { type: 'abort'; reason: string; pod?: PodRef };

export interface DecideInput {
  plan: Plan;
  progress: Progress;
  steps: readonly Step[];
  /** The agent's cells (every node; only eligible ones matter). */
  cells: readonly Cell[];
  /** The DaemonSet's original RollingUpdate maxUnavailable, resolved against desired. */
  maxUnavailable: number;
  now: number;
  /** Pods this driver deleted that its cache may not show as terminating yet. */
  deleting?: ReadonlySet<string>;
}

/** The pod that counts on a node: the newest one not being deleted. */
export function livePod(cell: Cell, deleting?: ReadonlySet<string>): DaemonPod | undefined {
  let best: DaemonPod | undefined;
  for (const p of cell.pods) {
    if (p.deletionTimestamp || deleting?.has(p.uid)) continue;
    if (!best || p.createdAt > best.createdAt) best = p;
  }
  return best;
}

const ref = (p: DaemonPod): PodRef => ({ node: p.node, pod: p.name, uid: p.uid });
const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : Number.NaN);

/** The last time any container of the pod (re)started: a restart moves it, so a soak starts over. */
export function lastStart(p: DaemonPod): number {
  let last = ms(p.createdAt);
  for (const c of p.containers) {
    const t = ms(c.startedAt);
    if (Number.isFinite(t) && (!Number.isFinite(last) || t > last)) last = t;
  }
  return Number.isFinite(last) ? last : 0;
}

/**
 * A new pod that should stop the plan: more restarts than allowed (beyond what a person
 * acknowledged), a container stuck in a failing waiting reason, or never Ready in time.
 */
export function failureOf(p: DaemonPod, plan: Plan, acked: Record<string, number>, now: number): string | undefined {
  const seen = acked[p.uid];
  const restarts = p.restarts - (seen ?? 0);
  if (restarts > plan.maxRestarts) return `pod ${p.name} on node ${p.node} restarted ${p.restarts} times`;
  if (seen !== undefined) return undefined;
  if (p.waitingReason && FAILING_REASONS.has(p.waitingReason)) return `pod ${p.name} on node ${p.node}: ${p.waitingReason}`;
  const age = now - ms(p.createdAt);
  if (!p.ready && age > plan.readyTimeoutSeconds * 1000) return `pod ${p.name} on node ${p.node} not Ready after ${Math.round(age / 1000)} s`;
  return undefined;
}

/**
 * The next move of a running plan, from the cells alone (plus the clock), so any console
 * process reaches the same decision. Order: a failing new pod stops everything; then old pods
 * on the current step's (and earlier steps') nodes are deleted — those already unavailable at
 * once, the rest only while fewer than maxUnavailable nodes lack an available pod, as the
 * controller's rolling update does; then the gate: every target node runs a Ready, available
 * new pod and the step's pods ran without a restart for the soak time.
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/update.go (rollingUpdate)
 */
export function decide(input: DecideInput): Decision {
  const { plan, progress, steps, cells, now, deleting } = input;
  const eligible = cells.filter((c) => c.shouldRun);

  const failure = firstFailure(eligible, plan, progress, now, deleting);
  if (failure) return plan.autoAbort ? { type: 'abort', reason: failure.reason, pod: failure.pod } : { type: 'pause', reason: failure.reason, pod: failure.pod };

  const last = steps.length - 1;
  const upTo = progress.promoted ? last : Math.min(progress.step, last);
  const targets = new Set(steps.slice(0, upTo + 1).flatMap((s) => s.nodes));
  const targetCells = eligible.filter((c) => targets.has(c.node));

  const oldUnavailable: PodRef[] = [];
  const oldAvailable: PodRef[] = [];
  for (const c of targetCells) {
    const p = livePod(c, deleting);
    if (!p || p.revision === 'current') continue;
    (p.available ? oldAvailable : oldUnavailable).push(ref(p));
  }
  const unavailableNow = eligible.filter((c) => !livePod(c, deleting)?.available).length;
  const room = Math.max(0, input.maxUnavailable - unavailableNow);
  const deletions = [...oldUnavailable, ...oldAvailable.slice(0, room)];
  if (deletions.length > 0) {
    return { type: 'delete', pods: deletions, why: `replacing ${deletions.length} old pod${deletions.length === 1 ? '' : 's'} (${unavailableNow} of ${input.maxUnavailable} unavailable)` };
  }
  if (oldAvailable.length > 0) return { type: 'wait', why: `${oldAvailable.length} old pod${oldAvailable.length === 1 ? '' : 's'} waiting: ${unavailableNow} of ${input.maxUnavailable} unavailable` };

  for (const c of targetCells) {
    const p = livePod(c, deleting);
    if (!p) return { type: 'wait', why: `waiting for the new pod on node ${c.node}` };
    if (!p.ready || !p.available) return { type: 'wait', why: `waiting for pod ${p.name} on node ${c.node} to be Ready and available` };
  }

  const isLast = upTo >= last;
  if (progress.promoted) return { type: 'complete', why: 'promoted: every node runs the new template' };
  const stepNodes = new Set(steps[upTo]?.nodes ?? []);
  let since = progress.stepStartedAt;
  for (const c of targetCells) if (stepNodes.has(c.node)) since = Math.max(since, lastStart(livePod(c, deleting)!));
  const until = since + plan.soakSeconds * 1000;
  if (stepNodes.size > 0 && now < until) {
    return { type: 'wait', why: `${steps[upTo]!.name}: soaking`, wakeAt: until, soak: { since, until } };
  }
  if (isLast) return { type: 'complete', why: 'every wave passed its gate' };
  return { type: 'advance', to: upTo + 1, why: `${steps[upTo]!.name} passed its gate` };
}

function firstFailure(eligible: Cell[], plan: Plan, progress: Progress, now: number, deleting?: ReadonlySet<string>): { reason: string; pod: PodRef } | undefined {
  for (const c of eligible) {
    const p = livePod(c, deleting);
    if (!p || p.revision !== 'current') continue;
    const reason = failureOf(p, plan, progress.acked, now);
    if (reason) return { reason, pod: ref(p) };
  }
  return undefined;
}
