/**
 * Builders of real-shaped Kubernetes objects for tests and benchmarks (no I/O). Shapes follow
 * what the API server returns; only the fields the engine reads are filled in.
 */
import type { KControllerRevision, KDaemonSet, KNode, KNodeSelectorTerm, KPod, KPodSpec, KTaint, KToleration } from '@/lib/coverage/k8s';

export interface NodeOptions {
  labels?: Record<string, string>;
  taints?: KTaint[];
  ready?: 'True' | 'False' | 'Unknown';
  unschedulable?: boolean;
  conditions?: { type: string; status: string }[];
}

export function mkNode(name: string, o: NodeOptions = {}): KNode {
  const conditions = [...(o.conditions ?? []), { type: 'Ready', status: o.ready ?? 'True', reason: o.ready === 'Unknown' ? 'NodeStatusUnknown' : 'KubeletReady', lastTransitionTime: '2025-01-01T00:00:00Z' }];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `node-${name}`, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) }, creationTimestamp: '2025-01-01T00:00:00Z' },
    spec: { ...(o.taints && o.taints.length > 0 ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { conditions },
  };
}

export interface DaemonSetOptions {
  uid?: string;
  namespace?: string;
  generation?: number;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinityTerms?: KNodeSelectorTerm[];
  tolerations?: KToleration[];
  hostNetwork?: boolean;
  image?: string;
  strategy?: { type: 'OnDelete' } | { type: 'RollingUpdate'; maxUnavailable?: number | string; maxSurge?: number | string };
  minReadySeconds?: number;
  status?: KDaemonSet['status'];
}

export function mkDaemonSet(name: string, o: DaemonSetOptions = {}): KDaemonSet {
  const generation = o.generation ?? 1;
  const spec: KPodSpec = { containers: [{ name, image: o.image ?? `example.com/${name}:1` }] };
  if (o.nodeName) spec.nodeName = o.nodeName;
  if (o.nodeSelector) spec.nodeSelector = o.nodeSelector;
  if (o.affinityTerms) spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: o.affinityTerms } } };
  if (o.tolerations) spec.tolerations = o.tolerations;
  if (o.hostNetwork) spec.hostNetwork = true;
  const strategy = o.strategy ?? { type: 'RollingUpdate' };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: o.uid ?? `ds-${name}`,
      generation,
      annotations: { 'deprecated.daemonset.template.generation': String(generation) },
      creationTimestamp: '2025-01-01T00:00:00Z',
    },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec },
      updateStrategy:
        strategy.type === 'OnDelete'
          ? { type: 'OnDelete' }
          : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: strategy.maxUnavailable ?? 1, maxSurge: strategy.maxSurge ?? 0 } },
      ...(o.minReadySeconds ? { minReadySeconds: o.minReadySeconds } : {}),
      revisionHistoryLimit: 10,
    },
    status: o.status ?? { observedGeneration: generation },
  };
}

export function mkRevision(ds: KDaemonSet, revision: number, hash: string, template = ds.spec?.template): KControllerRevision {
  const name = ds.metadata!.name!;
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${name}-${hash}`,
      namespace: ds.metadata!.namespace,
      uid: `rev-${name}-${hash}`,
      labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), 'controller-revision-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name, uid: ds.metadata!.uid!, controller: true }],
      creationTimestamp: '2025-01-01T00:00:00Z',
    },
    data: { spec: { template: { ...JSON.parse(JSON.stringify(template ?? {})), $patch: 'replace' } } },
    revision,
  };
}

export interface PodOptions {
  name?: string;
  hash?: string;
  templateGeneration?: number;
  ready?: boolean;
  /** Ready condition lastTransitionTime. */
  readySince?: string;
  created?: string;
  phase?: string;
  waiting?: string;
  restarts?: number;
  deleting?: boolean;
  /** Not yet bound: target only via node affinity. */
  unscheduled?: boolean;
  unschedulableReason?: string;
}

let podSeq = 0;

export function mkPod(ds: KDaemonSet, node: string, o: PodOptions = {}): KPod {
  const dsName = ds.metadata!.name!;
  const name = o.name ?? `${dsName}-${node}-${++podSeq}`;
  const ready = o.ready ?? true;
  const labels: Record<string, string> = { app: dsName };
  if (o.hash !== undefined) labels['controller-revision-hash'] = o.hash;
  if (o.templateGeneration !== undefined) labels['pod-template-generation'] = String(o.templateGeneration);
  const conditions = [
    { type: 'PodScheduled', status: o.unschedulableReason ? 'False' : 'True', ...(o.unschedulableReason ? { reason: 'Unschedulable', message: o.unschedulableReason } : {}) },
    { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: o.readySince ?? '2025-01-01T00:00:00Z' },
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ds.metadata!.namespace,
      uid: `pod-${name}`,
      labels,
      creationTimestamp: o.created ?? '2025-01-01T00:00:00Z',
      ...(o.deleting ? { deletionTimestamp: '2025-01-02T00:00:00Z' } : {}),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: dsName, uid: ds.metadata!.uid!, controller: true }],
    },
    spec: {
      ...(o.unscheduled ? {} : { nodeName: node }),
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } } },
      containers: [{ name: dsName, image: `example.com/${dsName}:1` }],
    },
    status: {
      phase: o.phase ?? (ready ? 'Running' : 'Pending'),
      conditions,
      containerStatuses: [
        {
          name: dsName,
          ready,
          restartCount: o.restarts ?? 0,
          state: o.waiting ? { waiting: { reason: o.waiting } } : ready ? { running: { startedAt: '2025-01-01T00:00:00Z' } } : { waiting: { reason: 'ContainerCreating' } },
        },
      ],
    },
  };
}

/** A synthetic fleet: `nodes` nodes × `agents` DaemonSets with one pod per eligible node. */
export function syntheticCluster(nodeCount: number, agentCount: number): { nodes: KNode[]; daemonSets: KDaemonSet[]; pods: KPod[]; revisions: KControllerRevision[] } {
  const nodes: KNode[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const name = `node-${String(i).padStart(5, '0')}`;
    const labels: Record<string, string> = { 'topology.kubernetes.io/zone': `zone-${i % 3}` };
    const taints: KTaint[] = [];
    if (i % 50 === 0) taints.push({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' });
    if (i % 97 === 0) taints.push({ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' });
    if (i % 10 === 0) labels['anyrobot-app'] = 'true';
    if (i % 101 === 0) labels['node-role.kubernetes.io/edge'] = '';
    nodes.push(mkNode(name, { labels, taints, ready: i % 499 === 0 ? 'Unknown' : 'True' }));
  }
  const daemonSets: KDaemonSet[] = [];
  const revisions: KControllerRevision[] = [];
  const pods: KPod[] = [];
  for (let a = 0; a < agentCount; a++) {
    const o: DaemonSetOptions = { namespace: `ns-${a % 4}`, minReadySeconds: a % 5 === 0 ? 30 : 0 };
    if (a % 4 === 1) o.nodeSelector = { 'anyrobot-app': 'true' };
    if (a % 4 === 2) o.affinityTerms = [{ matchExpressions: [{ key: 'node-role.kubernetes.io/edge', operator: 'DoesNotExist' }] }];
    if (a % 4 === 3) o.tolerations = [{ operator: 'Exists' }];
    const ds = mkDaemonSet(`agent-${a}`, o);
    daemonSets.push(ds);
    revisions.push(mkRevision(ds, 1, `h${a}`));
    for (const n of nodes) {
      const name = n.metadata!.name!;
      const i = Number(name.slice(5));
      const taints = n.spec?.taints ?? [];
      const labels = n.metadata!.labels!;
      const eligible =
        (o.tolerations !== undefined || taints.length === 0) &&
        (!o.nodeSelector || labels['anyrobot-app'] === 'true') &&
        (!o.affinityTerms || labels['node-role.kubernetes.io/edge'] === undefined);
      if (!eligible) continue;
      const failing = (i + a) % 211 === 0;
      pods.push(mkPod(ds, name, { name: `agent-${a}-${name}`, hash: `h${a}`, templateGeneration: 1, ready: !failing, waiting: failing ? 'CrashLoopBackOff' : undefined, restarts: failing ? 4 : 0 }));
    }
  }
  return { nodes, daemonSets, pods, revisions };
}
