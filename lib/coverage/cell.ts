import type { Eligibility } from './eligibility';
import { TEMPLATE_GENERATION_ANNOTATION, type KDaemonSet } from './k8s';
import { parseInt64 } from './node-affinity';
import type { NodeFacts } from './node';
import { TAINT_NOT_READY, TAINT_UNREACHABLE } from './taints';
import type { Cell, CellState, DaemonPod, Reason } from './types';
import * as podRules from './pods';
import type { PodFacts } from './pods';

// The pod functions as module constants: computeCellInto calls them several times per cell, and
// the CommonJS output of tsx/esbuild turns each call of an imported binding into a getter call.
const { availableAt, comparePodsOldestFirst, countedByController, isPodAvailable, isPodUpdated, toDaemonPod, toDaemonPodList } = podRules;

/** What the cell logic needs to know about the agent (one per DaemonSet version + revision). */
export interface AgentContext {
  minReadySeconds: number;
  /** controller-revision-hash of the current revision ('' when unknown). */
  hash: string;
  /** The DaemonSet's deprecated template-generation annotation, normalised. */
  templateGeneration: string | undefined;
  rollingUpdate: boolean;
}

/** The cell logic's view of a DaemonSet whose current revision has the hash `hash`. */
export function agentContext(ds: KDaemonSet, hash: string): AgentContext {
  const rawGeneration = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  const parsed = rawGeneration === undefined ? undefined : parseInt64(rawGeneration);
  return {
    minReadySeconds: ds.spec?.minReadySeconds ?? 0,
    hash,
    templateGeneration: parsed === undefined ? undefined : parsed.toString(),
    rollingUpdate: (ds.spec?.updateStrategy?.type || 'RollingUpdate') === 'RollingUpdate',
  };
}

/** Bits of a cell's contribution to the agent's counts and rollout budget. */
export const CONTRIB = {
  desired: 1,
  current: 2,
  ready: 4,
  available: 8,
  updated: 16,
  misscheduled: 32,
  /** Counted against maxUnavailable by rollingUpdate (no-surge branch). */
  budgetUnavailable: 64,
  /** Counted against maxSurge by rollingUpdate (surge branch). */
  surgeInUse: 128,
} as const;

/** Side outputs of computeCellInto, in a caller-owned object so the hot path allocates only the Cell. */
export interface CellOutput {
  /** CONTRIB bits. */
  bits: number;
  /**
   * The result holds for validFrom <= now < validUntil: the minReadySeconds marks of the pods
   * here (the moments they turn available) around the `now` it was computed for.
   */
  validFrom: number;
  validUntil: number;
}

/** A computed cell with its contribution spelled out (for tests and readers). */
export interface CellResult {
  cell: Cell;
  desired: boolean;
  current: boolean;
  ready: boolean;
  available: boolean;
  updated: boolean;
  misscheduled: boolean;
  budgetUnavailable: boolean;
  surgeInUse: boolean;
  validFrom: number;
  validUntil: number;
}

const NO_PODS: readonly PodFacts[] = Object.freeze([]) as readonly PodFacts[];
const NO_DAEMON_PODS: DaemonPod[] = Object.freeze([]) as unknown as DaemonPod[];
const NO_REASONS: Reason[] = Object.freeze([]) as unknown as Reason[];
const MISSING_REASONS: Reason[] = Object.freeze([Object.freeze({ kind: 'pod' as const, message: 'no daemon pod on this node' })]) as unknown as Reason[];

function failingMessage(p: PodFacts): string {
  const f = p.failing!;
  let text = `pod ${p.name}: ${f.reason}`;
  if (p.base.restarts > 0) text += `; restarts ${p.base.restarts}`;
  const lt = p.base.lastTermination;
  if (lt) text += `; last termination ${lt.reason || 'exit'} (exit code ${lt.exitCode})`;
  if (f.message) text += `; ${f.message}`;
  return text;
}

function startingMessage(p: PodFacts, ctx: AgentContext): string {
  if (p.unschedulable) return `pod ${p.name} not scheduled: ${p.unschedulable}`;
  if (p.ready) return `pod ${p.name} ready, not yet available (minReadySeconds ${ctx.minReadySeconds})`;
  const waiting = p.base.waitingReason;
  return `pod ${p.name} ${p.phase || 'Pending'}${waiting ? ` (${waiting})` : ''}, not ready`;
}

/** The node-lifecycle taints that say "this node is down", not "keep out". */
const HEALTH_TAINT_KEYS = [TAINT_NOT_READY, TAINT_UNREACHABLE];

/** Excluded only by not-ready/unreachable taints: the agent would run if the node were healthy. */
function onlyHealthTaints(elig: Eligibility): boolean {
  if (elig.reasons.length === 0) return false;
  for (const r of elig.reasons) {
    if (r.kind !== 'taint' || !HEALTH_TAINT_KEYS.some((k) => r.taint!.startsWith(`${k}:`) || r.taint!.startsWith(`${k}=`))) return false;
  }
  return true;
}

function countedPods(all: readonly PodFacts[]): readonly PodFacts[] {
  if (all.length === 0) return NO_PODS;
  if (all.length === 1) return countedByController(all[0]!) ? all : NO_PODS;
  return all.filter(countedByController).sort(comparePodsOldestFirst);
}

function livePods(counted: readonly PodFacts[]): readonly PodFacts[] {
  if (counted.length === 1) return counted[0]!.deleting ? NO_PODS : counted;
  if (counted.length === 0) return NO_PODS;
  return counted.filter((p) => !p.deleting);
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameReasons(a: readonly Reason[], b: readonly Reason[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.message !== b[i]!.message || a[i]!.kind !== b[i]!.kind || a[i]!.taint !== b[i]!.taint) return false;
  return true;
}

function firstFailing(live: readonly PodFacts[]): PodFacts | undefined {
  for (const p of live) if (p.failing) return p;
  return undefined;
}

function anyUnschedulable(live: readonly PodFacts[]): boolean {
  for (const p of live) if (p.unschedulable) return true;
  return false;
}

/**
 * State of one (agent, node) pair and its share of the status counts. The counts mirror
 * updateDaemonSetStatus (oldest pod decides ready/available/updated); the state follows the
 * precedence table in lib/coverage/README.md.
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/daemon_controller.go (updateDaemonSetStatus, podsShouldBeOnNode)
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/update.go (rollingUpdate, findUpdatedPodsOnNode)
 */
export function computeCellInto(ctx: AgentContext, node: NodeFacts, elig: Eligibility, podsHere: readonly PodFacts[] | undefined, now: number, out: CellOutput, previous?: Cell): Cell {
  const all = podsHere ?? NO_PODS;
  const counted = countedPods(all);
  const { minReadySeconds, hash, templateGeneration } = ctx;

  // --- status contribution (updateDaemonSetStatus) ---
  const primary = counted[0];
  // The oldest counted pod decides the counts and is almost always the pod every later question is
  // about (most cells hold exactly one pod): ask once whether it is available and updated.
  const primaryAvailable = primary !== undefined && isPodAvailable(primary, minReadySeconds, now);
  const primaryUpdated = primary !== undefined && isPodUpdated(primary, hash, templateGeneration);
  const desired = elig.shouldRun;
  const current = desired && primary !== undefined;
  const ready = current && primary!.ready;
  const available = ready && primaryAvailable;
  const updated = current && primaryUpdated;
  const misscheduled = !desired && primary !== undefined;

  // --- rolling update budget (findUpdatedPodsOnNode over non-deleted pods) ---
  const live = livePods(counted);
  let budgetUnavailable = false;
  let surgeInUse = false;
  if (ctx.rollingUpdate && (desired || counted.length > 0)) {
    let newPod: PodFacts | undefined;
    let oldPod: PodFacts | undefined;
    let ok = true;
    for (const p of live) {
      if (p === primary ? primaryUpdated : isPodUpdated(p, hash, templateGeneration)) {
        if (newPod) ok = false;
        newPod = p;
      } else {
        if (oldPod) ok = false;
        oldPod = p;
      }
    }
    if (!ok) {
      budgetUnavailable = true;
      surgeInUse = true;
    } else if (newPod === undefined && oldPod === undefined) {
      budgetUnavailable = true;
    } else if (newPod !== undefined && oldPod !== undefined) {
      budgetUnavailable = true;
      surgeInUse = !(newPod === primary ? primaryAvailable : isPodAvailable(newPod, minReadySeconds, now));
    } else {
      const only = (newPod ?? oldPod)!;
      budgetUnavailable = !(only === primary ? primaryAvailable : isPodAvailable(only, minReadySeconds, now));
    }
  }

  // --- state ---
  let state: CellState;
  let reasons: Reason[];
  let rep: PodFacts | undefined;
  if (node.unhealthy.length > 0 && (elig.shouldRun || counted.length > 0 || onlyHealthTaints(elig))) {
    state = 'node-unhealthy';
    reasons = elig.reasons.length === 0 ? node.unhealthyReasons : [...node.unhealthyReasons, ...elig.reasons];
    rep = live[0] ?? counted[0];
  } else if (!elig.shouldRun) {
    state = counted.length > 0 ? 'misscheduled' : 'ineligible';
    reasons = elig.reasons;
    rep = live[0] ?? counted[0];
  } else if (counted.length === 0) {
    state = 'missing';
    reasons = MISSING_REASONS;
  } else {
    const failing = firstFailing(live);
    if (failing) {
      state = 'failing';
      rep = failing;
      reasons = [{ kind: 'pod', message: failingMessage(failing) }];
    } else if (live.length === 0) {
      state = 'starting';
      rep = counted[0];
      reasons = [{ kind: 'pod', message: `pod ${counted[0]!.name} terminating; a replacement follows` }];
    } else {
      rep = live[0]!;
      if (!(rep === primary ? primaryAvailable : isPodAvailable(rep, minReadySeconds, now))) {
        state = 'starting';
        reasons = [{ kind: 'pod', message: startingMessage(rep, ctx) }];
      } else if (!(rep === primary ? primaryUpdated : isPodUpdated(rep, hash, templateGeneration))) {
        state = 'outdated';
        reasons = [{ kind: 'pod', message: `pod ${rep.name} runs revision ${rep.hash || '(none)'}, current is ${hash || '(unknown)'}` }];
      } else {
        state = 'ready';
        reasons = NO_REASONS;
      }
    }
    if (node.pressure.length > 0 && state !== 'ready') reasons = [...reasons, ...node.pressureReasons];
  }

  let pods: DaemonPod[];
  if (all.length === 0) pods = NO_DAEMON_PODS;
  else if (all.length === 1) {
    const p = all[0]!;
    pods = p === primary ? toDaemonPodList(p, primaryAvailable, primaryUpdated) : toDaemonPodList(p, isPodAvailable(p, minReadySeconds, now), isPodUpdated(p, hash, templateGeneration));
  } else {
    // Oldest first, as the reasons name them: the index's order is the order events arrived in,
    // which a restarted console (a fresh LIST) would not reproduce.
    const ordered = [...all].sort(comparePodsOldestFirst);
    pods = new Array<DaemonPod>(ordered.length);
    for (let i = 0; i < ordered.length; i++) {
      const p = ordered[i]!;
      pods[i] = p === primary ? toDaemonPod(p, primaryAvailable, primaryUpdated) : toDaemonPod(p, isPodAvailable(p, minReadySeconds, now), isPodUpdated(p, hash, templateGeneration));
    }
  }
  let blocking: Cell['blocking'];
  if (ctx.rollingUpdate && (desired || counted.length > 0)) {
    if (state === 'node-unhealthy' || (desired && budgetUnavailable && node.pressure.length > 0)) blocking = 'bad-node';
    else if (state === 'failing' || (state === 'starting' && anyUnschedulable(live))) blocking = 'bad-pod';
  }
  const revision = rep === undefined ? undefined : (rep === primary ? primaryUpdated : isPodUpdated(rep, hash, templateGeneration)) ? 'current' : 'old';
  // Structural sharing: an unchanged cell keeps its object, so recomputing allocates (and retains) little.
  const cell: Cell =
    previous !== undefined &&
    previous.state === state &&
    previous.node === node.name &&
    previous.shouldRun === elig.shouldRun &&
    previous.shouldContinueRunning === elig.shouldContinueRunning &&
    previous.taintMismatch === elig.taintMismatch &&
    previous.revision === revision &&
    previous.blocking === blocking &&
    sameList(previous.pods, pods) &&
    sameReasons(previous.reasons, reasons)
      ? previous
      : {
          node: node.name,
          state,
          shouldRun: elig.shouldRun,
          shouldContinueRunning: elig.shouldContinueRunning,
          reasons,
          taintMismatch: elig.taintMismatch,
          revision,
          blocking,
          pods,
        };

  // every pod listed in the cell, counted or not: each DaemonPod carries `available`
  let validFrom = -Infinity;
  let validUntil = Infinity;
  if (minReadySeconds > 0) {
    for (const p of all) {
      const at = availableAt(p, minReadySeconds);
      if (at === undefined) continue;
      if (at <= now) validFrom = Math.max(validFrom, at);
      else validUntil = Math.min(validUntil, at);
    }
  }
  out.bits =
    (desired ? CONTRIB.desired : 0) |
    (current ? CONTRIB.current : 0) |
    (ready ? CONTRIB.ready : 0) |
    (available ? CONTRIB.available : 0) |
    (updated ? CONTRIB.updated : 0) |
    (misscheduled ? CONTRIB.misscheduled : 0) |
    (budgetUnavailable ? CONTRIB.budgetUnavailable : 0) |
    (surgeInUse ? CONTRIB.surgeInUse : 0);
  out.validFrom = validFrom;
  out.validUntil = validUntil;
  return cell;
}

/** computeCellInto with the contribution as named booleans. */
export function computeCell(ctx: AgentContext, node: NodeFacts, elig: Eligibility, podsHere: readonly PodFacts[] | undefined, now: number): CellResult {
  const out: CellOutput = { bits: 0, validFrom: -Infinity, validUntil: Infinity };
  const cell = computeCellInto(ctx, node, elig, podsHere, now, out);
  const has = (bit: number) => (out.bits & bit) !== 0;
  return {
    cell,
    desired: has(CONTRIB.desired),
    current: has(CONTRIB.current),
    ready: has(CONTRIB.ready),
    available: has(CONTRIB.available),
    updated: has(CONTRIB.updated),
    misscheduled: has(CONTRIB.misscheduled),
    budgetUnavailable: has(CONTRIB.budgetUnavailable),
    surgeInUse: has(CONTRIB.surgeInUse),
    validFrom: out.validFrom,
    validUntil: out.validUntil,
  };
}

