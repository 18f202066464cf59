/**
 * Test helper for integration and e2e tests against the real local cluster (cluster/up.sh).
 *
 *   const { kubeconfig } = await ensureCluster();
 *   const s = await applyScenario('placement', loadScenarioYaml('cluster/scenarios/seed.yaml'));
 *   const state = await s.waitSettled();
 *   ... s.nodeName('worker-01'), s.nsName('anyrobot') ...
 *   await s.cleanup();
 *
 * Each scenario gets a unique id; its nodes and namespaces are renamed `<id>-<name>` and its
 * workloads may only run on its own nodes (see isolate in cluster/lib/scenario.ts), so tests that
 * share the cluster never see each other's objects.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ensureCluster, REPO_ROOT } from '@/cluster/lib/cluster';
import { applyObjects, kubectl } from './support/kubectl';
import {
  applyOrder,
  isolate,
  namespacesOf,
  nodeNamesOf,
  parseScenarioYaml,
  SCENARIO_LABEL,
  scoped,
  splitPhases,
  type KubeObject,
} from '@/cluster/lib/scenario';
import { waitSettled, type SettledState, type SettleOptions } from '@/cluster/lib/settle';
import { logsForPinnedPods, resolveLogFiles, splitPinnedLogs } from '@/cluster/lib/pod-logs';

export { ensureCluster, kubectl };
export type { KubeObject, SettledState, SettleOptions };

export interface Scenario {
  id: string;
  kubeconfig: string;
  kc: KubeConfig;
  /** Scoped names of the scenario's nodes and namespaces. */
  nodeNames: string[];
  namespaces: string[];
  nsName(name: string): string;
  nodeName(name: string): string;
  waitSettled(opts?: SettleOptions): Promise<SettledState>;
  cleanup(): Promise<void>;
}

/** Objects of a scenario file; relative paths are taken from the repository root. */
export function loadScenarioYaml(path: string): KubeObject[] {
  return parseScenarioYaml(readFileSync(isAbsolute(path) ? path : join(REPO_ROOT, path), 'utf8'));
}

/** Scenarios older than this are leftovers of crashed runs and are removed by the next one. */
const STALE_AFTER_MS = 2 * 60 * 60_000;

/**
 * Applies a scenario in isolation and waits until the controllers have settled; objects annotated
 * `everynode.dev/apply: after-settled` are applied next (forcing their fields) and settled again.
 */
export async function applyScenario(name: string, objects: object[], opts: SettleOptions = {}): Promise<Scenario> {
  const { kubeconfig } = await ensureCluster();
  await removeStaleScenarios(kubeconfig);
  const id = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 12) || 's'}-${randomBytes(3).toString('hex')}`;
  const phases = splitPhases(resolveLogFiles(objects as KubeObject[], REPO_ROOT));
  const { afterSettled } = phases;
  const { now: initial, pinned } = splitPinnedLogs(isolate(phases.initial, id));
  const scopedInitial = applyOrder(initial);
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);

  const scenario: Scenario = {
    id,
    kubeconfig,
    kc,
    nodeNames: nodeNamesOf(scopedInitial),
    namespaces: namespacesOf(scopedInitial),
    nsName: (n) => scoped(id, n),
    nodeName: (n) => scoped(id, n),
    waitSettled: (o) => waitSettled(kc, { namespaces: scenario.namespaces, nodeNames: scenario.nodeNames }, { ...opts, ...o }),
    cleanup: () => removeScenario(kubeconfig, id, scenario.namespaces),
  };
  try {
    await applyObjects(kubeconfig, scopedInitial, 'everynode-scenario');
    if (afterSettled.length > 0) {
      await scenario.waitSettled();
      await applyObjects(kubeconfig, isolate(afterSettled, id, { partial: true }), 'everynode-scenario-followup', { force: true, partial: true });
    }
    if (pinned.length > 0) {
      // Node-pinned logs name their pods, which exist once the controllers have settled.
      const state = await scenario.waitSettled();
      await applyObjects(kubeconfig, logsForPinnedPods(pinned, state.pods), 'everynode-scenario');
    }
  } catch (err) {
    await scenario.cleanup().catch(() => undefined);
    throw err;
  }
  return scenario;
}

/**
 * Namespaces first, nodes once the namespaces are gone: kwok finishes pod deletions only on nodes it
 * still manages (pods left on deleted nodes wait for the PodGC controller, a minute or more).
 */
async function removeScenario(kubeconfig: string, id: string, namespaces: string[]): Promise<void> {
  if (namespaces.length > 0) {
    await kubectl(kubeconfig, ['delete', 'namespace', '--ignore-not-found', '--wait=false', ...namespaces]);
    await kubectl(kubeconfig, ['wait', '--for=delete', '--timeout=60s', ...namespaces.map((ns) => `namespace/${ns}`)]).catch(() => undefined);
  }
  await kubectl(kubeconfig, ['delete', 'nodes', '-l', `${SCENARIO_LABEL}=${id}`, '--ignore-not-found', '--wait=false']);
  await kubectl(kubeconfig, ['delete', 'clusterlogs.kwok.x-k8s.io', '-l', `${SCENARIO_LABEL}=${id}`, '--ignore-not-found', '--wait=false']);
}

async function removeStaleScenarios(kubeconfig: string): Promise<void> {
  const out = await kubectl(kubeconfig, ['get', 'nodes', '-l', SCENARIO_LABEL, '-o', 'json']);
  const nodes = (JSON.parse(out) as { items: KubeObject[] }).items;
  const stale = new Set<string>();
  for (const n of nodes) {
    const created = Date.parse(String(n.metadata.creationTimestamp));
    const id = n.metadata.labels?.[SCENARIO_LABEL];
    if (id && Date.now() - created > STALE_AFTER_MS) stale.add(id);
  }
  for (const id of stale) {
    const nsOut = await kubectl(kubeconfig, ['get', 'namespaces', '-o', 'jsonpath={.items[*].metadata.name}']);
    const namespaces = nsOut.split(/\s+/).filter((ns) => ns.startsWith(`${id}-`));
    await removeScenario(kubeconfig, id, namespaces);
  }
}
