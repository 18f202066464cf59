/**
 * The read routes, called in-process against the real local cluster: status codes, shapes, and
 * values equal to what the DaemonSet controller wrote; bad input answered with a 4xx naming it.
 */
import { AuthenticationV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClustersResponse, CoverageResponse, DaemonSetDetailResponse, ErrorResponse, NodeDetailResponse } from '@/lib/api/dto';
import { STATE_CODE } from '@/lib/api/dto';
import { GET as getClusters } from '@/app/api/clusters/route';
import { GET as getCoverage } from '@/app/api/clusters/[ctx]/coverage/route';
import { GET as getDaemonSet } from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/route';
import { GET as getNode } from '@/app/api/clusters/[ctx]/nodes/[node]/route';
import { GET as getEvents } from '@/app/api/clusters/[ctx]/events/route';
import { GET as getHealthz } from '@/app/api/healthz/route';
import { GET as getMetrics } from '@/app/metrics/route';
import { stopAllCaches } from '@/lib/kube/cache/registry';
import { apiFor } from '@/lib/kube/contexts';
import { until, type CoreScenario, settledCoreScenario } from './core-scenario';

const req = (path: string) => new Request(`http://localhost${path}`);
const p = <T extends object>(v: T) => ({ params: Promise.resolve(v) });

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe('read routes', () => {
  let s: CoreScenario;
  let ctx = '';

  beforeAll(async () => {
    ({ s, ctx } = await settledCoreScenario());
  });

  afterAll(async () => {
    stopAllCaches();
    await s?.cleanup();
  });

  it('GET /api/clusters lists contexts with the current one, server URL and no credentials', async () => {
    const res = await getClusters();
    expect(res.status).toBe(200);
    const body = await json<ClustersResponse>(res);
    const mine = body.clusters.find((c) => c.name === ctx);
    expect(mine).toMatchObject({ name: ctx, current: true });
    expect(mine?.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.stringify(body)).not.toMatch(/BEGIN|PRIVATE|client-key|token/i);
  });

  it('GET coverage: counts equal .status, grid and node table agree with the cluster', async () => {
    // Poll until the controller and the cache agree (the cache may still be catching up).
    const want = async () => {
      const out: Record<string, unknown> = {};
      for (const [ns, name] of [
        [s.ns.monitoring, 'node-exporter'],
        [s.ns.anyrobot, 'logstash-input'],
        [s.ns.broken, 'never-starts'],
      ] as const) {
        const st = (await s.apps.readNamespacedDaemonSet({ namespace: ns, name })).status!;
        out[`${ns}/${name}`] = {
          desired: st.desiredNumberScheduled,
          current: st.currentNumberScheduled,
          ready: st.numberReady,
          available: st.numberAvailable ?? 0,
          updated: st.updatedNumberScheduled ?? 0,
          misscheduled: st.numberMisscheduled,
          unavailable: st.numberUnavailable ?? 0,
        };
      }
      return out;
    };
    let body: CoverageResponse | undefined;
    let last = '';
    await until('coverage counts to equal .status', async () => {
      const res = await getCoverage(req(`/api/clusters/${ctx}/coverage`), p({ ctx }));
      expect(res.status).toBe(200);
      body = await json<CoverageResponse>(res);
      const expected = await want();
      const got = Object.fromEntries(body.agents.filter((a) => `${a.namespace}/${a.name}` in expected).map((a) => [`${a.namespace}/${a.name}`, a.counts]));
      last = JSON.stringify({ expected, got });
      return JSON.stringify(Object.keys(expected).map((k) => got[k])) === JSON.stringify(Object.values(expected));
    }, 20_000, 250).catch((e: Error) => {
      throw new Error(`${e.message}: ${last}`);
    });
    const b = body!;
    expect(b.context).toBe(ctx);
    expect(b.cache.state).toBe('ready');
    expect(b.version).toBeGreaterThan(0);

    const idx = (n: string) => b.nodes.names.indexOf(n);
    const exporter = b.agents.find((a) => a.namespace === s.ns.monitoring && a.name === 'node-exporter')!;
    expect(exporter.grid).toHaveLength(b.nodes.names.length);
    expect(exporter.grid[idx(s.nodes.w1)]).toBe(STATE_CODE.ready);
    expect(exporter.grid[idx(s.nodes.w3cordoned)]).toBe(STATE_CODE.ready);
    expect(exporter.grid[idx(s.nodes.edge)]).toBe(STATE_CODE.ineligible);
    expect(exporter.grid[idx(s.nodes.gpu)]).toBe(STATE_CODE.ineligible);
    expect(exporter.images).toEqual(['prom/node-exporter:v1.3.1']);
    expect(exporter.rollout.done).toBe(true);
    expect(exporter.strategy.type).toBe('RollingUpdate');
    expect(Object.keys(exporter.excludedByReason).some((r) => r.includes('nvidia.com/gpu=present:NoSchedule'))).toBe(true);

    const broken = b.agents.find((a) => a.namespace === s.ns.broken)!;
    await until('broken agent to show failing cells', async () => {
      const res = await getCoverage(req(`/api/clusters/${ctx}/coverage`), p({ ctx }));
      const fresh = (await json<CoverageResponse>(res)).agents.find((a) => a.uid === broken.uid)!;
      return (fresh.states.failing ?? 0) === 4;
    }, 20_000, 250);

    expect(b.nodes.cordoned[idx(s.nodes.w3cordoned)]).toBe('1');
    expect(b.nodes.cordoned[idx(s.nodes.w1)]).toBe('0');
    expect(b.nodes.ready[idx(s.nodes.w1)]).toBe('R');
    const labelsOf = (n: string) => b.nodes.labels[idx(n)]!.map((i) => b.nodes.labelPairs[i]);
    expect(labelsOf(s.nodes.w2)).toContain('anyrobot-app=true');
    expect(labelsOf(s.nodes.w1)).not.toContain('anyrobot-app=true');
  });

  it('GET daemonset detail: a cell per node with reasons, rollout, revisions, tolerations', async () => {
    const res = await getDaemonSet(req('/'), p({ ctx, ns: s.ns.monitoring, name: 'node-exporter' }));
    expect(res.status).toBe(200);
    const body = await json<DaemonSetDetailResponse>(res);
    expect(body.cells).toHaveLength(body.nodes.names.length);
    const cell = (n: string) => body.cells[body.nodes.names.indexOf(n)]!;
    expect(cell(s.nodes.w1)).toMatchObject({ node: s.nodes.w1, state: 'ready', shouldRun: true, revision: 'current' });
    expect(cell(s.nodes.w1).pods).toHaveLength(1);
    expect(cell(s.nodes.w1).pods[0]).toMatchObject({ ready: true, revision: 'current', phase: 'Running' });
    expect(cell(s.nodes.w1).pods[0]).not.toHaveProperty('containers'); // brief: the node page has the rest
    expect(cell(s.nodes.edge)).toMatchObject({ state: 'ineligible', shouldRun: false });
    expect(cell(s.nodes.edge).reasons.map((r) => r.kind)).toContain('affinity');
    expect(cell(s.nodes.gpu).taintMismatch).toBe('nvidia.com/gpu=present:NoSchedule');
    expect(body.rollout).toMatchObject({ done: true, desired: 3, updated: 3, available: 3 });
    expect(body.revisions).toHaveLength(1);
    expect(body.revisions[0]).toMatchObject({ revision: 1, current: true, diff: '' });
    expect(body.tolerations.filter((t) => t.addedByController).map((t) => t.key)).toContain('node.kubernetes.io/unschedulable');
    expect(body.agent.counts.desired).toBe(3);
  });

  it('GET node detail: facts, each agent with reasons and fix hints, and recent Events', async () => {
    const res = await getNode(req('/'), p({ ctx, node: s.nodes.w2 }));
    expect(res.status).toBe(200);
    const body = await json<NodeDetailResponse>(res);
    expect(body.node).toMatchObject({ name: s.nodes.w2, unschedulable: false, ready: true });
    expect(body.node.labels['anyrobot-app']).toBe('true');
    expect(body.node.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(Object.keys(body.node.allocatable)).toContain('pods');
    const agent = (ns: string) => body.agents.find((a) => a.namespace === ns)!;
    expect(agent(s.ns.monitoring)).toMatchObject({ name: 'node-exporter', state: 'ready', shouldRun: true });
    expect(agent(s.ns.anyrobot)).toMatchObject({ name: 'logstash-input', state: 'ready' });
    expect(agent(s.ns.anyrobot).pods[0]?.node).toBe(s.nodes.w2);
    // The scheduler records a Scheduled event for every daemon pod it binds here.
    const podNames = body.agents.flatMap((a) => a.pods.map((pod) => `Pod/${pod.name}`));
    expect(body.events.some((e) => podNames.includes(e.object) && e.reason === 'Scheduled')).toBe(true);

    const edge = await json<NodeDetailResponse>(await getNode(req('/'), p({ ctx, node: s.nodes.edge })));
    const excluded = edge.agents.find((a) => a.namespace === s.ns.monitoring)!;
    expect(excluded.state).toBe('ineligible');
    expect(excluded.reasons.length).toBeGreaterThan(0);
    expect(excluded.fixHint).toBeTruthy();
  });

  it('GET /api/healthz is 200 once the default cache is ready', async () => {
    await until('healthz 200', async () => (await getHealthz()).status === 200, 20_000, 200);
    const body = await json<{ status: string; cache: { state: string } }>(await getHealthz());
    expect(body).toMatchObject({ status: 'ok', cache: { state: 'ready' } });
  });

  it('GET /metrics exposes node counts per agent and state, staleness, SSE clients', async () => {
    const res = await getMetrics();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    const line = (labels: string) => new RegExp(`^everynode_agent_nodes\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1];
    expect(line(`context="${ctx}",namespace="${s.ns.monitoring}",name="node-exporter",state="ready"`)).toBe('3');
    expect(line(`context="${ctx}",namespace="${s.ns.monitoring}",name="node-exporter",state="ineligible"`)).toBe(String((await s.core.listNode()).items.length - 3)); // all but the 3 ready: other nodes by the scenario's selector, its own cp and GPU by taint, edge by affinity
    expect(text).toMatch(new RegExp(`^everynode_cache_staleness_seconds\\{context="${ctx}"\\} 0$`, 'm'));
    expect(text).toContain('# TYPE everynode_watch_restarts_total counter');
    expect(text).toContain('# TYPE everynode_sse_clients gauge');
    expect(text).toContain('# TYPE everynode_actions_total counter');
  });

  it('apiFor impersonates a person: the API server sees their user and every group', async () => {
    const asAlice = apiFor(ctx, AuthenticationV1Api, { user: 'alice@example.com', groups: ['sre', 'platform-oncall'] });
    const review = await asAlice.createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    expect(review.status?.userInfo?.username).toBe('alice@example.com');
    expect(review.status?.userInfo?.groups).toEqual(expect.arrayContaining(['sre', 'platform-oncall']));
    const self = await apiFor(ctx, AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    expect(self.status?.userInfo?.username).not.toBe('alice@example.com');
  });

  describe('bad input → 4xx naming the problem, never 5xx', () => {
    const cases: [string, () => Promise<Response>, number, RegExp][] = [
      ['unknown context (coverage)', () => getCoverage(req('/'), p({ ctx: 'no-such-context' })), 404, /no-such-context/],
      ['unknown context (events)', () => getEvents(req('/'), p({ ctx: 'nope' })), 404, /nope/],
      ['context with control characters', () => getCoverage(req('/'), p({ ctx: 'a\u0000b' })), 400, /ctx/],
      ['over-long context', () => getCoverage(req('/'), p({ ctx: 'x'.repeat(300) })), 400, /ctx/],
      ['namespace with uppercase', () => getDaemonSet(req('/'), p({ ctx, ns: 'Kube-System', name: 'x' })), 400, /ns/],
      ['namespace with a dot', () => getDaemonSet(req('/'), p({ ctx, ns: 'a.b', name: 'x' })), 400, /ns/],
      ['name with underscore', () => getDaemonSet(req('/'), p({ ctx, ns: 'default', name: 'bad_name' })), 400, /name/],
      ['name too long', () => getDaemonSet(req('/'), p({ ctx, ns: 'default', name: 'a'.repeat(254) })), 400, /name/],
      ['path traversal in name', () => getDaemonSet(req('/'), p({ ctx, ns: 'default', name: '../secrets' })), 400, /name/],
      ['empty node name', () => getNode(req('/'), p({ ctx, node: '' })), 400, /node/],
      ['node name with slash', () => getNode(req('/'), p({ ctx, node: 'a/b' })), 400, /node/],
      ['missing daemonset', () => getDaemonSet(req('/'), p({ ctx, ns: 'default', name: 'does-not-exist' })), 404, /does-not-exist/],
      ['missing node', () => getNode(req('/'), p({ ctx, node: 'no-such-node.example' })), 404, /no-such-node/],
    ];
    it.each(cases)('%s', async (_label, call, status, message) => {
      const res = await call();
      expect(res.status).toBe(status);
      const body = await json<ErrorResponse>(res);
      expect(body.error.message).toMatch(message);
      expect(body.error.code).toBeTruthy();
    });
  });
});
