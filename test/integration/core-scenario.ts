/**
 * A small seed-like scenario for the server-core tests (cache, read routes, SSE), isolated by a
 * unique id: its own namespaces, nodes labelled everynode.test/scenario=<id>, and DaemonSets
 * that select only those nodes, so tests running beside other scenarios see exact values.
 */
import { AppsV1Api, CoreV1Api, KubeConfig, type V1DaemonSet, type V1Node } from '@kubernetes/client-node';
import { daemonSet as buildDaemonSet, kwokNode, type KwokNodeOptions, type PodSpecFields } from '../support/builders';
import { currentContext, resetKubeConfig } from '@/lib/kube/contexts';
import { until } from '../support/until';

export const SCENARIO_LABEL = 'everynode.test/scenario';

/** The shared local cluster's kubeconfig (set by the integration globalSetup). */
export function kubeconfigPath(): string {
  const path = process.env.EVERYNODE_KUBECONFIG ?? process.env.KUBECONFIG;
  if (!path) throw new Error('EVERYNODE_KUBECONFIG is not set: run through the integration project (globalSetup starts the cluster)');
  return path;
}

export function kubeConfig(path = kubeconfigPath()): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

export { until };

export interface CoreScenario {
  id: string;
  kc: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  /** Namespaces: monitoring (node-exporter), anyrobot (logstash-input), broken (never starts). */
  ns: { monitoring: string; anyrobot: string; broken: string };
  /** Node names by role. */
  nodes: { cp: string; w1: string; w2: string; w3cordoned: string; edge: string; gpu: string };
  cleanup(): Promise<void>;
}

const node = (name: string, id: string, labels: Record<string, string>, extra: Omit<KwokNodeOptions, 'labels'> = {}) =>
  kwokNode(name, { labels: { [SCENARIO_LABEL]: id, ...labels }, ...extra }) as V1Node;

/** A DaemonSet kept on the scenario's nodes. */
const daemonSet = (ns: string, name: string, id: string, podSpec: PodSpecFields, templateAnnotations?: Record<string, string>) =>
  buildDaemonSet(ns, name, { image: 'registry.local/agent:1', podSpec: { containers: [{ name, image: 'registry.local/agent:1' }], ...podSpec }, nodeSelector: { [SCENARIO_LABEL]: id }, templateAnnotations }) as V1DaemonSet;

export async function createCoreScenario(kc = kubeConfig()): Promise<CoreScenario> {
  const id = `c${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const ns = { monitoring: `${id}-monitoring`, anyrobot: `${id}-anyrobot`, broken: `${id}-broken` };
  const nodes = { cp: `${id}-cp-1`, w1: `${id}-w-1`, w2: `${id}-w-2`, w3cordoned: `${id}-w-3`, edge: `${id}-edge-1`, gpu: `${id}-gpu-1` };

  for (const n of Object.values(ns)) await core.createNamespace({ body: { metadata: { name: n } } });
  const nodeObjects = [
    node(nodes.cp, id, { 'node-role.kubernetes.io/control-plane': '' }, { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
    node(nodes.w1, id, {}),
    node(nodes.w2, id, { 'anyrobot-app': 'true' }),
    node(nodes.w3cordoned, id, {}, { unschedulable: true }),
    node(nodes.edge, id, { 'node-role.kubernetes.io/edge': '' }),
    node(nodes.gpu, id, { 'nvidia.com/gpu.present': 'true' }, { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] }),
  ];
  for (const n of nodeObjects) await core.createNode({ body: n });

  await apps.createNamespacedDaemonSet({
    namespace: ns.monitoring,
    body: daemonSet(ns.monitoring, 'node-exporter', id, {
      containers: [{ name: 'node-exporter', image: 'prom/node-exporter:v1.3.1' }],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'node-role.kubernetes.io/edge', operator: 'DoesNotExist' }] }],
          },
        },
      },
    }),
  });
  await apps.createNamespacedDaemonSet({
    namespace: ns.anyrobot,
    body: daemonSet(ns.anyrobot, 'logstash-input', id, { nodeSelector: { 'anyrobot-app': 'true' } }),
  });
  await apps.createNamespacedDaemonSet({
    namespace: ns.broken,
    body: daemonSet(ns.broken, 'never-starts', id, { containers: [{ name: 'agent', image: 'registry.local/missing:0' }] }, { 'everynode.dev/simulate': 'image-pull-backoff' }),
  });

  return {
    id,
    kc,
    core,
    apps,
    ns,
    nodes,
    async cleanup() {
      for (const n of Object.values(ns)) await core.deleteNamespace({ name: n }).catch(() => undefined);
      for (const n of Object.values(nodes)) await core.deleteNode({ name: n }).catch(() => undefined);
    },
  };
}

/** Waits until the controller has settled: observedGeneration current and the expected pods ready. */
export async function waitSettled(s: CoreScenario, timeoutMs = 60_000): Promise<void> {
  const expectReady: [string, string, number][] = [
    [s.ns.monitoring, 'node-exporter', 3],
    [s.ns.anyrobot, 'logstash-input', 1],
  ];
  await until(
    'scenario to settle',
    async () => {
      for (const [namespace, name, ready] of expectReady) {
        const ds = await s.apps.readNamespacedDaemonSet({ namespace, name });
        const st = ds.status;
        if (!st || st.observedGeneration !== ds.metadata?.generation) return false;
        if (st.desiredNumberScheduled !== ready || st.numberReady !== ready || st.updatedNumberScheduled !== ready) return false;
      }
      const broken = await s.apps.readNamespacedDaemonSet({ namespace: s.ns.broken, name: 'never-starts' });
      return broken.status?.desiredNumberScheduled === 4 && broken.status.currentNumberScheduled === 4;
    },
    timeoutMs,
    250,
  );
}

/**
 * What the server-core test files do first: point the console at the shared cluster (freshly
 * loaded kubeconfig), create the scenario and wait until the controllers have settled it.
 */
export async function settledCoreScenario(): Promise<{ s: CoreScenario; ctx: string }> {
  process.env.KUBECONFIG = kubeconfigPath();
  resetKubeConfig();
  const s = await createCoreScenario(kubeConfig());
  await waitSettled(s);
  return { s, ctx: currentContext() };
}
