/**
 * vitest globalSetup of the integration project: starts the local cluster or reuses the running
 * one (cluster/up.sh, which builds the control plane first if needed) and hands its kubeconfig to
 * the test workers as EVERYNODE_KUBECONFIG. The cluster is left running: the next run reuses it,
 * and scripts/test.ts stops it when it was the one that started it.
 */
import { ensureCluster } from '../cluster';

export default async function setup(): Promise<void> {
  const t0 = Date.now();
  const { kubeconfig } = await ensureCluster();
  process.env.EVERYNODE_KUBECONFIG = kubeconfig;
  console.log(`local cluster ready in ${((Date.now() - t0) / 1000).toFixed(1)}s (kubeconfig ${kubeconfig})`);
}
