/**
 * The benchmark's synthetic fleet as real Kubernetes objects (pure, no I/O): N kwok nodes with a
 * realistic mix of roles, labels and taints, and M agents (DaemonSets) whose placement rules
 * exercise every kind of exclusion, so the coverage the console computes is not all "ready".
 */
import type { KubeObject } from '../../cluster/lib/scenario';

export const BENCH_NAMESPACE = 'everynode-bench';
/** Label on every bench node; lets the bench find (and count) its own nodes. */
export const BENCH_NODE_LABEL = 'everynode.dev/bench';

export interface ScaleSpec {
  nodes: number;
  agents: number;
}

const ZONES = ['zone-a', 'zone-b', 'zone-c'];

export function nodeName(i: number): string {
  return `bench-node-${String(i).padStart(5, '0')}`;
}

/** Node roles by index: 2% edge, 5% GPU (tainted), 1% dedicated db (NoExecute), 20% anyrobot-app. */
function nodeTraits(i: number) {
  return {
    edge: i % 50 === 7,
    gpu: i % 20 === 3,
    db: i % 100 === 11,
    anyrobot: i % 5 === 1,
    zone: ZONES[i % ZONES.length]!,
  };
}

export function benchNode(i: number): KubeObject {
  const name = nodeName(i);
  const t = nodeTraits(i);
  const labels: Record<string, string> = {
    [BENCH_NODE_LABEL]: 'true',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'topology.kubernetes.io/zone': t.zone,
    type: 'kwok',
  };
  if (t.edge) labels['node-role.kubernetes.io/edge'] = '';
  if (t.anyrobot) labels['anyrobot-app'] = 'true';
  if (t.gpu) labels['nvidia.com/gpu.present'] = 'true';
  const taints: { key: string; value?: string; effect: string }[] = [];
  if (t.gpu) taints.push({ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' });
  if (t.db) taints.push({ key: 'dedicated', value: 'db', effect: 'NoExecute' });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels, annotations: { 'kwok.x-k8s.io/node': 'fake' } },
    spec: taints.length > 0 ? { taints } : {},
    status: {
      capacity: { cpu: '8', memory: '32Gi', pods: '110' },
      allocatable: { cpu: '7900m', memory: '31Gi', pods: '110' },
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        osImage: 'Ubuntu 22.04.5 LTS',
        kernelVersion: '5.15.0-125-generic',
        kubeletVersion: 'v1.36.3',
        kubeProxyVersion: 'v1.36.3',
        containerRuntimeVersion: 'containerd://1.7.24',
        machineID: `bench-${i}`,
        systemUUID: `bench-${i}`,
        bootID: `bench-${i}`,
      },
    },
  };
}

type PodSpec = Record<string, unknown>;

/** Placement rules cycled over the agents: every exclusion kind the engine explains. */
const PLACEMENTS: { suffix: string; spec: PodSpec }[] = [
  { suffix: 'node-exporter', spec: { affinity: requiredAffinity([{ key: 'node-role.kubernetes.io/edge', operator: 'DoesNotExist' }]) } },
  { suffix: 'logstash-input', spec: { nodeSelector: { 'anyrobot-app': 'true' } } },
  { suffix: 'fluent-bit', spec: { tolerations: [{ operator: 'Exists' }] } },
  { suffix: 'kube-proxy', spec: { hostNetwork: true } },
  { suffix: 'nvidia-device-plugin', spec: { nodeSelector: { 'nvidia.com/gpu.present': 'true' }, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] } },
  { suffix: 'zonal-cache', spec: { affinity: requiredAffinity([{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-a', 'zone-b'] }]) } },
  { suffix: 'csi-node', spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute' }] } },
];

function requiredAffinity(matchExpressions: object[]) {
  return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } };
}

export function agentName(i: number): string {
  const p = PLACEMENTS[i % PLACEMENTS.length]!;
  const round = Math.floor(i / PLACEMENTS.length);
  return round === 0 ? p.suffix : `${p.suffix}-${round + 1}`;
}

export function benchAgent(i: number): KubeObject {
  const name = agentName(i);
  const placement = PLACEMENTS[i % PLACEMENTS.length]!.spec;
  const labels = { 'app.kubernetes.io/name': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: BENCH_NAMESPACE, labels },
    spec: {
      selector: { matchLabels: labels },
      // A quarter of the fleet at a time, so a restart during the soak finishes within the run.
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 0 } },
      template: {
        metadata: { labels },
        spec: {
          ...placement,
          // Only bench nodes: a scenario sharing the cluster never changes the bench's figures.
          nodeSelector: { ...((placement.nodeSelector as Record<string, string> | undefined) ?? {}), [BENCH_NODE_LABEL]: 'true' },
          containers: [{ name: 'agent', image: `registry.local/bench/${name}:1`, resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
        },
      },
    },
  };
}

/** Namespace, nodes, then agents: the order they must be applied in. */
export function scaleObjects({ nodes, agents }: ScaleSpec): { namespace: KubeObject; nodes: KubeObject[]; agents: KubeObject[] } {
  return {
    namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: BENCH_NAMESPACE } },
    nodes: Array.from({ length: nodes }, (_, i) => benchNode(i)),
    agents: Array.from({ length: agents }, (_, i) => benchAgent(i)),
  };
}

/** How many nodes each agent should run on, by the same rules (to know when the cluster settled). */
export function expectedDesired({ nodes, agents }: ScaleSpec): Map<string, number> {
  const out = new Map<string, number>();
  for (let a = 0; a < agents; a++) {
    const suffix = PLACEMENTS[a % PLACEMENTS.length]!.suffix;
    let n = 0;
    for (let i = 0; i < nodes; i++) if (shouldRun(suffix, nodeTraits(i))) n++;
    out.set(agentName(a), n);
  }
  return out;
}

function shouldRun(suffix: string, t: ReturnType<typeof nodeTraits>): boolean {
  const taintsOk = (toleratesGpu: boolean, toleratesDb: boolean) => (!t.gpu || toleratesGpu) && (!t.db || toleratesDb);
  switch (suffix) {
    case 'node-exporter':
      return !t.edge && taintsOk(false, false);
    case 'logstash-input':
      return t.anyrobot && taintsOk(false, false);
    case 'fluent-bit':
      return true;
    case 'kube-proxy':
      return taintsOk(false, false);
    case 'nvidia-device-plugin':
      return t.gpu && taintsOk(true, false);
    case 'zonal-cache':
      return t.zone !== 'zone-c' && taintsOk(false, false);
    case 'csi-node':
      return taintsOk(false, true);
    default:
      throw new Error(`unknown placement ${suffix}`);
  }
}
