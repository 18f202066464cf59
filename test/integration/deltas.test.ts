/**
 * Live deltas on the real local cluster, in-process: a client that holds the agent page's and the
 * overview's queries follows a rollout through the event stream, loses its connection twice (once
 * resuming inside the server's window, once with a version the server cannot bring forward) and
 * ends up holding exactly what a fresh GET answers, cell by cell.
 */
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverageResponse, DaemonSetDetailResponse, LiveViewName, LiveViewsEvent, ViewDelta, ViewSnapshotEvent } from '@/lib/api/dto';
import { applyDelta, daemonSetView, formatViewParam, type LiveSnapshot } from '@/lib/api/live-delta';
import { GET as getCoverage } from '@/app/api/clusters/[ctx]/coverage/route';
import { GET as getDaemonSet } from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/route';
import { GET as getEvents } from '@/app/api/clusters/[ctx]/events/route';
import { feedCount } from '@/lib/kube/cache/live-feeds';
import { getCache, stopAllCaches, type CoverageCache } from '@/lib/kube/cache/registry';
import { until, type CoreScenario, settledCoreScenario } from './core-scenario';

interface Frame {
  event: string;
  data: string;
}

/** A tab's live state: its snapshots, kept by the frames of one stream at a time. */
class DeltaClient {
  readonly held = new Map<LiveViewName, LiveSnapshot>();
  readonly frames: Frame[] = [];
  private abort: AbortController | undefined;
  private waiters: (() => void)[] = [];

  constructor(readonly ctx: string) {}

  async connect(versionOf: (view: LiveViewName) => number | undefined = (v) => this.held.get(v)?.version): Promise<Response> {
    this.abort = new AbortController();
    const query = [...this.held.keys()].map((v) => `view=${encodeURIComponent(formatViewParam(v, versionOf(v)))}`).join('&');
    const res = await getEvents(new Request(`http://localhost/api/clusters/${this.ctx}/events?${query}`, { signal: this.abort.signal }), { params: Promise.resolve({ ctx: this.ctx }) });
    if (res.status === 200) void this.pump(res.body!.getReader());
    return res;
  }

  drop(): void {
    this.abort?.abort();
  }

  private async pump(reader: ReadableStreamDefaultReader<Uint8Array>) {
    const decoder = new TextDecoder();
    let buf = '';
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let end = buf.indexOf('\n\n');
      while (end >= 0) {
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        const f: Frame = { event: '', data: '' };
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) f.event = line.slice(7);
          if (line.startsWith('data: ')) f.data = line.slice(6);
        }
        if (f.event) this.onFrame(f);
        end = buf.indexOf('\n\n');
      }
      this.waiters.splice(0).forEach((w) => w());
    }
  }

  private onFrame(f: Frame) {
    this.frames.push(f);
    if (f.event === 'delta') {
      const d = JSON.parse(f.data) as ViewDelta;
      this.held.set(d.view, applyDelta(this.held.get(d.view)!, d)); // throws (fails the test) when out of step
    }
    if (f.event === 'snapshot') {
      const s = JSON.parse(f.data) as ViewSnapshotEvent;
      this.held.set(s.view, s.snapshot);
    }
  }

  async waitFor(what: string, pred: (frames: Frame[]) => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this.frames)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${what}: not within ${timeoutMs} ms; frames: ${this.frames.map((f) => f.event).join(',')}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }
}

const json = async <T,>(res: Response | Promise<Response>): Promise<T> => {
  const r = await res;
  if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${await r.text()}`);
  return (await r.json()) as T;
};

describe('live deltas over the event stream', () => {
  let s: CoreScenario;
  let ctx = '';
  let cache: CoverageCache;
  const dsView = () => daemonSetView(s.ns.monitoring, 'node-exporter');
  const freshDaemonSet = () =>
    json<DaemonSetDetailResponse>(getDaemonSet(new Request('http://localhost/x'), { params: Promise.resolve({ ctx, ns: s.ns.monitoring, name: 'node-exporter' }) }));
  const freshCoverage = () => json<CoverageResponse>(getCoverage(new Request('http://localhost/x'), { params: Promise.resolve({ ctx }) }));

  beforeAll(async () => {
    ({ s, ctx } = await settledCoreScenario());
    cache = getCache(ctx);
    await cache.whenReady(30_000);
  });

  afterAll(async () => {
    stopAllCaches();
    await s?.cleanup();
  });

  it('after a rollout with dropped and resumed connections, the delta-built state equals a fresh GET, cell by cell', async () => {
    const tab = new DeltaClient(ctx);
    tab.held.set(dsView(), await freshDaemonSet());
    tab.held.set('coverage', await freshCoverage());
    expect((await tab.connect()).status).toBe(200);
    await tab.waitFor('the live preamble', (f) => f.some((x) => x.event === 'live'));
    const live = JSON.parse(tab.frames.find((f) => f.event === 'live')!.data) as LiveViewsEvent;
    expect(live.views.sort()).toEqual(['coverage', dsView()].sort());

    // kubectl rollout restart: every node-exporter pod is replaced, one node at a time.
    const startedAt = new Date().toISOString();
    await s.apps.patchNamespacedDaemonSet(
      { namespace: s.ns.monitoring, name: 'node-exporter', body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': startedAt } } } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    const deltasFor = (frames: Frame[], view: LiveViewName) => frames.filter((f) => f.event === 'delta' && (JSON.parse(f.data) as ViewDelta).view === view).length;
    await tab.waitFor('a first delta of the rollout', (f) => deltasFor(f, dsView()) >= 1);

    // Drop 1: the rollout goes on while the tab is away, then it resumes inside the window.
    tab.drop();
    const away = tab.held.get(dsView())!.version;
    await until('the cluster to move on while the tab is away', () => cache.version > away, 30_000, 20);
    const before = tab.frames.length;
    expect((await tab.connect()).status).toBe(200);
    await tab.waitFor('the catch-up after resuming', (f) => f.slice(before).some((x) => x.event === 'delta' || x.event === 'snapshot'));
    const catchup = tab.frames.slice(before).find((f) => f.event === 'delta' || f.event === 'snapshot')!;
    expect(catchup.event, 'inside the window the tab gets deltas, not a snapshot').toBe('delta');
    expect((JSON.parse(catchup.data) as ViewDelta).from).toBe(away);

    // Drop 2: the tab comes back with a version the server never kept (beyond its window): one snapshot each.
    tab.drop();
    const beforeSnap = tab.frames.length;
    expect((await tab.connect(() => 1)).status).toBe(200);
    await tab.waitFor('one snapshot per view', (f) => f.slice(beforeSnap).filter((x) => x.event === 'snapshot').length === 2);

    // The rollout ends; the tab, still following, must hold exactly what a fresh read answers.
    await until(
      'the rollout to finish',
      async () => {
        const d = await freshDaemonSet();
        return d.rollout.done && d.cells.filter((c) => c.state === 'ready').length === 3 && d.cells.every((c) => c.pods.every((p) => p.revision === 'current')) && d;
      },
      90_000,
      250,
    );
    const [ds, cov] = await until(
      'the tab to reach the version of a fresh read',
      async () => {
        const [d, c] = [await freshDaemonSet(), await freshCoverage()];
        return tab.held.get(dsView())!.version === d.version && tab.held.get('coverage')!.version === c.version && ([d, c] as const);
      },
      30_000,
      50,
    );
    const heldDs = tab.held.get(dsView()) as DaemonSetDetailResponse;
    expect(heldDs.nodes).toEqual(ds.nodes);
    ds.cells.forEach((cell, i) => expect(heldDs.cells[i], `cell of ${cell.node}`).toEqual(cell));
    expect(heldDs).toEqual(ds);
    expect(tab.held.get('coverage')).toEqual(cov);
    tab.drop();
  });

  it('one read and one delta per version, shared by every tab that holds the view', async () => {
    const tabs = await Promise.all(
      [1, 2, 3, 4, 5].map(async () => {
        const t = new DeltaClient(ctx);
        t.held.set(dsView(), await freshDaemonSet());
        await t.connect();
        await t.waitFor('preamble', (f) => f.some((x) => x.event === 'live'));
        return t;
      }),
    );
    const feedsBefore = feedCount(cache);
    const probe = `p${Date.now()}`;
    await s.core.patchNode({ name: s.nodes.w1, body: { metadata: { labels: { 'deltas-probe': probe } } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    const hasProbe = (d: LiveSnapshot) => d.nodes.labelPairs.includes(`deltas-probe=${probe}`);
    for (const t of tabs) await until('every tab to see the label', () => hasProbe(t.held.get(dsView())!), 10_000, 20);
    // The same version's delta is the same bytes for every tab.
    const probeDelta = (t: DeltaClient) => t.frames.find((f) => f.event === 'delta' && f.data.includes(`deltas-probe=${probe}`))!.data;
    expect(new Set(tabs.map(probeDelta)).size).toBe(1);
    expect(JSON.parse(probeDelta(tabs[0]!)) as ViewDelta).toMatchObject({ rows: { nodes: { upsert: [[s.nodes.w1, expect.anything()]] } } });
    expect(feedCount(cache), 'no feed per tab').toBe(feedsBefore);
    tabs.forEach((t) => t.drop());
  });

  it('refuses a view it cannot follow, in words, before opening a stream', async () => {
    const bad = async (query: string) => getEvents(new Request(`http://localhost/api/clusters/${ctx}/events?${query}`), { params: Promise.resolve({ ctx }) });
    const r1 = await bad('view=daemonset:Not_A_Namespace/x');
    expect(r1.status).toBe(400);
    expect((await r1.json()).error.message).toMatch(/view: "daemonset:Not_A_Namespace\/x" is neither coverage/);
    const r2 = await bad(['coverage', 'daemonset:a/b', 'daemonset:a/c', 'daemonset:a/d', 'daemonset:a/e'].map((v) => `view=${v}`).join('&'));
    expect(r2.status).toBe(400);
    expect((await r2.json()).error.message).toMatch(/at most 4 views/);
    // A DaemonSet that does not exist: the stream opens and says so for that view (the tab refetches and shows the 404).
    const r3 = await getEvents(new Request(`http://localhost/api/clusters/${ctx}/events?view=${encodeURIComponent(daemonSetView(s.ns.monitoring, 'nope'))}`, { signal: AbortSignal.timeout(20_000) }), { params: Promise.resolve({ ctx }) });
    expect(r3.status).toBe(200);
    const text = await readUntil(r3, 'event: reset');
    expect(text).toMatch(/daemonset .*\/nope not found/);
  });
});

async function readUntil(res: Response, marker: string): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes(marker) || !text.slice(text.indexOf(marker)).includes('\n\n')) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}
