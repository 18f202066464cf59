/**
 * Pure choice of the pods "recreate" deletes: the DaemonSet's pods bound (or pinned) to a node.
 */

export interface PodLike {
  metadata?: {
    name?: string;
    uid?: string;
    deletionTimestamp?: Date | string;
    ownerReferences?: { uid?: string; controller?: boolean }[];
  };
  spec?: {
    nodeName?: string;
    affinity?: {
      nodeAffinity?: {
        requiredDuringSchedulingIgnoredDuringExecution?: {
          nodeSelectorTerms?: { matchFields?: { key?: string; operator?: string; values?: string[] }[] }[];
        };
      };
    };
  };
}

/**
 * The node a daemon pod belongs to: spec.nodeName once bound, else the node named in the
 * `matchFields metadata.name In [node]` affinity term the DaemonSet controller adds.
 * @see GetTargetNodeName in pkg/controller/daemon/util/daemonset_util.go
 */
export function targetNodeOf(pod: PodLike): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const field of term.matchFields ?? []) {
      if (field.key === 'metadata.name' && field.operator === 'In' && field.values?.length === 1) return field.values[0];
    }
  }
  return undefined;
}

export function isControlledByUid(pod: PodLike, ownerUid: string): boolean {
  return (pod.metadata?.ownerReferences ?? []).some((ref) => ref.controller === true && ref.uid === ownerUid);
}

export interface RecreateTargets<P extends PodLike> {
  /** Pods to delete (not yet terminating). */
  live: P[];
  /** Pods already being deleted (a previous click, or the controller). */
  terminating: P[];
}

/** Splits the DaemonSet's pods on `node` into live and already-terminating ones. */
export function recreateTargets<P extends PodLike>(pods: readonly P[], daemonSetUid: string, node: string): RecreateTargets<P> {
  const mine = pods.filter((p) => isControlledByUid(p, daemonSetUid) && targetNodeOf(p) === node);
  return {
    live: mine.filter((p) => !p.metadata?.deletionTimestamp),
    terminating: mine.filter((p) => Boolean(p.metadata?.deletionTimestamp)),
  };
}
