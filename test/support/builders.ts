/**
 * Builders of the objects every scenario creates — kwok nodes and DaemonSets — for the
 * integration and deploy tests, the conformance scenario, cluster/scenarios and the bench.
 * Plain JSON: usable with the client (`createNode({ body })`) and with `kubectl apply`.
 */
import type { V1DaemonSetUpdateStrategy, V1NodeStatus } from '@kubernetes/client-node';

/** Loose on purpose: scenarios also pass the engine's own K* types (lib/coverage/k8s.ts). */
export type Taint = { key?: string; value?: string; effect?: string };
export type PodSpecFields = { nodeSelector?: Record<string, string>; containers?: object[]; [field: string]: unknown };

/** The annotation that hands a node to kwok (it then plays the kubelet for it). */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

export type KwokNode = {
  apiVersion: 'v1';
  kind: 'Node';
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: { taints?: Taint[]; unschedulable?: boolean };
  status?: V1NodeStatus;
};

export interface KwokNodeOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  /** Status kwok starts from (capacity, addresses, nodeInfo); kwok fills in conditions. */
  status?: V1NodeStatus;
}

/** A kwok-managed Linux node carrying the labels a kubelet sets (hostname, os) plus `labels`. */
export function kwokNode(name: string, o: KwokNodeOptions = {}): KwokNode {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', type: 'kwok', ...o.labels },
      annotations: { [KWOK_NODE_ANNOTATION]: 'fake', ...o.annotations },
    },
    spec: { ...(o.taints && o.taints.length > 0 && { taints: o.taints }), ...(o.unschedulable && { unschedulable: true }) },
    ...(o.status && { status: o.status }),
  };
}

/** The same capacity and allocatable, e.g. `{ cpu: '8', memory: '32Gi', pods: '110' }`. */
export const capacity = (c: Record<string, string>): V1NodeStatus => ({ capacity: c, allocatable: c });

export type DaemonSetObject = {
  apiVersion: 'apps/v1';
  kind: 'DaemonSet';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: {
    selector: { matchLabels: Record<string, string> };
    updateStrategy?: V1DaemonSetUpdateStrategy;
    minReadySeconds?: number;
    template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpecFields & { containers: object[] } };
  };
};

export interface DaemonSetOptions {
  /** One container `agent` with this image unless `podSpec.containers` is given. */
  image?: string;
  /** Resource requests of that container. */
  requests?: Record<string, string>;
  /** Pod spec fields (affinity, tolerations, nodeSelector, containers...). */
  podSpec?: PodSpecFields;
  /** Merged into the pod spec's nodeSelector: how a scenario keeps its agents on its own nodes. */
  nodeSelector?: Record<string, string>;
  templateAnnotations?: Record<string, string>;
  updateStrategy?: V1DaemonSetUpdateStrategy;
  minReadySeconds?: number;
}

/** A DaemonSet selecting its pods by `app: <name>`. */
export function daemonSet(namespace: string, name: string, o: DaemonSetOptions = {}): DaemonSetObject {
  const labels = { app: name };
  const nodeSelector = { ...o.podSpec?.nodeSelector, ...o.nodeSelector };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace, labels },
    spec: {
      selector: { matchLabels: labels },
      ...(o.updateStrategy && { updateStrategy: o.updateStrategy }),
      ...(o.minReadySeconds !== undefined && { minReadySeconds: o.minReadySeconds }),
      template: {
        metadata: { labels, ...(o.templateAnnotations && { annotations: o.templateAnnotations }) },
        spec: {
          containers: [{ name: 'agent', image: o.image ?? 'registry.local/agent:1', ...(o.requests && { resources: { requests: o.requests } }) }],
          ...o.podSpec,
          ...(Object.keys(nodeSelector).length > 0 && { nodeSelector }),
        },
      },
    },
  };
}

export const rollingUpdate = (maxUnavailable: number | string = 1, maxSurge?: number | string): V1DaemonSetUpdateStrategy => ({
  type: 'RollingUpdate',
  rollingUpdate: { maxUnavailable, ...(maxSurge !== undefined && { maxSurge }) },
});
