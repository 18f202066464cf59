/**
 * Issue #16: an agent's logs, per node and searched across nodes, read from the real API server
 * (kwok serves pods/log from the seed's ClusterLogs; cluster/lib/pod-logs.ts). The seed is applied
 * in isolation (test/cluster.ts), plus one agent of our own whose log file this test appends to.
 * Every expectation is computed from what the API server answers or from the seed's files, never
 * written down by hand.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as nodeLogRoute from '@/app/api/clusters/[ctx]/nodes/[node]/daemonsets/[ns]/[name]/logs/route';
import * as searchRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/logs/search/route';
import type { LogSearchEvent, LogSearchNode } from '@/lib/api/dto';
import { REPO_ROOT } from '@/cluster/lib/cluster';
import { LOGS_ON_NODES_ANNOTATION } from '@/cluster/lib/pod-logs';
import { getCache, stopAllCaches } from '@/lib/kube/cache/registry';
import { currentContext, resetKubeConfig } from '@/lib/kube/contexts';
import { openLogRequests } from '@/lib/kube/logs/upstream';
import { applyScenario, kubectl, loadScenarioYaml, type KubeObject, type Scenario, type SettledState } from '../cluster';
import { until } from '../support/until';

let s: Scenario;
let state: SettledState;
let ctx: string;
let tmp: string;
let followFile: string;
const seed = loadScenarioYaml('cluster/scenarios/seed.yaml');

const ORIGIN = 'http://everynode.test';
type Params = Record<string, string>;
type Handler = (request: Request, ctx: { params: Promise<never> }) => Promise<Response>;
const invoke = (handler: Handler, url: string, params: Params, init: RequestInit = {}) =>
  handler(new Request(`${ORIGIN}${url}`, init), { params: Promise.resolve(params) as Promise<never> });

/** The agent's pod on a (scenario) node, from the settled state. */
function podOn(agent: string, node: string) {
  const pod = state.pods.find((p) => p.owner === agent && p.nodeName === s.nodeName(node) && !p.terminating);
  if (!pod) throw new Error(`no ${agent} pod on ${node}`);
  return pod;
}

/** What the API server itself answers for pods/log (kubectl get --raw), the route's reference. */
function apiServerLog(namespace: string, pod: string, query: Record<string, string>): Promise<string> {
  const qs = new URLSearchParams(query).toString();
  return kubectl(s.kubeconfig, ['get', '--raw', `/api/v1/namespaces/${namespace}/pods/${pod}/log?${qs}`]);
}

function nodeLog(node: string, ns: string, name: string, query: Record<string, string>, init: RequestInit = {}) {
  const qs = new URLSearchParams(query).toString();
  return invoke(
    nodeLogRoute.GET as Handler,
    `/api/clusters/${ctx}/nodes/${s.nodeName(node)}/daemonsets/${s.nsName(ns)}/${name}/logs?${qs}`,
    { ctx, node: s.nodeName(node), ns: s.nsName(ns), name },
    init,
  );
}

async function search(ns: string, name: string, query: Record<string, string>): Promise<{ status: number; events: LogSearchEvent[]; text: string }> {
  const qs = new URLSearchParams(query).toString();
  const res = await invoke(searchRoute.GET as Handler, `/api/clusters/${ctx}/daemonsets/${s.nsName(ns)}/${name}/logs/search?${qs}`, { ctx, ns: s.nsName(ns), name });
  const text = await res.text();
  const events = res.status === 200 ? text.trim().split('\n').map((l) => JSON.parse(l) as LogSearchEvent) : [];
  return { status: res.status, events, text };
}

/** The API server's count of open pods/log requests (long-running requests gauge). */
async function apiServerOpenLogRequests(): Promise<number> {
  const metrics = await kubectl(s.kubeconfig, ['get', '--raw', '/metrics']);
  let n = 0;
  for (const line of metrics.split('\n')) {
    if (line.startsWith('apiserver_longrunning_requests{') && line.includes('resource="pods"') && line.includes('subresource="log"')) n += Number(line.split(' ').pop());
  }
  return n;
}

/** Reads a streamed body until `pred` holds for the text so far. */
async function readUntil(res: Response, pred: (text: string) => boolean): Promise<{ text: string; reader: ReadableStreamDefaultReader<Uint8Array> }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!pred(text)) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`stream ended before the expected text; got: ${text.slice(-300)}`);
    text += decoder.decode(value, { stream: true });
  }
  return { text, reader };
}

/** Our own agent, on worker-01, whose log this test writes: kwok follows the file. */
function followAgent(file: string): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'logs-follow' } },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'tailer', namespace: 'logs-follow' },
      spec: {
        selector: { matchLabels: { app: 'tailer' } },
        template: {
          metadata: { labels: { app: 'tailer' } },
          spec: { nodeSelector: { 'kubernetes.io/hostname': 'worker-01' }, containers: [{ name: 'tailer', image: 'registry.local/tailer:1' }] },
        },
      },
    },
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterLogs',
      metadata: { name: 'logs-follow' },
      spec: { selector: { matchNamespaces: ['logs-follow'] }, logs: [{ containers: ['tailer'], logsFile: file, follow: true }] },
    },
  ];
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'everynode-logs-'));
  followFile = path.join(tmp, 'tailer.log');
  writeFileSync(followFile, '2026-12-01T12:00:00.000000000Z stdout F tailer started\n');
  s = await applyScenario('logs', [...seed, ...followAgent(followFile)]);
  state = await s.waitSettled({ timeoutMs: 180_000 });
  process.env.KUBECONFIG = s.kubeconfig;
  resetKubeConfig();
  ctx = currentContext();
  const cache = getCache(ctx);
  await cache.whenReady(30_000);
  // The cache sees the scenario's pods (the routes pick the pod from it).
  await until('the cache to hold the scenario agents', () => cache.engine.agent(s.nsName('anyrobot'), 'logstash-input', Date.now())?.cells.some((c) => c.pods.length > 0), 30_000);
}, 240_000);

afterAll(async () => {
  stopAllCaches();
  await s?.cleanup();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('one node: the route answers what the API server answers', () => {
  it.each([
    ['the default tail', {}, { tailLines: '1000' }],
    ['tailLines', { tailLines: '3' }, { tailLines: '3' }],
    ['timestamps', { tailLines: '5', timestamps: 'true' }, { tailLines: '5', timestamps: 'true' }],
    ['sinceSeconds', { sinceSeconds: String(7 * 24 * 3600) }, { sinceSeconds: String(7 * 24 * 3600) }],
  ])('%s (logstash on worker-03)', async (_what, query, apiQuery) => {
    const pod = podOn('logstash-input', 'worker-03');
    const res = await nodeLog('worker-03', 'anyrobot', 'logstash-input', query);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('x-everynode-pod')).toBe(pod.name);
    const body = await res.text();
    expect(body).toBe(await apiServerLog(s.nsName('anyrobot'), pod.name, { container: 'logstash', ...apiQuery }));
    expect(body.length).toBeGreaterThan(0);
  });

  it('reads the previous container of a crash-looping agent', async () => {
    const pod = podOn('nvidia-device-plugin', 'gpu-3');
    const res = await nodeLog('gpu-3', 'kube-system', 'nvidia-device-plugin', { previous: 'true', tailLines: '100' });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toBe(await apiServerLog(s.nsName('kube-system'), pod.name, { container: 'nvidia-device-plugin-ctr', previous: 'true', tailLines: '100' }));
    // The previous attempt is the one that panicked; the current one did not get that far.
    expect(body).toContain('panic:');
    const current = await (await nodeLog('gpu-3', 'kube-system', 'nvidia-device-plugin', { tailLines: '100' })).text();
    expect(current).not.toContain('panic:');
  });

  it('reads the container it is asked for', async () => {
    const pod = podOn('node-exporter', 'worker-02');
    const res = await nodeLog('worker-02', 'kubesphere-monitoring-system', 'node-exporter', { container: 'kube-rbac-proxy' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-everynode-container')).toBe('kube-rbac-proxy');
    const body = await res.text();
    expect(body).toBe(await apiServerLog(s.nsName('kubesphere-monitoring-system'), pod.name, { container: 'kube-rbac-proxy', tailLines: '1000' }));
    expect(body).not.toBe(await (await nodeLog('worker-02', 'kubesphere-monitoring-system', 'node-exporter', {})).text());
  });

  it('follows: a line written to the container log reaches the open stream', async () => {
    const abort = new AbortController();
    const res = await nodeLog('worker-01', 'logs-follow', 'tailer', { follow: 'true', tailLines: '10' }, { signal: abort.signal });
    expect(res.status).toBe(200);
    const first = await readUntil(res, (t) => t.includes('tailer started'));
    const marker = `appended ${Date.now()}`;
    appendFileSync(followFile, `${new Date().toISOString().replace('Z', '000000Z')} stdout F ${marker}\n`);
    const decoder = new TextDecoder();
    let text = first.text;
    while (!text.includes(marker)) {
      const { done, value } = await first.reader.read();
      if (done) throw new Error('follow stream ended');
      text += decoder.decode(value, { stream: true });
    }
    abort.abort();
    await first.reader.cancel().catch(() => undefined);
    await until('the followed request to close', () => openLogRequests() === 0);
  });

  it('200 follow streams opened and closed leave no pods/log request open, here or at the API server', async () => {
    const before = await apiServerOpenLogRequests();
    for (let i = 0; i < 200; i += 1) {
      const abort = new AbortController();
      const res = await nodeLog('worker-01', 'logs-follow', 'tailer', { follow: 'true', tailLines: '1' }, { signal: abort.signal });
      expect(res.status).toBe(200);
      const { reader } = await readUntil(res, (t) => t.length > 0);
      // Half close the tab (request signal), half stop reading (body cancelled): both must abort upstream.
      if (i % 2 === 0) abort.abort();
      else await reader.cancel();
    }
    await until('every upstream log request to close', () => openLogRequests() === 0, 10_000);
    await until('the API server to count no open pods/log request of ours', async () => (await apiServerOpenLogRequests()) <= before, 10_000);
  }, 120_000);
});

describe('one node: refused in words', () => {
  it.each([
    [{ tailLines: '-1' }, /tailLines: must not be negative/],
    [{ tailLines: 'ten' }, /tailLines: must be a whole number/],
    [{ sinceSeconds: String(400 * 24 * 3600) }, /sinceSeconds: must be at most 604800 seconds/],
    [{ sinceSeconds: '0' }, /sinceSeconds: must be at least 1 second/],
    [{ container: 'nope' }, /container: "nope" is not a container of pod .* \(it has logstash\)/],
    [{ container: 'Bad_Name' }, /container: must be a container name/],
    [{ previous: 'maybe' }, /previous/],
    [{ follow: 'true', extra: '1' }, /extra/],
  ])('%o → 400', async (query, words) => {
    const res = await nodeLog('worker-03', 'anyrobot', 'logstash-input', query as Record<string, string>);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(words);
    expect(openLogRequests()).toBe(0);
  });

  it('a node without the agent\'s pod is a 404 saying so', async () => {
    const res = await nodeLog('edge-1', 'kubesphere-monitoring-system', 'node-exporter', {});
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/has no pod on node .*edge-1/);
  });

  it('a container that never started (ImagePullBackOff) is the API server\'s 400 in its words', async () => {
    const res = await nodeLog('worker-02', 'falco', 'falco', {});
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/falco/);
  });
});

describe('search across nodes', () => {
  /** Unscoped nodes whose logstash log file (pinned or namespace-wide) holds the text, from the seed's files. */
  function expectedLogstashMatches(text: RegExp): string[] {
    const logs = seed.filter((o) => o.kind === 'ClusterLogs' && (o.spec as { selector: { matchNamespaces: string[] } }).selector.matchNamespaces.includes('anyrobot'));
    const fileOf = (o: KubeObject) => path.join(REPO_ROOT, (o.spec as { logs: { logsFile: string }[] }).logs[0]!.logsFile);
    const pinned = logs.find((o) => o.metadata.annotations?.[LOGS_ON_NODES_ANNOTATION])!;
    const general = logs.find((o) => !o.metadata.annotations?.[LOGS_ON_NODES_ANNOTATION])!;
    const pinnedNodes = pinned.metadata.annotations![LOGS_ON_NODES_ANNOTATION]!.split(',');
    const nodes = state.pods.filter((p) => p.owner === 'logstash-input').map((p) => p.nodeName.slice(s.id.length + 1));
    return nodes.filter((n) => text.test(readFileSync(fileOf(pinnedNodes.includes(n) ? pinned : general), 'utf8'))).sort();
  }

  it('finds exactly the nodes whose logs hold the text, with counts and the latest line', async () => {
    const expected = expectedLogstashMatches(/connection refused/i);
    expect(expected.length).toBeGreaterThan(0);
    const { status, events } = await search('anyrobot', 'logstash-input', { pattern: 'connection refused', tailLines: '1000' });
    expect(status).toBe(200);
    const start = events[0]!;
    expect(start.type).toBe('start');
    const nodes = events.filter((e): e is LogSearchNode => e.type === 'node');
    expect(nodes.map((n) => n.done)).toEqual(nodes.map((_, i) => i + 1));
    const matched = nodes.filter((n) => n.status === 'matched').map((n) => n.node.slice(s.id.length + 1)).sort();
    expect(matched).toEqual(expected);
    expect(nodes.filter((n) => n.status === 'failed')).toEqual([]);
    for (const n of nodes.filter((x) => x.status === 'matched')) {
      const pod = podOn('logstash-input', n.node.slice(s.id.length + 1));
      const lines = (await apiServerLog(s.nsName('anyrobot'), pod.name, { container: 'logstash', tailLines: '1000' })).trimEnd().split('\n');
      const hits = lines.filter((l) => /connection refused/i.test(l));
      expect(n.matches).toBe(hits.length);
      expect(n.lastMatch?.text).toBe(hits.at(-1));
      expect(n.lastMatch?.time).toMatch(/^2026-/);
    }
    const end = events.at(-1)!;
    expect(end).toMatchObject({ type: 'end', done: nodes.length, total: nodes.length, matched: expected.length, failed: 0 });
    expect(openLogRequests()).toBe(0);
  });

  it('a regular expression, and a node filter', async () => {
    console.log('DBG before regex', openLogRequests());
    const refused = expectedLogstashMatches(/connection refused/i);
    const one = s.nodeName(refused[0]!);
    const { events } = await search('anyrobot', 'logstash-input', { pattern: 'Connect to [a-z.-]+:\\d+ .* failed', regex: 'true', matchCase: 'true', nodes: `${one},${s.nodeName('worker-01')}` });
    const nodes = events.filter((e): e is LogSearchNode => e.type === 'node');
    expect(nodes.map((n) => n.node).sort()).toEqual([one, s.nodeName('worker-01')].sort());
    expect(nodes.find((n) => n.node === one)?.status).toBe('matched');
  });

  it('lists nodes that cannot answer with the reason: the NotReady node, pods of agents that never started', async () => {
    console.log('DBG before notready', openLogRequests());
    const { events } = await search('logging', 'fluent-bit', { pattern: 'fluent bit' });
    const nodes = events.filter((e): e is LogSearchNode => e.type === 'node');
    expect(nodes).toHaveLength(40);
    const notReady = nodes.find((n) => n.node === s.nodeName('worker-30'))!;
    expect(notReady.status).toBe('failed');
    expect(notReady.reason).toMatch(/^node NotReady: /);
    expect(nodes.filter((n) => n.status === 'matched')).toHaveLength(39);
    console.log('DBG after fluent', openLogRequests());
    const falco = await search('falco', 'falco', { pattern: 'x' });
    console.log('DBG after falco', openLogRequests());
    const falcoNodes = falco.events.filter((e): e is LogSearchNode => e.type === 'node');
    expect(falcoNodes.length).toBeGreaterThan(0);
    expect(falcoNodes.every((n) => n.status === 'failed' && /falco/.test(n.reason ?? ''))).toBe(true);
  });

  it.each([
    [{ pattern: '(unclosed', regex: 'true' }, /pattern: not a valid regular expression/],
    [{ pattern: '(a+)+$', regex: 'true' }, /pattern: .*exponential time/],
    [{ pattern: 'x'.repeat(257) }, /pattern: must be at most 256 characters/],
    [{ pattern: '' }, /pattern: must not be empty/],
    [{ pattern: 'x', tailLines: '-5' }, /tailLines: must not be negative/],
    [{ pattern: 'x', sinceSeconds: '99999999' }, /sinceSeconds: must be at most/],
    [{ pattern: 'x', container: 'nope' }, /container: "nope" is not a container of daemonset/],
    [{ pattern: 'x', nodes: 'Not A Node' }, /nodes.*: must be node names/],
  ])('%o → 400 before any log is read', async (query, words) => {
    const { status, text } = await search('anyrobot', 'logstash-input', query);
    expect(status).toBe(400);
    expect((JSON.parse(text) as { error: { message: string } }).error.message).toMatch(words);
    expect(openLogRequests()).toBe(0);
  });
});

describe('identity: pods/log is Kubernetes\' decision for the person (proxy mode)', () => {
  const reader = `logs-denied-${Date.now().toString(36)}`;
  const role = `everynode-test-${reader}`;
  beforeAll(async () => {
    // May read everything the views need, but not pods/log.
    await kubectl(s.kubeconfig, ['create', 'clusterrole', role, '--verb=get,list,watch', '--resource=daemonsets.apps,pods,nodes,events,controllerrevisions.apps']);
    await kubectl(s.kubeconfig, ['create', 'clusterrolebinding', role, `--clusterrole=${role}`, `--user=${reader}`]);
    process.env.EVERYNODE_AUTH_MODE = 'proxy';
  });
  afterAll(async () => {
    delete process.env.EVERYNODE_AUTH_MODE;
    await kubectl(s.kubeconfig, ['delete', 'clusterrolebinding,clusterrole', role, '--ignore-not-found']);
  });

  it('a person without get pods/log gets a 403 in words, from the view and from the search', async () => {
    const headers = { 'x-forwarded-user': reader };
    const res = await nodeLog('worker-03', 'anyrobot', 'logstash-input', {}, { headers });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('forbidden');
    expect(body.error.message).toMatch(new RegExp(`User "${reader}" cannot get resource "pods/log"`));
    const qs = new URLSearchParams({ pattern: 'refused' }).toString();
    const search = await invoke(searchRoute.GET as Handler, `/api/clusters/${ctx}/daemonsets/${s.nsName('anyrobot')}/logstash-input/logs/search?${qs}`, { ctx, ns: s.nsName('anyrobot'), name: 'logstash-input' }, { headers });
    const nodes = (await search.text()).trim().split('\n').map((l) => JSON.parse(l) as LogSearchEvent).filter((e): e is LogSearchNode => e.type === 'node');
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) {
      expect(n.status).toBe('failed');
      expect(n.reason).toMatch(/cannot get resource "pods\/log"/);
    }
  });

  it('the same request as the admin (no proxy) reads the log', async () => {
    delete process.env.EVERYNODE_AUTH_MODE;
    const res = await nodeLog('worker-03', 'anyrobot', 'logstash-input', { tailLines: '1' });
    process.env.EVERYNODE_AUTH_MODE = 'proxy';
    expect(res.status).toBe(200);
  });
});
