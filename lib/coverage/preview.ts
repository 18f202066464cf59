import { computeAgentCells, type NodeList, type PodsByNode } from './agent-cells';
import { agentContext } from './cell';
import { compileEligibility, eligibilityClassKey, nodeShouldRunDaemonPod, type Eligibility } from './eligibility';
import type { KDaemonSet } from './k8s';
import type { NodeFacts } from './node';
import { countedByController } from './pods';
import { resolveStrategy } from './strategy';
import type { TolerationOptions } from './taints';
import type { Cell, Reason } from './types';

/** What a change does to one node. */
export type NodeChange = 'gain' | 'lose' | 'replace' | 'unchanged';

export interface PreviewInput {
  /** The DaemonSet as it is, and as it would be after the change. */
  current: KDaemonSet;
  hypothetical: KDaemonSet;
  /** The pod template differs: every kept pod is on an old revision once the change is applied. */
  templateChanged: boolean;
  /** controller-revision-hash of the current revision. */
  currentHash: string;
  nodes: NodeList;
  pods: PodsByNode | undefined;
  /** The agent's cells now, aligned with nodes.names (the live engine's). */
  before: readonly Cell[];
  now: number;
  options?: TolerationOptions;
}

export interface RolloutPlan {
  type: 'RollingUpdate' | 'OnDelete';
  /** maxUnavailable / maxSurge resolved against the new desired count, as the controller rounds. */
  maxUnavailable: number;
  maxSurge: number;
  /** Pods replaced at a time: maxSurge when surging, else maxUnavailable. */
  batch: number;
  waves: number;
  /** Median creation → Ready of the current revision's pods (the last rollout), ms; undefined: no estimate. */
  podReadyMs?: number;
  /** waves × (a wave of the last rollout + minReadySeconds); undefined: no estimate. */
  estimateMs?: number;
  /** OnDelete: pods that keep the old template until someone deletes them. */
  pendingOnDelete: number;
  invalid?: string;
}

export interface AgentPreview {
  /** Nodes by what happens to them (unchanged ones only counted). */
  gain: string[];
  lose: { node: string; reasons: Reason[] }[];
  replace: string[];
  counts: Record<NodeChange, number>;
  /** What .status will say once the controller has settled (pods created, old ones deleted). */
  settled: { desired: number; current: number; misscheduled: number };
  rollout: RolloutPlan;
}

/** A hash no pod carries: with a new template, every existing pod is on an old revision. */
const NEW_REVISION = '\u0000preview';

const LOSE_ON_ROLL: Reason = { kind: 'pod', message: 'the rolling update deletes its old-template pod, and the node is not eligible for a new one' };

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * How long one wave took in the last rollout: the current revision's pods, from the first one's
 * creation to the last one's readiness, spread over the waves that rollout needed at `batch`
 * pods a time — at least a pod's own creation → Ready time. Undefined when no such pod is Ready.
 */
function lastRolloutWaveMs(pods: PodsByNode | undefined, hash: string, batch: number): { waveMs: number; podReadyMs: number } | undefined {
  if (!pods || hash === '') return undefined;
  const durations: number[] = [];
  let first = Infinity;
  let last = -Infinity;
  for (const list of pods.values()) {
    for (const p of list) {
      if (p.hash !== hash || !p.ready || p.readySinceMs === undefined || p.readySinceMs < p.createdMs) continue;
      durations.push(p.readySinceMs - p.createdMs);
      first = Math.min(first, p.createdMs);
      last = Math.max(last, p.readySinceMs);
    }
  }
  const podReadyMs = median(durations);
  if (podReadyMs === undefined) return undefined;
  return { podReadyMs, waveMs: Math.max(podReadyMs, (last - first) / Math.ceil(durations.length / batch)) };
}

/**
 * What a change to a DaemonSet would do on every node, computed by the same cell logic the grid
 * uses, on the hypothetical DaemonSet against the same nodes and pods (nothing given is changed):
 * - gain: the agent should not run there now, and should after;
 * - lose: a pod is there and the controller deletes it (shouldContinueRunning false), or a
 *   rolling update deletes its old-template pod on a node no longer eligible for a new one;
 * - replace: a pod stays, and the template changed, so a rolling update replaces it;
 * - unchanged: the rest.
 * A change only to the strategy, minReadySeconds or the change-cause annotation keeps the
 * template, hence the revision hash: nothing is replaced.
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/daemon_controller.go (podsShouldBeOnNode)
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/update.go (rollingUpdate: every node with an old pod)
 */
export function previewAgentChange(input: PreviewInput): AgentPreview {
  const { hypothetical, templateChanged, nodes, pods, before, now } = input;
  const rules = compileEligibility(hypothetical, input.options);
  // nodes alike (same taints, same values of the keys the rules read) get the same answer
  const memo = new Map<string, Eligibility>();
  const eligibilityOf = (n: NodeFacts) => {
    const key = eligibilityClassKey(rules, n, n.taintKey);
    let e = memo.get(key);
    if (e === undefined) memo.set(key, (e = nodeShouldRunDaemonPod(rules, n)));
    return e;
  };
  const ctx = agentContext(hypothetical, templateChanged ? NEW_REVISION : input.currentHash);
  if (templateChanged) ctx.templateGeneration = undefined; // the API server bumps it with the template
  const after = computeAgentCells(ctx, nodes, pods, eligibilityOf, now);
  const rolling = ctx.rollingUpdate;

  const gain: string[] = [];
  const lose: AgentPreview['lose'] = [];
  const replace: string[] = [];
  let unchanged = 0;
  let misscheduled = 0;
  let desired = 0;
  for (let i = 0; i < nodes.names.length; i++) {
    const name = nodes.names[i]!;
    const was = before[i];
    const cell = after.cells[i]!;
    const hasPod = (pods?.get(name) ?? []).some((p) => countedByController(p) && !p.deleting);
    if (cell.shouldRun) desired++;
    if (hasPod) {
      if (!cell.shouldContinueRunning) lose.push({ node: name, reasons: cell.reasons });
      else if (templateChanged && rolling && !cell.shouldRun) lose.push({ node: name, reasons: [...cell.reasons, LOSE_ON_ROLL] });
      else {
        if (!cell.shouldRun) misscheduled++;
        if (templateChanged && rolling) replace.push(name);
        else unchanged++;
      }
    } else if (cell.shouldRun && !(was?.shouldRun ?? false)) gain.push(name);
    else unchanged++;
  }

  const strategy = resolveStrategy(hypothetical, desired);
  const minReadyMs = (hypothetical.spec?.minReadySeconds ?? 0) * 1000;
  let rollout: RolloutPlan;
  if (strategy.type === 'OnDelete') {
    rollout = { type: 'OnDelete', maxUnavailable: 0, maxSurge: 0, batch: 0, waves: 0, pendingOnDelete: templateChanged ? after.totals.current + misscheduled : 0 };
  } else {
    const batch = Math.max(1, strategy.maxSurge > 0 ? strategy.maxSurge : strategy.maxUnavailable);
    const waves = Math.ceil(replace.length / batch);
    const observed = lastRolloutWaveMs(pods, input.currentHash, batch);
    rollout = { type: 'RollingUpdate', maxUnavailable: strategy.maxUnavailable, maxSurge: strategy.maxSurge, batch, waves, pendingOnDelete: 0 };
    if (observed) Object.assign(rollout, { podReadyMs: observed.podReadyMs, estimateMs: waves * (observed.waveMs + minReadyMs) });
    if (strategy.invalid) rollout.invalid = strategy.invalid;
  }
  return {
    gain,
    lose,
    replace,
    counts: { gain: gain.length, lose: lose.length, replace: replace.length, unchanged },
    settled: { desired, current: desired, misscheduled },
    rollout,
  };
}
