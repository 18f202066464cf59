/**
 * Puts N nodes × M agents on the local cluster and measures it: apply time, time until the
 * controllers have settled (every agent fully available), and the control plane's memory.
 *
 *   npx tsx cluster/scale.ts --nodes 1000 --agents 10 [--keep] [--id scale]
 *
 * The scenario is isolated like a test scenario (nodes and namespace prefixed `<id>-`, tainted and
 * required by its own agents), so the demo's agents stay off it; it replaces any previous run with
 * the same id and is removed at the end unless --keep. Prints one JSON line with the numbers.
 */
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { controlPlaneRss, ensureCluster } from './lib/cluster';
import { applyObjects, kubectl } from '../test/support/kubectl';
import { applyOrder, isolate, namespacesOf, nodeNamesOf, SCENARIO_LABEL } from './lib/scenario';
import { describe, waitSettled } from './lib/settle';
import { scaleScenario } from './scenarios/scale';

const CHUNK = 100; // objects per kubectl apply
const PARALLEL = 4;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { nodes: { type: 'string', default: '1000' }, agents: { type: 'string', default: '10' }, id: { type: 'string', default: 'scale' }, keep: { type: 'boolean', default: false } },
  });
  const nodes = Number(values.nodes);
  const agents = Number(values.agents);
  const id = values.id;
  const { kubeconfig } = await ensureCluster();
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);

  const objects = applyOrder(isolate(scaleScenario(nodes, agents), id));
  const scope = { namespaces: namespacesOf(objects), nodeNames: nodeNamesOf(objects) };
  await remove(kubeconfig, id, scope.namespaces);
  const mib = (b: number) => Math.round(b / 2 ** 20);
  const rssBefore = controlPlaneRss();

  const t0 = Date.now();
  await applyObjects(kubeconfig, objects.filter((o) => o.kind === 'Namespace'), 'everynode-scale');
  const rest = objects.filter((o) => o.kind !== 'Namespace');
  const chunks = Array.from({ length: Math.ceil(rest.length / CHUNK) }, (_, i) => rest.slice(i * CHUNK, (i + 1) * CHUNK));
  let applied = 0;
  // kubectl applies one object per request; a few kubectl processes at once keep the API server busy.
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
        await applyObjects(kubeconfig, chunk, 'everynode-scale');
        applied += chunk.length;
        process.stderr.write(`\rapplied ${applied}/${rest.length} objects`);
      }
    }),
  );
  const applySeconds = (Date.now() - t0) / 1000;
  process.stderr.write(`\napplied in ${applySeconds.toFixed(1)}s; waiting for the controllers to settle…\n`);
  const state = await waitSettled(kc, scope, { timeoutMs: 60 * 60_000, quietMs: 5_000, pollMs: 2_000, pods: false, fullyAvailable: true });
  const settleSeconds = (Date.now() - t0) / 1000 - 5; // minus the quiet period that confirmed it
  const rss = controlPlaneRss();
  const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const pods = state.daemonSets.reduce((n, d) => n + d.desired, 0);
  console.error(describe(state));
  console.log(
    JSON.stringify({
      nodes,
      agents,
      pods,
      applySeconds: Number(applySeconds.toFixed(1)),
      settleSeconds: Number(settleSeconds.toFixed(1)),
      rssMiBBefore: mib(total(rssBefore)),
      rssMiB: mib(total(rss)),
      rssMiBByProcess: Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, mib(v)])),
    }),
  );
  if (!values.keep) await remove(kubeconfig, id, scope.namespaces);
}

/** Namespaces first (kwok completes pod deletions while the nodes exist), then the nodes. */
async function remove(kubeconfig: string, id: string, namespaces: string[]): Promise<void> {
  await kubectl(kubeconfig, ['delete', 'namespace', '--ignore-not-found', '--timeout=600s', ...namespaces]);
  await kubectl(kubeconfig, ['delete', 'nodes', '-l', `${SCENARIO_LABEL}=${id}`, '--ignore-not-found', '--wait=false']);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
