/**
 * A small, self-contained workload for the deploy tests: three kwok nodes carrying a test label,
 * a namespace, and one DaemonSet pinned to those nodes, so the console has real pods to show
 * and act on without touching other tests' objects.
 */
import { stringify } from 'yaml';
import { applyManifest, kubectl } from './kubectl';

export interface DeployFixture {
  id: string;
  namespace: string;
  daemonSet: string;
  nodes: string[];
  cleanup(): Promise<void>;
}

const LABEL = 'everynode.dev/deploy-test';

function node(name: string, id: string) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', type: 'kwok', [LABEL]: id }, annotations: { 'kwok.x-k8s.io/node': 'fake' } },
    spec: {},
    status: {
      allocatable: { cpu: '8', memory: '32Gi', pods: '110' },
      capacity: { cpu: '8', memory: '32Gi', pods: '110' },
    },
  };
}

function daemonSet(name: string, namespace: string, id: string) {
  const labels = { 'app.kubernetes.io/name': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace, labels },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 3 } },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { [LABEL]: id },
          containers: [{ name: 'agent', image: 'registry.example/probe-agent:1.0', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
        },
      },
    },
  };
}

const docs = (...objs: unknown[]) => objs.map((o) => stringify(o)).join('---\n');

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
    await applyManifest(adminKubeconfig, docs({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, ...nodes.map((n) => node(n, id))));
    await waitFor(async () => (await kubectl(adminKubeconfig, ['get', 'serviceaccount', 'default', '-n', namespace]).then(() => true, () => false)), 60_000, 'default ServiceAccount');
    await applyManifest(adminKubeconfig, docs(daemonSet(ds, namespace, id)));
    await waitDaemonSetReady(adminKubeconfig, namespace, ds, nodes.length);
  } catch (err) {
    await cleanup().catch(() => undefined);
    throw err;
  }
  return { id, namespace, daemonSet: ds, nodes, cleanup };
}

/** Waits until the DaemonSet's status says `count` pods are updated and ready. */
export async function waitDaemonSetReady(adminKubeconfig: string, namespace: string, name: string, count: number, timeoutMs = 90_000): Promise<void> {
  await waitFor(
    async () => {
      const { stdout } = await kubectl(adminKubeconfig, ['get', 'daemonset', name, '-n', namespace, '-o', 'json']);
      const s = (JSON.parse(stdout) as { status?: Record<string, number>; metadata: { generation: number } });
      return (
        s.status?.observedGeneration === s.metadata.generation &&
        s.status?.desiredNumberScheduled === count &&
        s.status?.numberReady === count &&
        s.status?.updatedNumberScheduled === count
      );
    },
    timeoutMs,
    `daemonset ${namespace}/${name} ready on ${count} nodes`,
  );
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string, intervalMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
