/**
 * Pure parts of `kubectl rollout restart` for a DaemonSet.
 * @see https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/kubectl/pkg/polymorphichelpers/objectrestarter.go
 */

export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/**
 * A second restart of the same DaemonSet this soon after the last one is taken for a double click
 * and answered "already restarted" instead of starting another rollout.
 */
export const RESTART_REPEAT_WINDOW_MS = 10_000;

/** RFC 3339 with second precision, as Go's time.RFC3339 layout writes it (UTC here). */
export function rfc3339(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The strategic merge patch kubectl sends: only the template annotation changes. */
export function restartPatch(now: Date) {
  return { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: rfc3339(now) } } } } };
}

/**
 * When the template already carries a restartedAt no older than the repeat window (and not in
 * the future by more than that), returns it: the caller answers "already restarted".
 */
export function recentRestart(templateAnnotations: Record<string, string> | undefined, now: Date): string | undefined {
  const value = templateAnnotations?.[RESTARTED_AT_ANNOTATION];
  if (!value) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.abs(now.getTime() - at) <= RESTART_REPEAT_WINDOW_MS ? value : undefined;
}
