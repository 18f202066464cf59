/**
 * Minimal structural types of the Kubernetes objects the engine reads: a subset of the real JSON,
 * every field optional as it is on the wire. Objects from `@kubernetes/client-node` (V1Node,
 * V1DaemonSet, V1Pod, V1ControllerRevision) are assignable to them; timestamps may be `Date`
 * (typed list results) or RFC 3339 strings (raw watch events), so both are accepted.
 */

export type KTime = Date | string | null | undefined;
export type KIntOrString = number | string;

export interface KOwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}

export interface KObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: KTime;
  deletionTimestamp?: KTime;
  ownerReferences?: KOwnerReference[];
}

export interface KTaint {
  key?: string;
  value?: string;
  effect?: string;
  timeAdded?: KTime;
}

export interface KToleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number | null;
}

export interface KNodeSelectorRequirement {
  key?: string;
  operator?: string;
  values?: string[];
}

export interface KNodeSelectorTerm {
  matchExpressions?: KNodeSelectorRequirement[];
  matchFields?: KNodeSelectorRequirement[];
}

export interface KNodeSelector {
  nodeSelectorTerms?: KNodeSelectorTerm[];
}

export interface KAffinity {
  nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: KNodeSelector };
}

export interface KContainer {
  name?: string;
  image?: string;
}

export interface KPodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: KAffinity;
  tolerations?: KToleration[];
  hostNetwork?: boolean;
  containers?: KContainer[];
  initContainers?: KContainer[];
}

export interface KPodTemplateSpec {
  metadata?: KObjectMeta;
  spec?: KPodSpec;
}

export interface KLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key?: string; operator?: string; values?: string[] }[];
}

export interface KDaemonSetStatus {
  currentNumberScheduled?: number;
  desiredNumberScheduled?: number;
  numberAvailable?: number;
  numberMisscheduled?: number;
  numberReady?: number;
  numberUnavailable?: number;
  observedGeneration?: number;
  updatedNumberScheduled?: number;
}

export interface KDaemonSet {
  apiVersion?: string;
  kind?: string;
  metadata?: KObjectMeta;
  spec?: {
    selector?: KLabelSelector;
    template?: KPodTemplateSpec;
    updateStrategy?: {
      type?: string;
      rollingUpdate?: { maxUnavailable?: KIntOrString; maxSurge?: KIntOrString };
    };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
  };
  status?: KDaemonSetStatus;
}

export interface KCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: KTime;
  lastHeartbeatTime?: KTime;
}

export interface KContainerState {
  running?: { startedAt?: KTime };
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number; startedAt?: KTime; finishedAt?: KTime };
}

export interface KContainerStatus {
  name?: string;
  image?: string;
  ready?: boolean;
  restartCount?: number;
  state?: KContainerState;
  lastState?: KContainerState;
}

export interface KPod {
  apiVersion?: string;
  kind?: string;
  metadata?: KObjectMeta;
  spec?: KPodSpec;
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: KCondition[];
    containerStatuses?: KContainerStatus[];
    initContainerStatuses?: KContainerStatus[];
  };
}

export interface KNode {
  apiVersion?: string;
  kind?: string;
  metadata?: KObjectMeta;
  spec?: { taints?: KTaint[]; unschedulable?: boolean };
  status?: {
    conditions?: KCondition[];
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
    nodeInfo?: { kubeletVersion?: string };
  };
}

export interface KControllerRevision {
  apiVersion?: string;
  kind?: string;
  metadata?: KObjectMeta;
  revision?: number;
  /** Serialized state; for DaemonSets `{ spec: { template: {..., $patch: 'replace'} } }`. */
  data?: unknown;
}

export type KindName = 'Node' | 'DaemonSet' | 'Pod' | 'ControllerRevision';

/** Label the controller puts on pods and revisions: the hash of the template revision. */
export const REVISION_HASH_LABEL = 'controller-revision-hash';
/** Legacy pod label compared with the DaemonSet's template-generation annotation. */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

/** Milliseconds since the epoch, or undefined when absent/unparseable. */
export function timeMs(t: KTime): number | undefined {
  if (t === null || t === undefined) return undefined;
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** RFC 3339 text of a timestamp as the API server writes it (second precision), or ''. */
export function timeText(t: KTime): string {
  if (t === null || t === undefined) return '';
  if (typeof t === 'string') return t;
  return Number.isNaN(t.getTime()) ? '' : t.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The controlling owner reference (controller=true), as `metav1.GetControllerOf` returns it.
 * @see https://github.com/kubernetes/apimachinery/blob/v0.36.3/pkg/apis/meta/v1/controller_ref.go
 */
function controllerOf(meta: KObjectMeta | undefined): KOwnerReference | undefined {
  return meta?.ownerReferences?.find((r) => r.controller === true);
}

/** UID of the DaemonSet that controls this object, if a DaemonSet does. */
export function daemonSetOwnerUid(meta: KObjectMeta | undefined): string | undefined {
  const ref = controllerOf(meta);
  return ref && ref.kind === 'DaemonSet' && ref.uid ? ref.uid : undefined;
}
