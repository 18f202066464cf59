import type { NodeChange } from './model';

/**
 * Facts an operator should know about a change that the per-agent preview cannot show.
 * DaemonSet pods tolerate node.kubernetes.io/unschedulable:NoSchedule (the controller adds that
 * toleration to every daemon pod), and NodeShouldRunDaemonPod never reads spec.unschedulable.
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/util/daemonset_util.go (AddOrUpdateDaemonPodTolerations)
 */
export function changeNotes(change: NodeChange): string[] {
  const notes: string[] = [];
  for (const op of change.ops) {
    if (op.op === 'setUnschedulable' && op.unschedulable) {
      notes.push('Cordon: DaemonSet pods tolerate node.kubernetes.io/unschedulable, so no agent moves; only other pods stop being scheduled here. Draining is not part of a cordon.');
    }
    if (op.op === 'setUnschedulable' && !op.unschedulable) notes.push('Uncordon: no agent moves (DaemonSets ignore the cordon); other pods may be scheduled here again.');
    if (op.op === 'addTaint' && op.effect === 'PreferNoSchedule') notes.push(`PreferNoSchedule (${op.key}): the DaemonSet controller ignores it, so no agent moves; the scheduler avoids the node for other pods.`);
    if (op.op === 'addTaint' && op.effect === 'NoExecute') notes.push(`NoExecute (${op.key}): besides the agents listed as evicted, the taint manager evicts every other pod here that does not tolerate it.`);
  }
  return notes;
}
