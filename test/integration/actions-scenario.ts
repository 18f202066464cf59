/**
 * Scenario for the action and security tests: its own namespace and kwok nodes (labelled with a
 * unique id, DaemonSets select only them), so the tests can run beside other scenarios on the
 * shared local cluster, plus helpers that call route handlers in-process the way a browser
 * would (same Origin, CSRF header).
 */
import { AppsV1Api, CoreV1Api, KubeConfig, RbacAuthorizationV1Api, type V1DaemonSet, type V1Node, type V1Pod } from '@kubernetes/client-node';
import { CSRF_HEADER } from '@/lib/api/dto';
import { resetKubeConfig } from '@/lib/kube/contexts';
import { daemonSet, kwokNode, rollingUpdate } from '../support/builders';
import { until as waitUntil } from '../support/until';

export const LABEL = 'everynode.test/actions';
export const ORIGIN = 'http://everynode.test';

export function useClusterKubeconfig(): KubeConfig {
  const path = process.env.EVERYNODE_KUBECONFIG ?? process.env.KUBECONFIG;
  if (!path) throw new Error('EVERYNODE_KUBECONFIG is not set: run through the integration project (globalSetup starts the cluster)');
  process.env.KUBECONFIG = path;
  resetKubeConfig();
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

/** Actions wait on real rollouts: a longer default than the shared helper's. */
export const until = <T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 200) => waitUntil<T>(what, fn, timeoutMs, everyMs);

export interface ActionsScenario {
  id: string;
  ctx: string;
  kc: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  rbac: RbacAuthorizationV1Api;
  ns: string;
  nodes: string[];
  /** Every DaemonSet settled: observed, all pods updated and available. */
  waitRolledOut(name: string, timeoutMs?: number): Promise<V1DaemonSet>;
  /** The DaemonSet's pods (not terminating) on a node. */
  podsOn(name: string, node: string): Promise<V1Pod[]>;
  cleanup(): Promise<void>;
}

export function agentDaemonSet(ns: string, name: string, id: string, opts: { image?: string; onDelete?: boolean } = {}): V1DaemonSet {
  return daemonSet(ns, name, {
    image: opts.image,
    nodeSelector: { [LABEL]: id },
    updateStrategy: opts.onDelete ? { type: 'OnDelete' } : rollingUpdate(1),
  }) as V1DaemonSet;
}

/** Creates the namespace, `nodeCount` kwok nodes and the given DaemonSets, then waits for them to roll out. */
export async function createActionsScenario(kc: KubeConfig, prefix: string, nodeCount: number, daemonSets: (ns: string, id: string) => V1DaemonSet[]): Promise<ActionsScenario> {
  const id = `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const ns = `${id}-act`;
  const nodes = Array.from({ length: nodeCount }, (_, i) => `${id}-n${i + 1}`);
  await core.createNamespace({ body: { metadata: { name: ns, labels: { [LABEL]: id } } } });
  for (const n of nodes) await core.createNode({ body: kwokNode(n, { labels: { [LABEL]: id } }) as V1Node });
  const sets = daemonSets(ns, id);
  for (const ds of sets) await apps.createNamespacedDaemonSet({ namespace: ns, body: ds });

  const scenario: ActionsScenario = {
    id,
    ctx: kc.getCurrentContext(),
    kc,
    core,
    apps,
    rbac,
    ns,
    nodes,
    waitRolledOut: (name, timeoutMs = 60_000) =>
      until(
        `daemonset ${name} to roll out`,
        async () => {
          const ds = await apps.readNamespacedDaemonSet({ namespace: ns, name });
          const st = ds.status;
          const done =
            st !== undefined &&
            st.observedGeneration === ds.metadata?.generation &&
            st.desiredNumberScheduled === nodes.length &&
            st.updatedNumberScheduled === nodes.length &&
            st.numberAvailable === nodes.length &&
            (st.numberUnavailable ?? 0) === 0;
          return done ? ds : false;
        },
        timeoutMs,
      ),
    podsOn: async (name, node) => {
      const ds = await apps.readNamespacedDaemonSet({ namespace: ns, name });
      const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: `app=${name}` });
      return pods.items.filter(
        (p) => p.spec?.nodeName === node && !p.metadata?.deletionTimestamp && p.metadata?.ownerReferences?.some((r) => r.uid === ds.metadata?.uid),
      );
    },
    async cleanup() {
      await core.deleteNamespace({ name: ns }).catch(() => undefined);
      for (const n of nodes) await core.deleteNode({ name: n }).catch(() => undefined);
    },
  };
  for (const ds of sets) if (ds.spec?.updateStrategy?.type !== 'OnDelete') await scenario.waitRolledOut(ds.metadata!.name!);
  return scenario;
}

export interface Call {
  status: number;
  body: { ok?: true; message?: string; changed?: boolean; error?: { code: string; message: string } } & Record<string, unknown>;
  text: string;
}

type Handler = (request: Request, ctx: { params: Promise<never> }) => Promise<Response>;

/** Calls a route handler in-process and reads its JSON answer. */
export async function call(handler: Handler, request: Request, params: Record<string, string>): Promise<Call> {
  const res = await handler(request, { params: Promise.resolve(params) as Promise<never> });
  const text = await res.text();
  let body: Call['body'] = {};
  try {
    body = JSON.parse(text) as Call['body'];
  } catch {
    /* not JSON (SSE, metrics) */
  }
  return { status: res.status, body, text };
}

/** A POST as the console's own page sends it (same Origin, CSRF header), overridable per test. */
export function post(path: string, opts: { body?: BodyInit; json?: unknown; headers?: Record<string, string>; omit?: readonly string[] } = {}): Request {
  const headers: Record<string, string> = { origin: ORIGIN, [CSRF_HEADER]: '1', 'content-type': 'application/json', ...opts.headers };
  for (const h of opts.omit ?? []) delete headers[h];
  const body = opts.body ?? (opts.json === undefined ? undefined : JSON.stringify(opts.json));
  return new Request(`${ORIGIN}${path}`, { method: 'POST', headers, body });
}

export function get(path: string, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}${path}`, { headers });
}

/** resourceVersion of every DaemonSet, Pod and ControllerRevision in the namespace, plus each node's spec and labels. */
export async function snapshot(s: ActionsScenario): Promise<Record<string, string>> {
  const [dss, pods, revs] = await Promise.all([
    s.apps.listNamespacedDaemonSet({ namespace: s.ns }),
    s.core.listNamespacedPod({ namespace: s.ns }),
    s.apps.listNamespacedControllerRevision({ namespace: s.ns }),
  ]);
  const out: Record<string, string> = {};
  for (const [kind, items] of [['DaemonSet', dss.items], ['Pod', pods.items], ['ControllerRevision', revs.items]] as const) {
    for (const o of items) out[`${kind}/${o.metadata?.name}`] = o.metadata?.resourceVersion ?? '';
  }
  for (const n of s.nodes) {
    // Node resourceVersions move with kwok's heartbeats; what an action could change is spec and labels.
    const node = await s.core.readNode({ name: n });
    out[`Node/${n}`] = JSON.stringify({ spec: node.spec, labels: node.metadata?.labels });
  }
  return out;
}
