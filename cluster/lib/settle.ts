/**
 * "Settled": the real controllers have caught up with what was applied. Every DaemonSet has
 * observed its latest generation, no pod is terminating, every node has reported readiness and the
 * node lifecycle controller has tainted (or untainted) it accordingly, and none of that has changed
 * for a quiet period. Polls the API; throws with the last observed state on timeout.
 */
import { AppsV1Api, CoreV1Api, type KubeConfig, type V1DaemonSet, type V1Node, type V1Pod } from '@kubernetes/client-node';

export interface SettleScope {
  namespaces: string[];
  /** Nodes that must exist and have settled readiness; omitted: nodes are not checked. */
  nodeNames?: string[];
}

export interface SettleOptions {
  timeoutMs?: number;
  /** How long nothing may change before the state counts as settled. */
  quietMs?: number;
  pollMs?: number;
  /** Also watch individual pods (phase, readiness, waiting reason, terminating). Off for huge scenarios. */
  pods?: boolean;
  /** Settled only once every DaemonSet is fully rolled out and available (scenarios without failing agents). */
  fullyAvailable?: boolean;
  /**
   * Wait for starting pods to become ready (default). Off, a quiet moment while pods are still
   * starting counts too — how to catch settled moments in the middle of a slow rollout.
   */
  waitForStartingPods?: boolean;
}

export interface DaemonSetState {
  namespace: string;
  name: string;
  generation: number;
  observedGeneration: number;
  desired: number;
  current: number;
  ready: number;
  updated: number;
  available: number;
  unavailable: number;
  misscheduled: number;
}

export interface SettledState {
  daemonSets: DaemonSetState[];
  /** Pods per namespace/name, when pods were watched. */
  pods: PodState[];
}

export interface PodState {
  namespace: string;
  name: string;
  /** Name of the controlling owner (the DaemonSet for daemon pods). */
  owner: string;
  nodeName: string;
  phase: string;
  ready: boolean;
  waiting: string[];
  terminating: boolean;
}

const NODE_CONDITION_TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

export async function waitSettled(kc: KubeConfig, scope: SettleScope, opts: SettleOptions = {}): Promise<SettledState> {
  const { timeoutMs = 120_000, quietMs = 2_000, pollMs = 250, pods = true, fullyAvailable = false, waitForStartingPods = true } = opts;
  const apps = kc.makeApiClient(AppsV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let lastState: SettledState = { daemonSets: [], pods: [] };
  let unsettled: string[] = ['not observed yet'];
  let stableSince = Date.now();

  for (;;) {
    const [dsLists, podLists, nodes] = await Promise.all([
      Promise.all(scope.namespaces.map((namespace) => apps.listNamespacedDaemonSet({ namespace }))),
      pods ? Promise.all(scope.namespaces.map((namespace) => core.listNamespacedPod({ namespace }))) : Promise.resolve([]),
      scope.nodeNames ? core.listNode().then((l) => l.items) : Promise.resolve<V1Node[]>([]),
    ]);
    lastState = {
      daemonSets: dsLists.flatMap((l) => l.items.map(daemonSetState)).sort(byKey),
      pods: podLists.flatMap((l) => l.items.map(podState)).sort(byKey),
    };
    unsettled = [
      ...unsettledDaemonSets(lastState),
      ...(fullyAvailable ? notFullyAvailable(lastState) : []),
      ...unsettledPods(lastState, waitForStartingPods),
      ...unsettledNodes(nodes, scope.nodeNames),
    ];
    const fingerprint = JSON.stringify([lastState, nodes.map(nodeState)]);
    if (fingerprint !== last || unsettled.length > 0) {
      last = fingerprint;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= quietMs) {
      return lastState;
    }
    if (Date.now() > deadline) {
      throw new Error(`cluster did not settle within ${timeoutMs / 1000}s: ${unsettled.join('; ') || 'state still changing'}\n${describe(lastState)}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

function daemonSetState(ds: V1DaemonSet): DaemonSetState {
  const s = ds.status;
  return {
    namespace: ds.metadata?.namespace ?? '',
    name: ds.metadata?.name ?? '',
    generation: ds.metadata?.generation ?? 0,
    observedGeneration: s?.observedGeneration ?? 0,
    desired: s?.desiredNumberScheduled ?? 0,
    current: s?.currentNumberScheduled ?? 0,
    ready: s?.numberReady ?? 0,
    updated: s?.updatedNumberScheduled ?? 0,
    available: s?.numberAvailable ?? 0,
    unavailable: s?.numberUnavailable ?? 0,
    misscheduled: s?.numberMisscheduled ?? 0,
  };
}

function podState(p: V1Pod): PodState {
  const statuses = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])];
  return {
    namespace: p.metadata?.namespace ?? '',
    name: p.metadata?.name ?? '',
    owner: p.metadata?.ownerReferences?.find((r) => r.controller)?.name ?? '',
    nodeName: p.spec?.nodeName ?? '',
    phase: p.status?.phase ?? '',
    ready: p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    waiting: statuses.flatMap((c) => (c.state?.waiting?.reason ? [c.state.waiting.reason] : [])),
    terminating: p.metadata?.deletionTimestamp != null,
  };
}

/** Readiness and the taints the node lifecycle controller derives from it (not heartbeat times). */
function nodeState(n: V1Node) {
  return {
    name: n.metadata?.name,
    ready: n.status?.conditions?.find((c) => c.type === 'Ready')?.status,
    taints: (n.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort(),
  };
}

function unsettledDaemonSets(state: SettledState): string[] {
  return state.daemonSets.flatMap((d) => {
    const id = `${d.namespace}/${d.name}`;
    if (d.observedGeneration < d.generation) return [`${id} generation ${d.generation} not observed (at ${d.observedGeneration})`];
    // Ready pods become available minReadySeconds later; the status only moves when that time is up.
    if (d.available < d.ready) return [`${id}: ${d.ready - d.available} ready pod(s) not available yet`];
    return [];
  });
}

function notFullyAvailable(state: SettledState): string[] {
  return state.daemonSets
    .filter((d) => d.current < d.desired || d.updated < d.desired || d.available < d.desired)
    .map((d) => `${d.namespace}/${d.name}: ${d.available}/${d.desired} available, ${d.updated} up to date`)
    .slice(0, 5);
}

/**
 * Terminating pods, and pods on a node that are neither ready nor stuck in a waiting state
 * (ImagePullBackOff, CrashLoopBackOff, …): those are still starting — on this cluster every
 * container either becomes ready or reports why not. Unscheduled pods may stay so for good.
 */
function unsettledPods(state: SettledState, waitForStarting: boolean): string[] {
  const terminating = state.pods.filter((p) => p.terminating).length;
  const starting = !waitForStarting ? 0 : state.pods.filter((p) => !p.terminating && p.nodeName && !p.ready && p.waiting.length === 0 && p.phase !== 'Succeeded' && p.phase !== 'Failed').length;
  return [...(terminating > 0 ? [`${terminating} pod(s) terminating`] : []), ...(starting > 0 ? [`${starting} pod(s) starting`] : [])];
}

function unsettledNodes(nodes: V1Node[], wanted: string[] | undefined): string[] {
  if (!wanted) return [];
  const byName = new Map(nodes.map((n) => [n.metadata?.name ?? '', n]));
  const problems: string[] = [];
  let missing = 0;
  for (const name of wanted) {
    const node = byName.get(name);
    if (!node) {
      missing++;
      continue;
    }
    const { ready, taints } = nodeState(node);
    const conditionTainted = taints.some((t) => NODE_CONDITION_TAINTS.some((k) => t === `${k}:NoSchedule`));
    if (ready === undefined) problems.push(`node ${name} has not reported readiness`);
    else if ((ready === 'True') === conditionTainted) problems.push(`node ${name} Ready=${ready} but taints ${taints.join(',') || 'none'}`);
  }
  if (missing > 0) problems.unshift(`${missing} node(s) missing`);
  return problems.slice(0, 5);
}

function byKey(a: { namespace: string; name: string }, b: { namespace: string; name: string }): number {
  return a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}

/** kubectl-get-ds-like table of the last observed state, for error messages and logs. */
export function describe(state: SettledState): string {
  const rows = state.daemonSets.map(
    (d) =>
      `  ${d.namespace}/${d.name}: desired ${d.desired} current ${d.current} ready ${d.ready} up-to-date ${d.updated} available ${d.available} (generation ${d.observedGeneration}/${d.generation})`,
  );
  return rows.join('\n') || '  (no DaemonSets)';
}
