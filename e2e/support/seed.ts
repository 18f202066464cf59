import { daemonSets, nodes, podsOf, taintText, waitingReason, type KubeNode } from './kubectl';

/** Seed facts the specs check against, read from the cluster rather than hard-coded node names. */
export const NODE_EXPORTER = { namespace: 'kubesphere-monitoring-system', name: 'node-exporter' };
export const LOGSTASH = { namespace: 'anyrobot', name: 'logstash-input' };
export const GPU_TAINT = 'nvidia.com/gpu=present:NoSchedule';
/** Namespaces of the seed's agents (cluster/scenarios/seed.yaml); other suites add their own beside them. */
export const SEED_NAMESPACES = [
  'kubesphere-monitoring-system',
  'anyrobot',
  'logging',
  'falco',
  'kube-system',
  'kube-storage',
  'observability',
  // the agents blocked outside the placement rules (issue #17)
  'metrics-quota',
  'restricted-agents',
  'big-agents',
  'port-agents',
];

export function seedDaemonSets() {
  return daemonSets().filter((d) => SEED_NAMESPACES.includes(d.metadata.namespace ?? ''));
}

/** Seed nodes only: other suites create nodes of their own, labelled everynode.test/scenario. */
const seedNodes = () => nodes().filter((n) => !n.metadata.labels?.['everynode.test/scenario'] && !n.metadata.name.startsWith('deploy-test-'));

const ready = (n: KubeNode) => n.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

export function edgeNodes(): string[] {
  return seedNodes()
    .filter((n) => n.metadata.labels && 'node-role.kubernetes.io/edge' in n.metadata.labels)
    .map((n) => n.metadata.name);
}

export function gpuNodes(): string[] {
  return seedNodes()
    .filter((n) => n.spec.taints?.some((t) => taintText(t) === GPU_TAINT))
    .map((n) => n.metadata.name);
}

/** A cordoned, Ready node with no other taint: the one that must still run its agents. */
export function cordonedNode(): string {
  const node = seedNodes().find((n) => n.spec.unschedulable && ready(n) && (n.spec.taints ?? []).every((t) => t.key === 'node.kubernetes.io/unschedulable'));
  if (!node) throw new Error('the seed has no cordoned Ready node');
  return node.metadata.name;
}

/** A plain Ready worker: no taints, not cordoned, not edge or control plane, not anyrobot. */
export function plainWorker(): string {
  const node = seedNodes().find(
    (n) =>
      ready(n) &&
      !n.spec.unschedulable &&
      !(n.spec.taints ?? []).length &&
      !Object.keys(n.metadata.labels ?? {}).some((k) => k === 'node-role.kubernetes.io/edge' || k === 'node-role.kubernetes.io/control-plane') &&
      n.metadata.labels?.['anyrobot-app'] !== 'true',
  );
  if (!node) throw new Error('the seed has no plain worker node');
  return node.metadata.name;
}

/** The agent whose pods never start, with one of its pods' kubelet reason. */
export function failingAgent(): { namespace: string; name: string; node: string; reason: string } {
  for (const ds of seedDaemonSets()) {
    const ns = ds.metadata.namespace ?? '';
    for (const pod of podsOf(ns, ds.metadata.name)) {
      const reason = waitingReason(pod);
      if (reason && pod.spec.nodeName) return { namespace: ns, name: ds.metadata.name, node: pod.spec.nodeName, reason };
    }
  }
  throw new Error('the seed has no agent with a stuck container');
}
