/**
 * The scenario's container logs, served by kwok through its Logs / ClusterLogs objects
 * (cluster/kwok/kwokctl.yaml enables those CRDs and the "kubelet" endpoints). Pure functions only.
 *
 * - `logsFile` / `previousLogsFile` are written relative to the repository root in scenario files;
 *   kwok reads them from its own file system, so they are made absolute when the scenario is applied.
 * - A ClusterLogs selects pods by namespace and name only. The annotation
 *   `everynode.dev/logs-on-nodes: a,b` asks for "these logs, but only for the pods on nodes a and b"
 *   (an agent that fails on some nodes): such a ClusterLogs is not applied as it is; once the pods
 *   exist it becomes one namespaced Logs per pod on those nodes, which kwok prefers over any
 *   ClusterLogs. A pod created later (a restart, a rollout) gets the namespace-wide logs again.
 */
import { isAbsolute, join } from 'node:path';
import type { KubeObject } from './scenario';

export const LOGS_ON_NODES_ANNOTATION = 'everynode.dev/logs-on-nodes';
const LOG_KINDS = new Set(['Logs', 'ClusterLogs']);

interface LogsItem {
  containers?: string[];
  logsFile?: string;
  previousLogsFile?: string;
  follow?: boolean;
}
interface LogsSpec {
  selector?: { matchNamespaces?: string[]; matchNames?: string[] };
  logs?: LogsItem[];
}

export const isLogsObject = (o: KubeObject) => LOG_KINDS.has(o.kind) && o.apiVersion.startsWith('kwok.x-k8s.io/');

const specOf = (o: KubeObject) => ((o as { spec?: LogsSpec }).spec ?? {}) as LogsSpec;

/** Copies of the objects with every log file path made absolute against `root`. */
export function resolveLogFiles(objects: KubeObject[], root: string): KubeObject[] {
  const abs = (p: string | undefined) => (p === undefined || isAbsolute(p) ? p : join(root, p));
  return objects.map((original) => {
    if (!isLogsObject(original)) return original;
    const o = structuredClone(original);
    for (const item of specOf(o).logs ?? []) {
      if (item.logsFile !== undefined) item.logsFile = abs(item.logsFile);
      if (item.previousLogsFile !== undefined) item.previousLogsFile = abs(item.previousLogsFile);
    }
    return o;
  });
}

/** Node names a ClusterLogs is pinned to, or undefined when it is an ordinary one. */
export function pinnedNodes(o: KubeObject): string[] | undefined {
  const value = o.kind === 'ClusterLogs' ? o.metadata.annotations?.[LOGS_ON_NODES_ANNOTATION] : undefined;
  return value === undefined ? undefined : value.split(',').map((n) => n.trim()).filter(Boolean);
}

/** The objects to apply now, and the node-pinned ClusterLogs to turn into per-pod Logs later. */
export function splitPinnedLogs(objects: KubeObject[]): { now: KubeObject[]; pinned: KubeObject[] } {
  const now: KubeObject[] = [];
  const pinned: KubeObject[] = [];
  for (const o of objects) (pinnedNodes(o) ? pinned : now).push(o);
  return { now, pinned };
}

export interface PodPlacement {
  namespace: string;
  name: string;
  nodeName: string;
}

/** One Logs per pod that a pinned ClusterLogs covers: in its namespaces, named if it names pods, on its nodes. */
export function logsForPinnedPods(pinned: KubeObject[], pods: PodPlacement[]): KubeObject[] {
  const out: KubeObject[] = [];
  for (const cl of pinned) {
    const nodes = new Set(pinnedNodes(cl) ?? []);
    const { selector = {}, logs = [] } = specOf(cl);
    for (const pod of pods) {
      if (!nodes.has(pod.nodeName)) continue;
      if (selector.matchNamespaces?.length && !selector.matchNamespaces.includes(pod.namespace)) continue;
      if (selector.matchNames?.length && !selector.matchNames.includes(pod.name)) continue;
      out.push({
        apiVersion: cl.apiVersion,
        kind: 'Logs',
        metadata: { name: pod.name, namespace: pod.namespace, labels: { ...cl.metadata.labels, 'everynode.dev/logs-from': cl.metadata.name } },
        spec: { logs: structuredClone(logs) },
      });
    }
  }
  return out;
}
