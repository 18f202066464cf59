import type { AgentCellsOnNodes } from './engine';
import type { Cell, Reason } from './types';

/**
 * What changing some nodes does to each agent, from the DaemonSet controller's two answers per
 * node, before and after (NodeShouldRunDaemonPod's shouldRun / shouldContinueRunning), and what
 * podsShouldBeOnNode then does with them:
 * - evicted: shouldContinueRunning turns false (an untolerated NoExecute taint, a selector or
 *   affinity label that no longer matches): the controller deletes its pod there;
 * - stops: shouldRun turns false but shouldContinueRunning stays true (an untolerated NoSchedule
 *   taint): no pod is created there any more, and the pod that runs stays (misscheduled);
 * - gains: shouldRun turns true (a label now matches, a taint is gone): the controller creates a pod;
 * - unchanged: neither answer moves.
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/daemon_controller.go (podsShouldBeOnNode, updateDaemonSetStatus)
 */
export type NodeEffect = 'evicted' | 'stops' | 'gains' | 'unchanged';
export const NODE_EFFECTS: readonly NodeEffect[] = ['evicted', 'stops', 'gains', 'unchanged'];

export function nodeEffect(before: Cell, after: Cell): NodeEffect {
  if (before.shouldContinueRunning && !after.shouldContinueRunning) return 'evicted';
  if (before.shouldRun && !after.shouldRun) return 'stops';
  if (!before.shouldRun && after.shouldRun) return 'gains';
  return 'unchanged';
}

export interface AgentNodePreview {
  namespace: string;
  name: string;
  counts: Record<NodeEffect, number>;
  /** Nodes per effect (unchanged ones only counted), in the order given. */
  nodes: { evicted: string[]; stops: string[]; gains: string[] };
  /** Daemon pods the controller will delete (those on evicted nodes). */
  podsDeleted: number;
  /** Why the agent loses nodes (evicted or stops): reason text → nodes. */
  reasons: Record<string, number>;
  /** status.desiredNumberScheduled and numberMisscheduled now and once the controller has acted. */
  desired: { before: number; after: number };
  misscheduled: { before: number; after: number };
}

export interface NodePreview {
  agents: AgentNodePreview[];
  /** Per effect, how many (agent, node) pairs. */
  totals: Record<NodeEffect, number>;
}

const zero = (): Record<NodeEffect, number> => ({ evicted: 0, stops: 0, gains: 0, unchanged: 0 });
/** The controller counts a node as misscheduled when it should not run there and a pod does. */
const misscheduledAfter = (c: Cell, podsBefore: number) => !c.shouldRun && c.shouldContinueRunning && podsBefore > 0;
const misscheduledNow = (c: Cell) => !c.shouldRun && c.pods.length > 0;

/** The rules that exclude an agent after the change, as the grid words them. */
function exclusionReasons(after: Cell): Reason[] {
  return after.reasons.filter((r) => r.kind !== 'pod' && r.kind !== 'node');
}

/** The per-agent preview of hypothetical nodes (see engine.cellsOnNodes). */
export function previewNodeChanges(cells: readonly AgentCellsOnNodes[]): NodePreview {
  const totals = zero();
  const agents = cells.map(({ agent, before, after }): AgentNodePreview => {
    const counts = zero();
    const nodes: AgentNodePreview['nodes'] = { evicted: [], stops: [], gains: [] };
    const reasons: Record<string, number> = {};
    let podsDeleted = 0;
    let desired = agent.counts.desired;
    let misscheduled = agent.counts.misscheduled;
    for (let i = 0; i < before.length; i++) {
      const b = before[i]!;
      const a = after[i]!;
      const effect = nodeEffect(b, a);
      counts[effect] += 1;
      if (effect !== 'unchanged') nodes[effect].push(b.node);
      if (effect === 'evicted') podsDeleted += b.pods.length;
      if (effect === 'evicted' || effect === 'stops') for (const r of exclusionReasons(a)) reasons[r.message] = (reasons[r.message] ?? 0) + 1;
      desired += Number(a.shouldRun) - Number(b.shouldRun);
      misscheduled += Number(misscheduledAfter(a, b.pods.length)) - Number(misscheduledNow(b));
    }
    for (const e of NODE_EFFECTS) totals[e] += counts[e];
    return {
      namespace: agent.namespace,
      name: agent.name,
      counts,
      nodes,
      podsDeleted,
      reasons,
      desired: { before: agent.counts.desired, after: desired },
      misscheduled: { before: agent.counts.misscheduled, after: misscheduled },
    };
  });
  return { agents, totals };
}
