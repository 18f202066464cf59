/**
 * Issue #19: in proxy mode each person reads only what Kubernetes lets them list, although every
 * answer comes from the one cache the console's ServiceAccount fills. The console here runs with
 * exactly the deployed RBAC (deploy/base ClusterRole + the auth-proxy overlay's impersonation),
 * as a ServiceAccount token, so the reviews it sends as each person need nothing more.
 *
 * Four people, bound to different Roles, each read every route (coverage, agent pages, node
 * page with Events, SSE) plus what the browser derives from coverage (search, CSV/JSON export);
 * each answer is checked against `kubectl auth can-i … --as` for that person.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { V1PolicyRule } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import * as coverageRoute from '@/app/api/clusters/[ctx]/coverage/route';
import * as daemonSetRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/route';
import * as eventsRoute from '@/app/api/clusters/[ctx]/events/route';
import * as nodeRoute from '@/app/api/clusters/[ctx]/nodes/[node]/route';
import { gapRecords, gapsToCsv, gapsToJson, matrixAgents, matrixRows } from '@/components/matrix/matrix-model';
import { searchEverything } from '@/components/shell/search-model';
import type { CoverageResponse, DaemonSetDetailResponse, NodeDetailResponse } from '@/lib/api/dto';
import { LIMIT_NODES, limitPods } from '@/lib/api/read-filter';
import { getCache, stopAllCaches } from '@/lib/kube/cache/registry';
import { resetKubeConfig } from '@/lib/kube/contexts';
import { accessReviewCounts, forgetReadAccess } from '@/lib/kube/security/read-access';
import { canI, kubectl } from '../support/kubectl';
import { createToken, endpointOf, IN_CLUSTER_CONTEXT, serviceAccountKubeconfig } from '../deploy/service-account';
import { agentDaemonSet, call, createActionsScenario, get, LABEL, until, useClusterKubeconfig, type ActionsScenario } from './actions-scenario';

type Handler = Parameters<typeof call>[0];

interface Person {
  what: string;
  user: string;
  groups?: string;
}

let s: ActionsScenario;
let admin: string;
let nsB: string;
let people: Person[];
let tmp: string;
const ctx = IN_CLUSTER_CONTEXT;
const TAINT = 'everynode.test/read-access';
const READ = ['get', 'list', 'watch'];
const cleanups: (() => Promise<unknown>)[] = [];

/** The rules of the ClusterRoles a kustomization file declares (the deployed RBAC, verbatim). */
function clusterRoleRules(file: string): V1PolicyRule[][] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJSON() as { kind?: string; rules?: V1PolicyRule[] })
    .filter((d) => d.kind === 'ClusterRole')
    .map((d) => d.rules ?? []);
}

beforeAll(async () => {
  const kc = useClusterKubeconfig();
  admin = process.env.KUBECONFIG!;
  s = await createActionsScenario(kc, 'r', 2, (ns, id) => [agentDaemonSet(ns, 'agent', id)]);
  const id = s.id;
  cleanups.push(() => s.cleanup());
  // A second namespace with its own agent on the same nodes.
  nsB = `${id}-other`;
  await s.core.createNamespace({ body: { metadata: { name: nsB, labels: { [LABEL]: id } } } });
  cleanups.push(() => s.core.deleteNamespace({ name: nsB }));
  await s.apps.createNamespacedDaemonSet({ namespace: nsB, body: agentDaemonSet(nsB, 'other', id) });
  await until('the other agent on both nodes', async () => {
    const ds = await s.apps.readNamespacedDaemonSet({ namespace: nsB, name: 'other' });
    return (ds.status?.numberAvailable ?? 0) === s.nodes.length;
  });
  // A NoSchedule taint added after the pods started: both agents are misscheduled on n2, a gap the export lists.
  const n2 = s.nodes[1]!;
  await kubectl(admin, ['taint', 'node', n2, `${TAINT}=yes:NoSchedule`]);

  // Events: one on the node, one on each agent's pod on n1.
  const n1 = s.nodes[0]!;
  const podOn = async (ns: string, app: string) =>
    (await s.core.listNamespacedPod({ namespace: ns, labelSelector: `app=${app}` })).items.find((p) => p.spec?.nodeName === n1)!.metadata!.name!;
  const event = (namespace: string, kind: string, name: string, reason: string) =>
    s.core.createNamespacedEvent({
      namespace,
      body: { metadata: { generateName: `${id}-` }, involvedObject: { kind, name, namespace: kind === 'Node' ? undefined : namespace }, reason, message: reason, type: 'Normal', count: 1, lastTimestamp: new Date() },
    });
  await event('default', 'Node', n1, `${id}NodeNote`);
  const podA = await podOn(s.ns, 'agent');
  const podB = await podOn(nsB, 'other');
  await event(s.ns, 'Pod', podA, `${id}PodNoteA`);
  await event(nsB, 'Pod', podB, `${id}PodNoteB`);

  // The four people.
  const rbac = s.rbac;
  const ref = (kind: 'Role' | 'ClusterRole', name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });
  const subject = (kind: 'User' | 'Group' | 'ServiceAccount', name: string, namespace?: string) =>
    kind === 'ServiceAccount' ? { kind, name, namespace } : { apiGroup: 'rbac.authorization.k8s.io', kind, name };
  const clusterRole = async (name: string, rules: V1PolicyRule[], sub: ReturnType<typeof subject>) => {
    await rbac.createClusterRole({ body: { metadata: { name }, rules } });
    await rbac.createClusterRoleBinding({ body: { metadata: { name }, roleRef: ref('ClusterRole', name), subjects: [sub] } });
    cleanups.push(() => rbac.deleteClusterRoleBinding({ name }), () => rbac.deleteClusterRole({ name }));
  };
  const role = async (name: string, rules: V1PolicyRule[], sub: ReturnType<typeof subject>) => {
    await rbac.createNamespacedRole({ namespace: s.ns, body: { metadata: { name }, rules } });
    await rbac.createNamespacedRoleBinding({ namespace: s.ns, body: { metadata: { name }, roleRef: ref('Role', name), subjects: [sub] } });
  };
  const all: V1PolicyRule[] = [
    { apiGroups: [''], resources: ['nodes', 'pods', 'events'], verbs: READ },
    { apiGroups: ['apps'], resources: ['daemonsets', 'controllerrevisions'], verbs: READ },
  ];
  await clusterRole(`${id}-cluster-view`, all, subject('User', `${id}-cluster`));
  await role('ns-view', [{ apiGroups: [''], resources: ['pods', 'events'], verbs: READ }, { apiGroups: ['apps'], resources: ['daemonsets', 'controllerrevisions'], verbs: READ }], subject('User', `${id}-ns`));
  await role('ds-only', [{ apiGroups: ['apps'], resources: ['daemonsets'], verbs: READ }], subject('Group', `${id}-ds-readers`));
  people = [
    { what: 'cluster view', user: `${id}-cluster` },
    { what: 'one namespace', user: `${id}-ns` },
    { what: 'daemonsets but not pods', user: `${id}-ds`, groups: `${id}-ds-readers` },
    { what: 'nothing', user: `${id}-nobody` },
  ];

  // The console: a ServiceAccount with exactly the deployed ClusterRoles.
  const consoleNs = `${id}-console`;
  await s.core.createNamespace({ body: { metadata: { name: consoleNs } } });
  cleanups.push(() => s.core.deleteNamespace({ name: consoleNs }));
  await s.core.createNamespacedServiceAccount({ namespace: consoleNs, body: { metadata: { name: 'everynode' } } });
  const deployed = [...clusterRoleRules('deploy/base/clusterrole.yaml'), ...clusterRoleRules('deploy/overlays/auth-proxy/clusterrole-impersonate.yaml')];
  expect(deployed).toHaveLength(2);
  for (const [i, rules] of deployed.entries()) await clusterRole(`${id}-console-${i}`, rules, subject('ServiceAccount', 'everynode', consoleNs));
  tmp = mkdtempSync(path.join(os.tmpdir(), 'everynode-read-access-'));
  const file = path.join(tmp, 'kubeconfig');
  writeFileSync(file, serviceAccountKubeconfig(endpointOf(admin), await createToken(admin, consoleNs, 'everynode'), consoleNs), { mode: 0o600 });
  process.env.KUBECONFIG = file;
  resetKubeConfig();
  process.env.EVERYNODE_AUTH_MODE = 'proxy';
  forgetReadAccess();
  // Node pages read Events from the cache's one Events watch: the notes above must have reached it
  // (the watch starts once the other kinds are listed, then delivers in its own time).
  const cache = getCache(ctx);
  await cache.whenEventsReady(60_000);
  await until('the three notes in the Events watch', async () =>
    [cache.events.of('Node', '', n1), cache.events.of('Pod', s.ns, podA), cache.events.of('Pod', nsB, podB)].every((list, i) =>
      list.some((e) => e.reason === `${id}${['NodeNote', 'PodNoteA', 'PodNoteB'][i]}`),
    ),
  );
});

afterAll(async () => {
  delete process.env.EVERYNODE_AUTH_MODE;
  stopAllCaches();
  if (admin) await kubectl(admin, ['taint', 'node', s.nodes[1]!, `${TAINT}-`]).catch(() => undefined);
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const headersOf = (p: Person) => ({ 'x-forwarded-user': p.user, ...(p.groups ? { 'x-forwarded-groups': p.groups } : {}) });
const read = async <T,>(handler: Handler, p: Person, url: string, params: Record<string, string>) => {
  const res = await call(handler, get(url, headersOf(p)), params);
  return { status: res.status, body: res.body as unknown as T & { error?: { message: string } } };
};
const coverage = (p: Person) => read<CoverageResponse>(coverageRoute.GET as Handler, p, `/api/clusters/${ctx}/coverage`, { ctx });
const daemonSet = (p: Person, ns: string, name: string) => read<DaemonSetDetailResponse>(daemonSetRoute.GET as Handler, p, `/api/clusters/${ctx}/daemonsets/${ns}/${name}`, { ctx, ns, name });
const node = (p: Person, name: string) => read<NodeDetailResponse>(nodeRoute.GET as Handler, p, `/api/clusters/${ctx}/nodes/${name}`, { ctx, node: name });

/** The first SSE frames (or the refusal) for a person. */
async function stream(p: Person): Promise<{ status: number; text: string }> {
  const abort = new AbortController();
  const res = await (eventsRoute.GET as Handler)(new Request(`http://everynode.test/api/clusters/${ctx}/events`, { headers: headersOf(p), signal: abort.signal }), {
    params: Promise.resolve({ ctx }) as Promise<never>,
  });
  if (res.status !== 200) return { status: res.status, text: await res.text() };
  const reader = res.body!.getReader();
  let text = '';
  while (!text.includes('event: version')) {
    const { done, value } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  abort.abort();
  await reader.cancel().catch(() => undefined);
  return { status: 200, text };
}

/** What `kubectl auth can-i list … --as` says for the person. */
async function truth(p: Person) {
  const as = ['--as', p.user, ...(p.groups ? ['--as-group', p.groups] : [])];
  const can = (resource: string, ns?: string) => canI(admin, ['list', resource, ...(ns ? ['-n', ns] : ['-A']), ...as]);
  const inNs = async (ns: string) => ({
    daemonsets: await can('daemonsets.apps', ns),
    pods: await can('pods', ns),
    controllerrevisions: await can('controllerrevisions.apps', ns),
    events: await can('events', ns),
  });
  return {
    nodes: await canI(admin, ['list', 'nodes', ...as]),
    clusterEvents: await can('events'),
    allDaemonSets: await can('daemonsets.apps'),
    everywhere: (await can('daemonsets.apps')) && (await can('pods')) && (await can('controllerrevisions.apps')) && (await can('events')),
    ns: { [s.ns]: await inNs(s.ns), [nsB]: await inNs(nsB) },
  };
}

describe('proxy mode: every read answers only what the person may list', () => {
  it('gives each of four people exactly their slice of every route, never a 5xx, at a bounded review cost', async () => {
    const ours = [s.ns, nsB];
    const agentOf: Record<string, string> = { [s.ns]: 'agent', [nsB]: 'other' };
    const [n1, n2] = s.nodes as [string, string];
    const costs: string[] = [];
    for (const p of people) {
      const t = await truth(p);
      const visibleNs = ours.filter((ns) => t.ns[ns]!.daemonsets);
      const podNs = visibleNs.filter((ns) => t.ns[ns]!.pods);
      const before = accessReviewCounts();

      // Coverage: agents only where daemonsets may be listed; nodes per `list nodes`.
      const cov = await coverage(p);
      expect(cov.status, p.what).toBe(200);
      const agents = cov.body.agents.filter((a) => ours.includes(a.namespace));
      expect(agents.map((a) => a.namespace), p.what).toEqual(visibleNs.slice().sort());
      // Agents of other scenarios on the cluster: only for someone who may list daemonsets everywhere.
      if (!t.allDaemonSets) expect(cov.body.agents.filter((a) => !ours.includes(a.namespace)), p.what).toEqual([]);
      if (t.nodes) {
        expect(cov.body.nodes.names).toEqual(expect.arrayContaining(s.nodes));
        expect(cov.body.nodes.labelPairs).toContain(`${LABEL}=${s.id}`);
      } else {
        expect(cov.body.nodes.names, p.what).toEqual(podNs.length > 0 ? [n1, n2] : []);
        expect(cov.body.nodes.labelPairs).toEqual([]);
        expect(cov.body.limits).toContain(LIMIT_NODES);
      }
      for (const ns of visibleNs) expect((cov.body.limits ?? []).includes(limitPods(ns)), `${p.what} ${ns}`).toBe(!t.ns[ns]!.pods);
      for (const a of agents) expect(a.counts, `${p.what}: counts stay`).toMatchObject({ desired: 1, misscheduled: 1 });

      // Search and export (the browser derives them from this answer).
      const found = searchEverything('other', cov.body.agents, cov.body.nodes.names).map((r) => r.label);
      expect(found.includes(`${nsB}/other`), p.what).toBe(t.ns[nsB]!.daemonsets);
      const m = matrixAgents(cov.body);
      const gaps = gapRecords(matrixRows(cov.body, m), m).filter((g) => ours.includes(g.namespace));
      const expectedGaps = t.nodes || podNs.length > 0 ? visibleNs.map((ns) => `${n2} ${ns}/${agentOf[ns]} misscheduled`).sort() : [];
      expect(gaps.map((g) => `${g.node} ${g.namespace}/${g.agent} ${g.state}`).sort(), p.what).toEqual(expectedGaps);
      const csv = gapsToCsv(gaps);
      const json = gapsToJson(ctx, gaps);
      expect(csv.includes(nsB), p.what).toBe(expectedGaps.some((g) => g.includes(nsB)));
      expect(json.includes(s.ns), p.what).toBe(expectedGaps.some((g) => g.includes(s.ns)));

      // Agent pages: absent (404, like a missing one) without list daemonsets; pods and history per right.
      for (const ns of ours) {
        const ds = await daemonSet(p, ns, agentOf[ns]!);
        const r = t.ns[ns]!;
        expect(ds.status, `${p.what} ${ns}`).toBe(r.daemonsets ? 200 : 404);
        if (!r.daemonsets) {
          expect(ds.body.error?.message).toBe(`daemonset ${ns}/${agentOf[ns]} not found in context "${ctx}"`);
          continue;
        }
        expect(ds.body.cells.some((c) => c.pods.length > 0), `${p.what} ${ns} pods`).toBe(r.pods);
        expect(ds.body.revisions.length > 0, `${p.what} ${ns} revisions`).toBe(r.controllerrevisions);
        const misscheduled = ds.body.cells.find((c) => c.node === n2);
        if (misscheduled) expect(misscheduled.reasons.some((x) => x.kind === 'taint'), `${p.what}: taint reason`).toBe(t.nodes);
      }

      // Node page: exists for them if they may list nodes or run a visible pod there.
      const np = await node(p, n1);
      const knowsNode = t.nodes || podNs.length > 0;
      expect(np.status, p.what).toBe(knowsNode ? 200 : 404);
      if (knowsNode) {
        expect(np.body.node.labels[LABEL] !== undefined, p.what).toBe(t.nodes);
        expect(np.body.agents.filter((a) => ours.includes(a.namespace)).map((a) => a.namespace).sort(), p.what).toEqual(visibleNs.slice().sort());
        const reasons = np.body.events.map((e) => e.reason);
        expect(reasons.includes(`${s.id}NodeNote`), `${p.what} node event`).toBe(t.nodes && t.clusterEvents);
        expect(reasons.includes(`${s.id}PodNoteA`), `${p.what} pod event A`).toBe(t.ns[s.ns]!.daemonsets && t.ns[s.ns]!.pods && t.ns[s.ns]!.events);
        expect(reasons.includes(`${s.id}PodNoteB`), `${p.what} pod event B`).toBe(t.ns[nsB]!.daemonsets && t.ns[nsB]!.pods && t.ns[nsB]!.events);
      }

      // The live stream: refused to whoever may read nothing here.
      const sse = await stream(p);
      expect(sse.status, p.what).toBe(t.nodes || visibleNs.length > 0 ? 200 : 403);
      if (sse.status === 200) expect(sse.text).toContain('event: version');
      else expect(sse.text).toContain(`${p.user} may not list nodes, nor daemonsets in any namespace that has agents`);

      // Cost: one review round on first sight, then nothing while the answer is fresh.
      const first = accessReviewCounts();
      for (let i = 0; i < 10; i++) {
        for (const r of [await coverage(p), await daemonSet(p, s.ns, 'agent'), await node(p, n1)]) expect(r.status).toBeLessThan(500);
      }
      const after = accessReviewCounts();
      expect(after).toEqual(first);
      const rules = first.rules - before.rules;
      const access = first.access - before.access;
      // Allowed all four kinds in every namespace: no per-namespace review at all.
      if (t.everywhere) expect(rules, p.what).toBe(0);
      else expect(rules, p.what).toBeGreaterThanOrEqual(ours.length);
      costs.push(`${p.what}: ${rules} SelfSubjectRulesReviews + ${access} SelfSubjectAccessReviews on first read, 0 for the next 30 reads`);
    }
    console.log(`read-access cost:\n  ${costs.join('\n  ')}`);
  });

  it('answers 401 to requests naming nobody, on every read route', async () => {
    const anon = { 'x-forwarded-user': '' };
    for (const [handler, params] of [
      [coverageRoute.GET, { ctx }],
      [daemonSetRoute.GET, { ctx, ns: s.ns, name: 'agent' }],
      [nodeRoute.GET, { ctx, node: s.nodes[0]! }],
      [eventsRoute.GET, { ctx }],
    ] as const) {
      const res = await call(handler as Handler, get('/api/x', anon), params);
      expect(res.status).toBe(401);
      expect(res.body.error?.message).toBe('not signed in: the auth proxy sent no x-forwarded-user header');
    }
  });
});

describe('kubeconfig mode', () => {
  it('answers everything the console sees, with no review and no limits', async () => {
    delete process.env.EVERYNODE_AUTH_MODE;
    try {
      const before = accessReviewCounts();
      const res = await call(coverageRoute.GET as Handler, get(`/api/clusters/${ctx}/coverage`), { ctx });
      const body = res.body as unknown as CoverageResponse;
      expect(res.status).toBe(200);
      expect(body.agents.filter((a) => [s.ns, nsB].includes(a.namespace)).map((a) => a.name).sort()).toEqual(['agent', 'other']);
      expect(body.nodes.labelPairs).toContain(`${LABEL}=${s.id}`);
      expect(body.limits).toBeUndefined();
      expect(accessReviewCounts()).toEqual(before);
    } finally {
      process.env.EVERYNODE_AUTH_MODE = 'proxy';
    }
  });
});
