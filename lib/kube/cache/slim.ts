/**
 * Objects are slimmed as they arrive so the cache holds only what the engine and the pages read:
 * no managedFields, no annotations except the few with meaning here, no node image lists.
 * At 5,000 nodes and 100,000 daemon pods this is most of the server's memory.
 */

export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    ownerReferences?: { apiVersion?: string; kind?: string; name?: string; uid?: string; controller?: boolean }[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
};

export type CachedKind = 'Node' | 'DaemonSet' | 'Pod' | 'ControllerRevision';

/** Annotations that carry meaning for Everynode (generation of old controllers, rollout history). */
const KEPT_ANNOTATIONS = new Set(['deprecated.daemonset.template.generation', 'kubernetes.io/change-cause']);
/** A staged rollout's state lives in these (lib/staged/annotations.ts); its saved previous template is read only on abort. */
const keepAnnotation = (key: string) => KEPT_ANNOTATIONS.has(key) || (key.startsWith('everynode.dev/rollout-') && key !== 'everynode.dev/rollout-previous-template');

function pick<T extends object>(obj: T | undefined, keys: readonly string[]): Partial<T> | undefined {
  if (!obj) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (obj as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as Partial<T>;
}

function slimMetadata(meta: KubeObject['metadata']): KubeObject['metadata'] {
  if (!meta) return {};
  const out = pick(meta, [
    'name',
    'namespace',
    'uid',
    'resourceVersion',
    'generation',
    'labels',
    'creationTimestamp',
    'deletionTimestamp',
    'ownerReferences',
  ]) as NonNullable<KubeObject['metadata']>;
  if (meta.annotations) {
    const kept = Object.entries(meta.annotations).filter(([k]) => keepAnnotation(k));
    if (kept.length > 0) out.annotations = Object.fromEntries(kept);
  }
  return out;
}

function slimNode(obj: KubeObject): KubeObject {
  const status = (obj.status ?? {}) as Record<string, unknown>;
  const nodeInfo = status.nodeInfo as Record<string, unknown> | undefined;
  return {
    apiVersion: obj.apiVersion ?? 'v1',
    kind: 'Node',
    metadata: slimMetadata(obj.metadata),
    spec: pick(obj.spec as Record<string, unknown> | undefined, ['taints', 'unschedulable', 'providerID', 'podCIDR']) ?? {},
    status: {
      ...pick(status, ['conditions', 'capacity', 'allocatable', 'addresses', 'phase']),
      ...(nodeInfo ? { nodeInfo: pick(nodeInfo, ['kubeletVersion', 'containerRuntimeVersion', 'osImage', 'architecture', 'operatingSystem', 'kernelVersion']) } : {}),
    },
  };
}

/** DaemonSets are few; keep spec and status whole (template, strategy, status counts). */
function slimDaemonSet(obj: KubeObject): KubeObject {
  return {
    apiVersion: obj.apiVersion ?? 'apps/v1',
    kind: 'DaemonSet',
    metadata: slimMetadata(obj.metadata),
    spec: obj.spec,
    status: obj.status,
  };
}

const POD_SPEC_KEYS = ['nodeName', 'nodeSelector', 'affinity', 'tolerations', 'hostNetwork', 'priorityClassName', 'schedulerName'] as const;
const POD_STATUS_KEYS = [
  'phase',
  'conditions',
  'containerStatuses',
  'initContainerStatuses',
  'startTime',
  'reason',
  'message',
  'nominatedNodeName',
] as const;

function slimContainer(c: unknown): unknown {
  return pick(c as Record<string, unknown>, ['name', 'image', 'ports', 'resources']);
}

function slimPod(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  return {
    apiVersion: obj.apiVersion ?? 'v1',
    kind: 'Pod',
    metadata: slimMetadata(obj.metadata),
    spec: {
      ...pick(spec, POD_SPEC_KEYS),
      containers: Array.isArray(spec.containers) ? spec.containers.map(slimContainer) : [],
      ...(Array.isArray(spec.initContainers) ? { initContainers: spec.initContainers.map(slimContainer) } : {}),
    },
    status: pick(obj.status as Record<string, unknown> | undefined, POD_STATUS_KEYS) ?? {},
  };
}

/** ControllerRevision `data` is the template patch: needed for history diffs and rollback. */
function slimRevision(obj: KubeObject): KubeObject {
  return {
    apiVersion: obj.apiVersion ?? 'apps/v1',
    kind: 'ControllerRevision',
    metadata: slimMetadata(obj.metadata),
    revision: obj.revision,
    data: obj.data,
  };
}

export const slim: Record<CachedKind, (obj: KubeObject) => KubeObject> = {
  Node: slimNode,
  DaemonSet: slimDaemonSet,
  Pod: slimPod,
  ControllerRevision: slimRevision,
};

/** The controller reference of an object, if any (the owner with controller: true). */
export function controllerRef(obj: KubeObject) {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** Only pods a DaemonSet controls are cached; every other pod is dropped on arrival. */
export function isDaemonPod(obj: KubeObject): boolean {
  return controllerRef(obj)?.kind === 'DaemonSet';
}

/** Only revisions a DaemonSet owns. */
export function isDaemonRevision(obj: KubeObject): boolean {
  return controllerRef(obj)?.kind === 'DaemonSet';
}

/**
 * True when two versions of a Node differ only in heartbeat times (kubelets re-post status
 * every few minutes; at 5,000 nodes that is a steady trickle of updates nobody needs to see).
 */
export function isHeartbeatOnly(previous: KubeObject, next: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const status = (o.status ?? {}) as { conditions?: Record<string, unknown>[] };
    return JSON.stringify({
      metadata: { ...o.metadata, resourceVersion: undefined },
      spec: o.spec,
      status: { ...status, conditions: status.conditions?.map((c) => ({ ...c, lastHeartbeatTime: undefined })) },
    });
  };
  return strip(previous) === strip(next);
}
