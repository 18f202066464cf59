/**
 * Applies a scenario file to the local cluster as it is (no renaming): the first objects, then —
 * once the controllers have settled — the changes marked `everynode.dev/apply: after-settled`.
 * Used by cluster/seed.sh; `npx tsx cluster/seed.ts [scenario.yaml]`.
 */
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { kubeconfigPath, REPO_ROOT } from './lib/cluster';
import { applyPinnedLogs } from './lib/pin-logs';
import { resolveLogFiles, splitPinnedLogs } from './lib/pod-logs';
import { applyObjects } from '../test/support/kubectl';
import { applyOrder, namespacesOf, nodeNamesOf, parseScenarioYaml, splitPhases } from './lib/scenario';
import { describe, waitSettled } from './lib/settle';

async function main(): Promise<void> {
  const file = process.argv[2] ?? new URL('./scenarios/seed.yaml', import.meta.url).pathname;
  const kubeconfig = await kubeconfigPath();
  const phases = splitPhases(resolveLogFiles(parseScenarioYaml(readFileSync(file, 'utf8')), REPO_ROOT));
  const { now: initial } = splitPinnedLogs(phases.initial);
  const { afterSettled } = phases;
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const scope = { namespaces: namespacesOf(initial), nodeNames: nodeNamesOf(initial) };
  const t0 = Date.now();
  const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

  // Forced: re-seeding puts back fields a previous follow-up took over (the state then converges).
  await applyObjects(kubeconfig, applyOrder(initial), 'everynode-seed', { force: true });
  console.log(`applied ${initial.length} objects (${scope.nodeNames.length} nodes); waiting for the controllers…`);
  let state = await waitSettled(kc, scope, { timeoutMs: 300_000 });
  console.log(`settled in ${secs()}`);
  if (afterSettled.length > 0) {
    await applyObjects(kubeconfig, afterSettled, 'everynode-seed-followup', { force: true, partial: true });
    state = await waitSettled(kc, scope, { timeoutMs: 300_000 });
    console.log(`applied ${afterSettled.length} follow-up change(s); settled in ${secs()}`);
  }
  // Logs pinned to some nodes name their pods, which exist only now (cluster/lib/pod-logs.ts).
  const podLogs = await applyPinnedLogs(kubeconfig, file, REPO_ROOT, state.pods);
  if (podLogs > 0) console.log(`applied ${podLogs} per-pod Logs for node-pinned logs`);
  console.log(describe(state));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
