/**
 * A small, self-contained workload for the deploy tests: three kwok nodes carrying a test label,
 * a namespace, and one DaemonSet pinned to those nodes, so the console has real pods to show
 * and act on without touching other tests' objects.
 */
import { capacity, daemonSet, kwokNode, rollingUpdate } from '../support/builders';
import { applyObjects, kubectl } from '../support/kubectl';
import { until } from '../support/until';

export interface DeployFixture {
  id: string;
  namespace: string;
  daemonSet: string;
  nodes: string[];
  cleanup(): Promise<void>;
}

const LABEL = 'everynode.dev/deploy-test';
const apply = (kubeconfig: string, objects: object[]) => applyObjects(kubeconfig, objects, 'everynode-deploy-test', { force: true });

/** Creates the fixture and waits until the DaemonSet has a ready pod on every test node. */
export async function createFixture(adminKubeconfig: string): Promise<DeployFixture> {
  const id = `dt${Date.now().toString(36)}`;
  const namespace = `deploy-test-${id}`;
  const nodes = [1, 2, 3].map((i) => `deploy-test-${id}-n${i}`);
  const ds = 'probe-agent';
  const cleanup = async () => {
    // Pods first, without a grace period: the namespace then disappears in seconds.
    await kubectl(adminKubeconfig, ['delete', 'daemonset,pods', '--all', '-n', namespace, '--force', '--grace-period=0']).catch(() => undefined);
    await kubectl(adminKubeconfig, ['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
    await kubectl(adminKubeconfig, ['delete', 'node', ...nodes, '--wait=false', '--ignore-not-found']);
  };
  try {
    const status = capacity({ cpu: '8', memory: '32Gi', pods: '110' });
    await apply(adminKubeconfig, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, ...nodes.map((n) => kwokNode(n, { labels: { [LABEL]: id }, status }))]);
    await until('default ServiceAccount', () => kubectl(adminKubeconfig, ['get', 'serviceaccount', 'default', '-n', namespace]).then(() => true), 60_000, 250);
    const agent = daemonSet(namespace, ds, {
      image: 'registry.example/probe-agent:1.0',
      nodeSelector: { [LABEL]: id },
      requests: { cpu: '10m', memory: '16Mi' },
      updateStrategy: rollingUpdate(3),
    });
    await apply(adminKubeconfig, [agent]);
    await waitDaemonSetReady(adminKubeconfig, namespace, ds, nodes.length);
  } catch (err) {
    await cleanup().catch(() => undefined);
    throw err;
  }
  return { id, namespace, daemonSet: ds, nodes, cleanup };
}

/** Waits until the DaemonSet's status says `count` pods are updated and ready. */
export async function waitDaemonSetReady(adminKubeconfig: string, namespace: string, name: string, count: number, timeoutMs = 90_000): Promise<void> {
  await until(
    `daemonset ${namespace}/${name} ready on ${count} nodes`,
    async () => {
      const stdout = await kubectl(adminKubeconfig, ['get', 'daemonset', name, '-n', namespace, '-o', 'json']);
      const s = (JSON.parse(stdout) as { status?: Record<string, number>; metadata: { generation: number } });
      return (
        s.status?.observedGeneration === s.metadata.generation &&
        s.status?.desiredNumberScheduled === count &&
        s.status?.numberReady === count &&
        s.status?.updatedNumberScheduled === count
      );
    },
    timeoutMs,
    250,
  );
}
