/**
 * A scenario of any size (pure, no I/O): `nodes` kwok nodes with the seed's mix of roles, labels
 * and taints, and `agents` healthy DaemonSets cycling through the seed's placement rules. Used by
 * cluster/scale.ts to measure the control plane, and by benchmarks.
 */
import { daemonSet, kwokNode, rollingUpdate } from '../../test/support/builders';
import type { KubeObject } from '../lib/scenario';

export const SCALE_NAMESPACE = 'agents';
const ZONES = ['cn-east-1a', 'cn-east-1b', 'cn-east-1c'];

export function scaleNodeName(i: number): string {
  return `node-${String(i).padStart(5, '0')}`;
}

/** Roles by index: 3 control-plane nodes, then 2% edge, 5% GPU, 1% db (NoExecute), 20% anyrobot-app. */
export function nodeRole(i: number): 'control-plane' | 'edge' | 'gpu' | 'db' | 'worker' {
  if (i < 3) return 'control-plane';
  if (i % 50 === 7) return 'edge';
  if (i % 20 === 3) return 'gpu';
  if (i % 100 === 11) return 'db';
  return 'worker';
}

function node(i: number): KubeObject {
  const name = scaleNodeName(i);
  const role = nodeRole(i);
  const labels: Record<string, string> = {
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'topology.kubernetes.io/zone': ZONES[i % ZONES.length] ?? 'cn-east-1a',
    [`node-role.kubernetes.io/${role === 'gpu' || role === 'db' ? 'worker' : role}`]: '',
  };
  if (role === 'worker' && i % 5 === 1) labels['anyrobot-app'] = 'true';
  if (role === 'gpu') labels['nvidia.com/gpu.present'] = 'true';
  const taints = {
    'control-plane': [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    gpu: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
    db: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }],
    edge: [],
    worker: [],
  }[role];
  return kwokNode(name, {
    labels,
    taints,
    unschedulable: i % 97 === 5,
    status: {
      addresses: [
        { type: 'InternalIP', address: `10.${20 + Math.floor(i / 62500)}.${Math.floor(i / 250) % 250}.${(i % 250) + 4}` },
        { type: 'Hostname', address: name },
      ],
      capacity: { cpu: '16', memory: '64Gi', pods: '110' },
      allocatable: { cpu: '15900m', memory: '63Gi', pods: '110' },
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        machineID: '',
        systemUUID: '',
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '5.15.0-125-generic',
        kubeletVersion: 'v1.36.3',
        kubeProxyVersion: 'v1.36.3',
        operatingSystem: 'linux',
        osImage: 'Ubuntu 22.04.5 LTS',
      },
    },
  });
}

/** Placement rules of the seed's agents, cycled over the generated agents. */
const PLACEMENTS: { affinity?: object; nodeSelector?: Record<string, string>; tolerations?: object[] }[] = [
  { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'node-role.kubernetes.io/edge', operator: 'DoesNotExist' }] }] } } } },
  { nodeSelector: { 'anyrobot-app': 'true' } },
  { tolerations: [{ operator: 'Exists' }] },
  { nodeSelector: { 'nvidia.com/gpu.present': 'true' }, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] },
  { nodeSelector: { 'kubernetes.io/os': 'linux' } },
];

function agent(j: number): KubeObject {
  const name = `agent-${String(j).padStart(2, '0')}`;
  return daemonSet(SCALE_NAMESPACE, name, {
    image: `registry.example/agents/${name}:1.0.0`,
    requests: { cpu: '10m', memory: '16Mi' },
    updateStrategy: rollingUpdate('10%'),
    podSpec: PLACEMENTS[j % PLACEMENTS.length] ?? {},
  });
}

export function scaleScenario(nodes: number, agents: number): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: SCALE_NAMESPACE } },
    ...Array.from({ length: nodes }, (_, i) => node(i)),
    ...Array.from({ length: agents }, (_, j) => agent(j)),
  ];
}
