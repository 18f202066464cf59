/**
 * Runs once when the Next server starts (Node runtime only), before it serves a request: answers
 * methods Next cannot handle (TRACE) with a 405 and request lines over Node's limit with a worded
 * 431, stamps each request with its real peer address for the per-client limits, starts the
 * separate metrics port if configured, and the staged-rollout drivers (lib/kube/staged).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installUnsupportedMethodHook } = await import('./lib/server/unsupported-method-hook');
  installUnsupportedMethodHook();
  const { installOversizedRequestHook } = await import('./lib/server/oversized-request-hook');
  installOversizedRequestHook();
  const { installPeerHook } = await import('./lib/kube/limits/peer-hook');
  installPeerHook();
  const { startMetricsServer } = await import('./lib/kube/metrics-server');
  startMetricsServer();
  const { startStagedDrivers } = await import('./lib/kube/staged/supervisor');
  startStagedDrivers();
}
