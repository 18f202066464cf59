import type { KDaemonSet } from './k8s';
import { rolloutStatusText } from './rollout-status';
import { resolveStrategy, type ResolvedStrategy } from './strategy';
import type { AgentTotals } from './totals';
import type { Counts, RolloutBlocking, Strategy } from './types';

export interface AgentRollout {
  /** What `kubectl rollout status` decides, from .status. */
  done: boolean;
  /** updated / desired, 0..100, from the engine's counts. */
  percent: number;
  /** Progress stopped: blocked by bad pods or nodes with the budget in use spent. */
  stuck: boolean;
  /** Same text as `kubectl rollout status`. */
  statusText: string;
  currentRevision: number;
  strategy: Strategy;
  desired: number;
  updated: number;
  available: number;
  /** Unavailable pods now (rollingUpdate's numUnavailable), against maxUnavailable. */
  budget: { maxUnavailable: number; maxSurge: number; unavailable: number };
  blocking: RolloutBlocking;
  /** Nodes counted against maxSurge right now (surge branch of rollingUpdate). */
  surgeInUse: number;
  /** The engine's own view: every desired node updated and available. */
  engineDone: boolean;
  /** Set when maxUnavailable/maxSurge cannot be parsed (the controller cannot roll). */
  invalidStrategy?: string;
}

function strategyOf(s: ResolvedStrategy): Strategy {
  if (s.type === 'OnDelete') return { type: 'OnDelete' };
  return { type: 'RollingUpdate', maxUnavailable: s.maxUnavailable, maxSurge: s.maxSurge, raw: s.raw };
}

/** The cells that block the rollout, by node name: rollingUpdate's bad nodes and bad pods. */
function blockingOf(totals: AgentTotals): RolloutBlocking {
  const badNode: RolloutBlocking['badNode'] = [];
  const badPod: RolloutBlocking['badPod'] = [];
  const blocking = [...totals.blocking.values()].sort((a, b) => (a.node < b.node ? -1 : 1));
  for (const c of blocking) {
    const reason = c.reasons[0]?.message ?? c.state;
    if (c.blocking === 'bad-node') badNode.push({ node: c.node, reason });
    else badPod.push({ node: c.node, pod: c.pods.find((p) => !p.deletionTimestamp)?.name ?? '', reason });
  }
  return { badNode, badPod };
}

/**
 * Rollout progress of a DaemonSet from its totals. `stuck`: a rolling update not done in the
 * engine's view, with an invalid strategy, or with some cell blocking it while the budget in use
 * (maxUnavailable, or maxSurge when surging) is spent, so rollingUpdate can replace nothing more.
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/update.go (rollingUpdate)
 */
export function agentRollout(ds: KDaemonSet, totals: AgentTotals, counts: Counts, currentRevision: number): AgentRollout {
  const strategy = resolveStrategy(ds, totals.desired);
  const kubectl = rolloutStatusText(ds);
  const engineDone = counts.updated >= counts.desired && counts.available >= counts.desired;
  const blocking = engineDone ? { badNode: [], badPod: [] } : blockingOf(totals);
  const rolling = strategy.type === 'RollingUpdate';
  const maxUnavailable = rolling ? strategy.maxUnavailable : 0;
  const maxSurge = rolling ? strategy.maxSurge : 0;
  const budgetSpent = maxSurge === 0 ? totals.budgetUnavailable >= maxUnavailable : totals.surgeInUse >= maxSurge;
  const blocked = blocking.badNode.length + blocking.badPod.length > 0;
  const rollout: AgentRollout = {
    done: kubectl.done,
    percent: counts.desired === 0 ? 100 : Math.floor((counts.updated / counts.desired) * 100),
    stuck: rolling && !engineDone && (strategy.invalid !== undefined || (blocked && budgetSpent)),
    statusText: kubectl.text,
    currentRevision,
    strategy: strategyOf(strategy),
    desired: counts.desired,
    updated: counts.updated,
    available: counts.available,
    budget: { maxUnavailable, maxSurge, unavailable: totals.budgetUnavailable },
    blocking,
    surgeInUse: totals.surgeInUse,
    engineDone,
  };
  if (rolling && strategy.invalid) rollout.invalidStrategy = strategy.invalid;
  return rollout;
}
