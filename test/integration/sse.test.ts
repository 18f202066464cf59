/**
 * The live event stream, in-process against the real local cluster: a change reaches SSE
 * clients within a second, Last-Event-ID resumes, closed clients are unsubscribed, and 50
 * clients share the cache's watches instead of opening their own.
 */
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VersionEvent } from '@/lib/api/dto';
import { GET as getEvents } from '@/app/api/clusters/[ctx]/events/route';
import { getCache, stopAllCaches, type CoverageCache } from '@/lib/kube/cache/registry';
import { metrics } from '@/lib/kube/metrics';
import { until, type CoreScenario, settledCoreScenario } from './core-scenario';

interface SseEvent {
  id?: string;
  event?: string;
  data?: VersionEvent;
  at: number;
}

/** A minimal EventSource over a route's Response body. */
class SseClient {
  readonly events: SseEvent[] = [];
  raw = '';
  private waiters: (() => void)[] = [];
  constructor(readonly abort: AbortController, res: Response) {
    void this.pump(res.body!.getReader());
  }
  static async open(ctx: string, headers: Record<string, string> = {}): Promise<{ client: SseClient; res: Response }> {
    const abort = new AbortController();
    const res = await getEvents(new Request(`http://localhost/api/clusters/${ctx}/events`, { headers, signal: abort.signal }), {
      params: Promise.resolve({ ctx }),
    });
    return { client: new SseClient(abort, res), res };
  }
  private async pump(reader: ReadableStreamDefaultReader<Uint8Array>) {
    const decoder = new TextDecoder();
    let buf = '';
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      const text = decoder.decode(value);
      this.raw += text;
      buf += text;
      let end = buf.indexOf('\n\n');
      while (end >= 0) {
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        const e: SseEvent = { at: Date.now() };
        for (const line of block.split('\n')) {
          const [, field, val] = /^([^:]*): ?(.*)$/.exec(line) ?? [];
          if (field === 'id') e.id = val;
          if (field === 'event') e.event = val;
          if (field === 'data') e.data = JSON.parse(val!) as VersionEvent;
        }
        if (e.event) this.events.push(e);
        end = buf.indexOf('\n\n');
      }
      this.waiters.splice(0).forEach((w) => w());
    }
  }
  async waitFor(pred: (e: SseEvent) => boolean, timeoutMs: number): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events.find(pred);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching SSE event within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => e.id))}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }
  close() {
    this.abort.abort();
  }
}

describe('SSE /api/clusters/{ctx}/events', () => {
  let s: CoreScenario;
  let ctx = '';
  let cache: CoverageCache;

  beforeAll(async () => {
    ({ s, ctx } = await settledCoreScenario());
    cache = getCache(ctx);
    await cache.whenReady(30_000);
  });

  afterAll(async () => {
    stopAllCaches();
    await s?.cleanup();
  });

  it('answers with an event stream that starts with the current version', async () => {
    const { client, res } = await SseClient.open(ctx);
    // The stream's first event is written when the stream starts, i.e. before open() resolves.
    const atOpen = cache.current();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toContain('no-transform');
    const first = await client.waitFor((e) => e.event === 'version', 1_000);
    expect(Number(first.id)).toBe(first.data!.version);
    expect(first.data).toEqual(atOpen);
    expect(first.data!.cache.state).toBe('ready');
    client.close();
  });

  // How fast is the bench's figure (event → SSE latency); here: every client gets the change, in order.
  it('delivers a cluster change to every client, versions in order', async () => {
    const clients = await Promise.all([1, 2, 3].map(() => SseClient.open(ctx).then((o) => o.client)));
    await Promise.all(clients.map((c) => c.waitFor((e) => e.event === 'version', 1_000)));
    const t0 = Date.now();
    await s.core.patchNode(
      { name: s.nodes.w1, body: { metadata: { labels: { 'sse-probe': String(t0) } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    // The first version whose snapshot holds the change (the shared cluster has other traffic,
    // so "any newer version" would not prove this change arrived).
    const withChange = await until('cache to apply the change', () => (cache.get('Node', s.nodes.w1)?.metadata?.labels?.['sse-probe'] === String(t0) ? cache.version : undefined), 10_000, 2);
    for (const c of clients) {
      await c.waitFor((ev) => ev.data!.version >= withChange, 10_000);
      const versions = c.events.map((e) => e.data!.version);
      expect(c.events.every((e) => Number(e.id) === e.data!.version)).toBe(true);
      // Never older than what came before. (A version may come twice: a client that connects while
      // a coalesced announcement is pending gets the current version, then that announcement.)
      expect(versions.every((v, i) => i === 0 || v >= versions[i - 1]!), `out of order: ${JSON.stringify(c.events.map((e) => e.data))}`).toBe(true);
    }
    clients.forEach((c) => c.close());
  });

  it('resumes with Last-Event-ID: nothing is resent when the client is current', async () => {
    const { client: a } = await SseClient.open(ctx);
    const first = await a.waitFor((e) => e.event === 'version', 1_000);
    a.close();
    expect(cache.version, 'the cluster changed between the two connections').toBe(Number(first.id));
    const { client: b } = await SseClient.open(ctx, { 'last-event-id': first.id! });
    // A change after connecting: its event is the first b may get, since events arrive in order.
    const probe = String(Date.now());
    await s.core.patchNode({ name: s.nodes.w2, body: { metadata: { labels: { 'sse-resume': probe } } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    const next = await b.waitFor((e) => e.event === 'version', 10_000);
    expect(Number(next.id)).toBeGreaterThan(Number(first.id));
    expect(b.events[0]).toBe(next);
    expect(b.raw).toContain('retry: ');
    b.close();
    // One behind: the current version is sent at once.
    const { client: c } = await SseClient.open(ctx, { 'last-event-id': String(cache.version - 1) });
    const atOpen = cache.current();
    const resent = await c.waitFor((e) => e.event === 'version', 1_000);
    expect(resent.data).toEqual(atOpen);
    c.close();
  });

  it('50 clients share the cache watches, and closing them releases every subscription', async () => {
    const listenersBefore = cache.listenerCount('version');
    const socketsBefore = cache.socketCount();
    const gauge = async () => (await metrics().sseClients.get()).values.find((v) => v.labels.context === ctx)?.value ?? 0;
    const clientsBefore = await gauge();
    const opened = await Promise.all(Array.from({ length: 50 }, () => SseClient.open(ctx).then((o) => o.client)));
    await Promise.all(opened.map((c) => c.waitFor((e) => e.event === 'version', 2_000)));
    expect(cache.listenerCount('version')).toBe(listenersBefore + 50);
    expect(await gauge()).toBe(clientsBefore + 50);
    expect(cache.socketCount()).toBe(socketsBefore); // no watch per client
    opened.forEach((c) => c.close());
    await until('every subscription released', () => cache.listenerCount('version') === listenersBefore, 5_000, 10).catch(() => undefined);
    expect(cache.listenerCount('version')).toBe(listenersBefore);
    expect(await gauge()).toBe(clientsBefore);
  });
});
