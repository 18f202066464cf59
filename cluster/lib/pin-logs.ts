/**
 * Applies the seed's node-pinned logs (cluster/lib/pod-logs.ts) to the pods that run now. The seed
 * does this once its pods exist; anyone who replaced those pods since (a restart, a rollback, a
 * test) calls it again to bring the per-node logs back.
 */
import { readFileSync } from 'node:fs';
import { logsForPinnedPods, resolveLogFiles, splitPinnedLogs, type PodPlacement } from './pod-logs';
import { parseScenarioYaml, splitPhases } from './scenario';
import { applyObjects, kubectlJson } from '../../test/support/kubectl';

// No import.meta here: Playwright loads this module (e2e/logs.spec.ts) as CommonJS.

/** The scenario's node-pinned ClusterLogs, log file paths made absolute against the repository root. */
export function pinnedLogsOf(file: string, root: string): ReturnType<typeof splitPinnedLogs>['pinned'] {
  return splitPinnedLogs(splitPhases(resolveLogFiles(parseScenarioYaml(readFileSync(file, 'utf8')), root)).initial).pinned;
}

/** Per-pod Logs for the pinned logs of scenario `file`, for the given pods or the cluster's bound pods now; returns how many. */
export async function applyPinnedLogs(kubeconfig: string, file: string, root: string, pods?: PodPlacement[]): Promise<number> {
  const pinned = pinnedLogsOf(file, root);
  if (pinned.length === 0) return 0;
  const placed =
    pods ??
    (await kubectlJson<{ items: { metadata: { name: string; namespace: string; deletionTimestamp?: string }; spec: { nodeName?: string } }[] }>(kubeconfig, ['get', 'pods', '-A'])).items
      .filter((p) => p.spec.nodeName && !p.metadata.deletionTimestamp)
      .map((p) => ({ namespace: p.metadata.namespace, name: p.metadata.name, nodeName: p.spec.nodeName! }));
  const logs = logsForPinnedPods(pinned, placed);
  if (logs.length > 0) await applyObjects(kubeconfig, logs, 'everynode-seed', { force: true });
  return logs.length;
}
