import type { KDaemonSet } from './k8s';

export interface RolloutStatusText {
  text: string;
  done: boolean;
  /** Set when kubectl would exit with an error (OnDelete). */
  error?: boolean;
}

/**
 * The text `kubectl rollout status daemonset/NAME` prints for the DaemonSet as it stands (from
 * its .status, as kubectl reads it), and whether kubectl would consider the rollout done.
 * @see https://github.com/kubernetes/kubectl/blob/v0.36.3/pkg/polymorphichelpers/rollout_status.go (DaemonSetStatusViewer.Status)
 */
export function rolloutStatusText(ds: KDaemonSet): RolloutStatusText {
  const type = ds.spec?.updateStrategy?.type || 'RollingUpdate';
  if (type !== 'RollingUpdate') return { text: 'rollout status is only available for RollingUpdate strategy type', done: true, error: true };
  const name = ds.metadata?.name ?? '';
  const generation = ds.metadata?.generation ?? 0;
  const s = ds.status ?? {};
  if (generation <= (s.observedGeneration ?? 0)) {
    const desired = s.desiredNumberScheduled ?? 0;
    const updated = s.updatedNumberScheduled ?? 0;
    const available = s.numberAvailable ?? 0;
    if (updated < desired) return { text: `Waiting for daemon set ${JSON.stringify(name)} rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`, done: false };
    if (available < desired) return { text: `Waiting for daemon set ${JSON.stringify(name)} rollout to finish: ${available} of ${desired} updated pods are available...\n`, done: false };
    return { text: `daemon set ${JSON.stringify(name)} successfully rolled out\n`, done: true };
  }
  return { text: 'Waiting for daemon set spec update to be observed...\n', done: false };
}
