/**
 * Scenarios: lists of Kubernetes objects (nodes, namespaces, agents) applied to the local cluster.
 * Pure functions only: parsing, apply phases and the isolation rewrite that lets many scenarios
 * share one cluster without seeing each other's nodes.
 */
import { parseAllDocuments } from 'yaml';
import { LOGS_ON_NODES_ANNOTATION } from './pod-logs';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Label on every node of an isolated scenario; its DaemonSets require it. */
export const SCENARIO_LABEL = 'everynode.test/scenario';
/** `everynode.dev/apply: after-settled` marks a change applied once the first objects have settled. */
export const APPLY_PHASE_ANNOTATION = 'everynode.dev/apply';
export const AFTER_SETTLED = 'after-settled';

export function parseScenarioYaml(text: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`invalid scenario YAML: ${doc.errors[0]?.message}`);
    const value: unknown = doc.toJS();
    if (value == null) continue; // comment-only document
    if (!isKubeObject(value)) throw new Error(`not a Kubernetes object: ${JSON.stringify(value).slice(0, 120)}`);
    objects.push(value);
  }
  return objects;
}

function isKubeObject(v: unknown): v is KubeObject {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const meta = o.metadata as Record<string, unknown> | undefined;
  return typeof o.apiVersion === 'string' && typeof o.kind === 'string' && typeof meta?.name === 'string';
}

/** Splits objects into the first apply and the changes applied after it settled (annotation removed). */
export function splitPhases(objects: KubeObject[]): { initial: KubeObject[]; afterSettled: KubeObject[] } {
  const initial: KubeObject[] = [];
  const afterSettled: KubeObject[] = [];
  for (const o of objects) {
    if (o.metadata.annotations?.[APPLY_PHASE_ANNOTATION] !== AFTER_SETTLED) {
      initial.push(o);
      continue;
    }
    const copy = structuredClone(o);
    const annotations = { ...copy.metadata.annotations };
    delete annotations[APPLY_PHASE_ANNOTATION];
    if (Object.keys(annotations).length > 0) copy.metadata.annotations = annotations;
    else delete copy.metadata.annotations;
    afterSettled.push(copy);
  }
  return { initial, afterSettled };
}

/** Namespaces first (namespaced objects need them), then nodes, then the rest; stable otherwise. */
export function applyOrder(objects: KubeObject[]): KubeObject[] {
  const rank = (o: KubeObject) => (o.kind === 'Namespace' ? 0 : o.kind === 'Node' ? 1 : 2);
  return [...objects].sort((a, b) => rank(a) - rank(b));
}

export function namespacesOf(objects: KubeObject[]): string[] {
  const names = new Set<string>();
  for (const o of objects) {
    if (o.kind === 'Namespace') names.add(o.metadata.name);
    else if (o.metadata.namespace) names.add(o.metadata.namespace);
  }
  return [...names];
}

export function nodeNamesOf(objects: KubeObject[]): string[] {
  return objects.filter((o) => o.kind === 'Node').map((o) => o.metadata.name);
}

/** The name a scenario object gets in isolation: `<id>-<name>`. */
export function scoped(id: string, name: string): string {
  return `${id}-${name}`;
}

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}
interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}
interface Taint {
  key: string;
  value?: string;
  effect: string;
}
interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}
const scenarioTaint = (id: string): Taint => ({ key: SCENARIO_LABEL, value: id, effect: 'NoSchedule' });

interface PodSpecLike {
  tolerations?: Toleration[];
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } } };
}
const HOSTNAME_LABEL = 'kubernetes.io/hostname';
const WORKLOAD_KINDS = new Set(['DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet', 'Job']);

/**
 * Rewrites a scenario so it lives beside others on one cluster: node names and namespaces get the
 * `<id>-` prefix, nodes get the label {@link SCENARIO_LABEL}=id, and every workload's pod template
 * requires that label — ANDed into each existing required node-affinity term (or one new term), so
 * the scenario's own placement rules keep their meaning and no other scenario's nodes qualify.
 * The other direction: nodes are also tainted {@link SCENARIO_LABEL}=id:NoSchedule and only the
 * scenario's workloads tolerate it, so agents applied without isolation (the demo seed) stay off
 * them — except agents that tolerate every taint, which is what such agents are for.
 * Partial follow-up changes (see {@link splitPhases}) pass `partial: true`: they are renamed but get
 * no affinity, which would replace the whole (atomic) list of terms the first apply set.
 */
export function isolate(objects: KubeObject[], id: string, { partial = false }: { partial?: boolean } = {}): KubeObject[] {
  const nodeNames = new Set(nodeNamesOf(objects));
  const renameNode = (n: string) => (nodeNames.has(n) ? scoped(id, n) : n);
  // Namespaces a scenario uses without declaring (kube-system, default) become its own too.
  const declared = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  const implied: KubeObject[] = partial
    ? []
    : namespacesOf(objects)
        .filter((ns) => !declared.has(ns))
        .map((ns) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }));
  return [...implied, ...objects].map((original) => {
    const o = structuredClone(original);
    if (o.kind === 'Node') {
      o.metadata.name = scoped(id, o.metadata.name);
      o.metadata.labels = { ...o.metadata.labels, [SCENARIO_LABEL]: id };
      if (o.metadata.labels[HOSTNAME_LABEL] !== undefined) o.metadata.labels[HOSTNAME_LABEL] = o.metadata.name;
      const spec = ((o as { spec?: { taints?: Taint[] } }).spec ??= {});
      spec.taints = [...(spec.taints ?? []), scenarioTaint(id)];
      const addresses = (o.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? [];
      for (const a of addresses) if (a.type === 'Hostname') a.address = o.metadata.name;
      return o;
    }
    if (o.kind === 'Namespace') {
      o.metadata.name = scoped(id, o.metadata.name);
      return o;
    }
    if (o.kind === 'ClusterLogs') return isolateClusterLogs(o, id, renameNode);
    if (o.metadata.namespace) o.metadata.namespace = scoped(id, o.metadata.namespace);
    // A bare pod bound to a scenario node (e.g. one holding a host port) follows the node's new name.
    const bare = o.kind === 'Pod' ? (o.spec as PodSpecLike | undefined) : undefined;
    if (bare?.nodeName && !partial) bare.nodeName = renameNode(bare.nodeName);
    const podSpec = (o.spec as { template?: { spec?: PodSpecLike } } | undefined)?.template?.spec;
    if (WORKLOAD_KINDS.has(o.kind) && podSpec && !partial) requireScenarioNodes(podSpec, id, renameNode);
    return o;
  });
}

/**
 * kwok's cluster-scoped ClusterLogs (see cluster/lib/pod-logs.ts): its own name, the scenario label
 * (so cleanup finds it), and the namespaces and pinned nodes it selects renamed like the rest.
 */
function isolateClusterLogs(o: KubeObject, id: string, renameNode: (n: string) => string): KubeObject {
  o.metadata.name = scoped(id, o.metadata.name);
  o.metadata.labels = { ...o.metadata.labels, [SCENARIO_LABEL]: id };
  const selector = (o.spec as { selector?: { matchNamespaces?: string[] } } | undefined)?.selector;
  if (selector?.matchNamespaces) selector.matchNamespaces = selector.matchNamespaces.map((ns) => scoped(id, ns));
  const pinned = o.metadata.annotations?.[LOGS_ON_NODES_ANNOTATION];
  if (pinned !== undefined) {
    o.metadata.annotations = { ...o.metadata.annotations, [LOGS_ON_NODES_ANNOTATION]: pinned.split(',').map((n) => renameNode(n.trim())).join(',') };
  }
  return o;
}

function requireScenarioNodes(spec: PodSpecLike, id: string, renameNode: (n: string) => string): void {
  // References to the scenario's own nodes follow their new names.
  if (spec.nodeName) spec.nodeName = renameNode(spec.nodeName);
  const pinned = spec.nodeSelector?.[HOSTNAME_LABEL];
  if (spec.nodeSelector && pinned !== undefined) spec.nodeSelector[HOSTNAME_LABEL] = renameNode(pinned);
  const renameValues = (r: NodeSelectorRequirement, key: string) => (r.key === key ? { ...r, values: r.values?.map(renameNode) } : r);
  spec.tolerations = [...(spec.tolerations ?? []), { ...scenarioTaint(id), operator: 'Equal' }];
  const required = (((spec.affinity ??= {}).nodeAffinity ??= {}).requiredDuringSchedulingIgnoredDuringExecution ??= {});
  const mine: NodeSelectorRequirement = { key: SCENARIO_LABEL, operator: 'In', values: [id] };
  const terms = required.nodeSelectorTerms ?? [];
  required.nodeSelectorTerms =
    terms.length === 0
      ? [{ matchExpressions: [mine] }]
      : terms.map((t) => ({
          ...t,
          matchExpressions: [...(t.matchExpressions ?? []).map((r) => renameValues(r, HOSTNAME_LABEL)), mine],
          ...(t.matchFields && { matchFields: t.matchFields.map((f) => renameValues(f, 'metadata.name')) }),
        }));
}
