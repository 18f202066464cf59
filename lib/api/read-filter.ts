import type { AgentSummary, CoverageResponse, DaemonSetDetailResponse, GridCellDTO, NodeDetailResponse, NodeTable, ReasonDTO } from '@/lib/api/dto';
import type { NamespaceRights } from '@/lib/kube/security/rbac-rules';

/**
 * Cuts a read answer (built from the shared cache) down to what one person may list. Pure:
 * DTO in, DTO out. The model, also in the README's security section:
 * - an agent is shown only where the person may list daemonsets; elsewhere it is absent (404
 *   for its page), never shown empty;
 * - without `list pods` there: its counts, rollout summary and per-node states stay (what the
 *   DaemonSet's status and the node grid summarise), pod names, containers, restarts, kubelet
 *   messages and pod Events go;
 * - without `list controllerrevisions` there: no revision history;
 * - a cell's cause (lib/coverage/causes.ts) quotes Events and pod conditions: it needs both
 *   `list events` and `list pods` in the agent's namespace;
 * - without `list nodes`: only the nodes that run a pod the person may see are listed (they can
 *   read those names from their pods), with no labels, taints, conditions, capacity or cordon
 *   flag, and no reason that quotes them (taint, selector, affinity, node condition). Readiness
 *   stays: it is already in the cells' node-unhealthy state.
 * Every cut adds a sentence to `limits`, so the page can say which right is missing.
 */

export interface Visibility {
  nodes: boolean;
  clusterEvents: boolean;
  rights(namespace: string): NamespaceRights;
}

export const LIMIT_NODES = 'Node labels, taints and conditions are hidden, and only the nodes running pods you may see are listed: you may not list nodes.';
export const limitPods = (ns: string) => `Pods in namespace "${ns}" are hidden (counts and states only): you may not list pods there.`;
export const limitRevisions = (ns: string) => `Revision history is hidden: you may not list controllerrevisions in namespace "${ns}".`;
export const LIMIT_NODE_EVENTS = "The node's Events are hidden: you may not list events in all namespaces.";
export const limitPodEvents = (ns: string) => `Events of pods in namespace "${ns}" are hidden: you may not list events there.`;
export const LIMIT_NO_AGENTS = 'You may not list daemonsets in any namespace that has agents.';

/** Reasons that quote node facts (labels, taints, conditions, the template's nodeName). */
const NODE_REASONS: ReadonlySet<ReasonDTO['kind']> = new Set(['taint', 'nodeSelector', 'affinity', 'node', 'nodeName']);

const withLimits = (limits: readonly string[]) => (limits.length > 0 ? { limits: [...new Set(limits)] } : {});

/** Node names the person learns from their pods: those running a pod they may list. */
export function nodesWithVisiblePods(agents: readonly { namespace: string; cells: readonly { node: string; pods: readonly unknown[] }[] }[], v: Visibility): Set<string> {
  const out = new Set<string>();
  for (const a of agents) {
    if (!v.rights(a.namespace).daemonsets || !v.rights(a.namespace).pods) continue;
    for (const c of a.cells) if (c.pods.length > 0) out.add(c.node);
  }
  return out;
}

/** Indexes of the visible nodes in `table` order; undefined when every node is. */
function visibleIndexes(table: NodeTable, v: Visibility, podNodes: ReadonlySet<string>): number[] | undefined {
  if (v.nodes) return undefined;
  const out: number[] = [];
  table.names.forEach((n, i) => {
    if (podNodes.has(n)) out.push(i);
  });
  return out;
}

/** The table at `idx` without node facts (labels, cordon flags); readiness kept (see above). */
function nodeTableAt(table: NodeTable, idx: readonly number[]): NodeTable {
  return {
    names: idx.map((i) => table.names[i]!),
    ready: idx.map((i) => table.ready[i] ?? 'R').join(''),
    cordoned: '0'.repeat(idx.length),
    labelPairs: [],
    labels: idx.map(() => []),
  };
}

/** Causes quote the DaemonSet's and its pods' Events and the pods' conditions. */
const causesVisible = (ns: string, v: Visibility) => v.rights(ns).events && v.rights(ns).pods;

function summaryFor(a: AgentSummary, v: Visibility): AgentSummary {
  return v.nodes ? a : { ...a, excludedByReason: {} };
}

function reasonsFor(reasons: readonly ReasonDTO[], v: Visibility, pods: boolean): ReasonDTO[] {
  return reasons.filter((r) => (r.kind === 'pod' ? pods : v.nodes || !NODE_REASONS.has(r.kind)));
}

function limitsFor(namespaces: Iterable<string>, v: Visibility, revisions: boolean): string[] {
  const out: string[] = v.nodes ? [] : [LIMIT_NODES];
  for (const ns of namespaces) {
    const r = v.rights(ns);
    if (!r.pods) out.push(limitPods(ns));
    if (revisions && !r.controllerrevisions) out.push(limitRevisions(ns));
  }
  return out;
}

export function filterCoverage(c: CoverageResponse, v: Visibility, podNodes: ReadonlySet<string>): CoverageResponse {
  const agents = c.agents.filter((a) => v.rights(a.namespace).daemonsets);
  const idx = visibleIndexes(c.nodes, v, podNodes);
  const limits = limitsFor(new Set(agents.map((a) => a.namespace)), v, false);
  if (agents.length === 0 && c.agents.length > 0) limits.push(LIMIT_NO_AGENTS);
  return {
    ...c,
    nodes: idx ? nodeTableAt(c.nodes, idx) : c.nodes,
    agents: agents.map(({ causes, ...a }) => ({
      ...summaryFor(a, v),
      grid: idx ? idx.map((i) => a.grid[i] ?? '').join('') : a.grid,
      ...(causes && causesVisible(a.namespace, v) ? { causes } : {}),
    })),
    ...withLimits(limits),
  };
}

/** The caller has checked that the person may list this agent's DaemonSet. */
export function filterDaemonSet(d: DaemonSetDetailResponse, v: Visibility, podNodes: ReadonlySet<string>): DaemonSetDetailResponse {
  const ns = d.agent.namespace;
  const { pods, controllerrevisions } = v.rights(ns);
  const idx = visibleIndexes(d.nodes, v, podNodes);
  const cells = (idx ? idx.map((i) => d.cells[i]!) : d.cells).map(
    (c): GridCellDTO => {
      const { taintMismatch, cause, ...rest } = c;
      return {
        ...rest,
        ...(v.nodes && taintMismatch !== undefined ? { taintMismatch } : {}),
        ...(cause && causesVisible(ns, v) ? { cause } : {}),
        reasons: reasonsFor(c.reasons, v, pods),
        pods: pods ? c.pods : [],
      };
    },
  );
  return {
    ...d,
    agent: summaryFor(d.agent, v),
    nodes: idx ? nodeTableAt(d.nodes, idx) : d.nodes,
    cells,
    rollout: { ...d.rollout, blocking: { badNode: v.nodes ? d.rollout.blocking.badNode : [], badPod: pods ? d.rollout.blocking.badPod : [] } },
    revisions: controllerrevisions ? d.revisions : [],
    ...withLimits(limitsFor([ns], v, true)),
  };
}

/**
 * The node's facts and agents as the person may see them. Events must already be limited at
 * fetch time (see nodeEventSources): this only adds the sentences saying which are left out.
 */
export function filterNode(n: NodeDetailResponse, v: Visibility): NodeDetailResponse {
  const agents = n.agents
    .filter((a) => v.rights(a.namespace).daemonsets)
    .map((a) => {
      const pods = v.rights(a.namespace).pods;
      const { fixHint, cause, ...rest } = a;
      return {
        ...rest,
        ...(v.nodes && fixHint !== undefined ? { fixHint } : {}),
        ...(cause && causesVisible(a.namespace, v) ? { cause } : {}),
        reasons: reasonsFor(a.reasons, v, pods),
        pods: pods ? a.pods : [],
      };
    });
  const namespaces = new Set(agents.map((a) => a.namespace));
  const limits = limitsFor(namespaces, v, false);
  if (!v.clusterEvents || !v.nodes) limits.push(LIMIT_NODE_EVENTS);
  for (const ns of namespaces) if (v.rights(ns).pods && !v.rights(ns).events) limits.push(limitPodEvents(ns));
  const node = v.nodes
    ? n.node
    : { ...n.node, labels: {}, taints: [], conditions: [], capacity: {}, allocatable: {}, kubeletVersion: '', unschedulable: false, createdAt: '' };
  return { ...n, node, agents, ...withLimits(limits) };
}

/** Which Events the node page may list for the person: the Node's own, and their pods'. */
export function nodeEventSources<P extends { namespace: string }>(pods: readonly P[], v: Visibility): { node: boolean; pods: P[] } {
  return {
    node: v.nodes && v.clusterEvents,
    pods: pods.filter((p) => v.rights(p.namespace).daemonsets && v.rights(p.namespace).pods && v.rights(p.namespace).events),
  };
}
