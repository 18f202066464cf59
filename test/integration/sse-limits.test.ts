/**
 * Issue #23 items 1 and 10, in-process against the real local cluster: the event route's caps
 * (429 per client, 503 global, in words), `?probe`, the maximum lifetime, backpressure with a
 * reader that never reads, the per-client rate limit on node reads, and the node page's Event
 * LISTs shared by concurrent viewers. Clients are told apart by the peer stamp the HTTP server
 * puts on every request (instrumentation.ts); here the test sets it, as that hook would.
 */
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET as getEvents } from '@/app/api/clusters/[ctx]/events/route';
import { GET as getNode } from '@/app/api/clusters/[ctx]/nodes/[node]/route';
import { getCache, stopAllCaches, type CoverageCache } from '@/lib/kube/cache/registry';
import { PEER_HEADER } from '@/lib/kube/limits/client-address';
import { kubeconfigPath, until, type CoreScenario, settledCoreScenario } from './core-scenario';

const saved = { ...process.env };
const decoder = new TextDecoder();

function events(ctx: string, peer?: string, query = '', signal?: AbortSignal) {
  return getEvents(new Request(`http://localhost/api/clusters/${ctx}/events${query}`, { headers: peer ? { [PEER_HEADER]: peer } : {}, signal }), {
    params: Promise.resolve({ ctx }),
  });
}

/** Reads what the stream has queued now, without waiting for more. */
async function readQueued(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  let text = '';
  for (;;) {
    const next = await Promise.race([reader.read(), new Promise<'empty'>((r) => setTimeout(() => r('empty'), 50))]);
    if (next === 'empty' || next.done) return text;
    text += decoder.decode(next.value);
  }
}

describe('event-stream and expensive-read limits (in-process)', () => {
  let s: CoreScenario;
  let ctx = '';
  let cache: CoverageCache;
  const toClose: AbortController[] = [];

  beforeAll(async () => {
    ({ s, ctx } = await settledCoreScenario());
    cache = getCache(ctx);
    await cache.whenReady(30_000);
  });

  afterEach(() => {
    toClose.splice(0).forEach((a) => a.abort());
    process.env = { ...saved, KUBECONFIG: kubeconfigPath() };
  });

  afterAll(async () => {
    stopAllCaches();
    await s?.cleanup();
  });

  const openFrom = async (peer: string) => {
    const abort = new AbortController();
    toClose.push(abort);
    return { res: await events(ctx, peer, '', abort.signal), abort };
  };

  it('answers 429 in words past the per-client cap, while other clients still get streams', async () => {
    process.env.EVERYNODE_SSE_MAX_STREAMS_PER_CLIENT = '3';
    const mine = await Promise.all([1, 2, 3].map(() => openFrom('198.51.100.1')));
    expect(mine.map((m) => m.res.status)).toEqual([200, 200, 200]);
    const refused = await openFrom('198.51.100.1');
    expect(refused.res.status).toBe(429);
    expect(refused.res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.res.json()).toEqual({
      error: { code: 'too_many_streams', message: 'too many live streams from your address (3 open, at most 3); close other tabs or retry later' },
    });
    expect((await openFrom('198.51.100.2')).res.status).toBe(200);
    // A closed stream frees its slot.
    mine[0]!.abort.abort();
    expect((await openFrom('198.51.100.1')).res.status).toBe(200);
  });

  it('answers 503 in words past the global cap; ?probe says so without holding a slot', async () => {
    process.env.EVERYNODE_SSE_MAX_STREAMS = '2';
    expect((await events(ctx, '198.51.100.9', '?probe')).status).toBe(204);
    const a = await openFrom('198.51.100.3');
    const b = await openFrom('198.51.100.4');
    expect([a.res.status, b.res.status]).toEqual([200, 200]);
    const probe = await events(ctx, '198.51.100.9', '?probe');
    expect(probe.status).toBe(503);
    expect(await probe.json()).toEqual({ error: { code: 'server_busy', message: 'the server is at its limit of 2 live streams; retry later' } });
    b.abort.abort();
    expect((await events(ctx, '198.51.100.9', '?probe')).status).toBe(204);
    expect((await openFrom('198.51.100.9')).res.status).toBe(200);
  });

  it('ends a stream after its maximum lifetime with a bye event', async () => {
    process.env.EVERYNODE_SSE_MAX_LIFETIME_SECONDS = '1';
    const { res } = await openFrom('198.51.100.5');
    const reader = res.body!.getReader();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).toMatch(/^retry: \d+\n\nid: \d+\nevent: version\n/);
    expect(text).toMatch(/event: bye\ndata: \{"reason":"lifetime"\}\n\n$/);
    // Its slot is free again: the per-client cap of 1 admits a new stream.
    process.env.EVERYNODE_SSE_MAX_STREAMS_PER_CLIENT = '1';
    expect((await openFrom('198.51.100.5')).res.status).toBe(200);
  });

  it('a client that never reads gets the newest version only, not every change queued', async () => {
    const { res } = await openFrom('198.51.100.6');
    const before = cache.version;
    const patch = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
    for (let i = 0; i < 12; i++) {
      await s.core.patchNode({ name: s.nodes.w1, body: { metadata: { labels: { 'sse-backpressure': String(i) } } } }, patch);
      // Each change its own version event: wait for the cache to announce it (throttled at 100 ms).
      await until('the cache to apply the change', () => cache.get('Node', s.nodes.w1)?.metadata?.labels?.['sse-backpressure'] === String(i), 5_000, 10);
      await new Promise<void>((r) => cache.once('version', () => r()));
    }
    expect(cache.version - before).toBeGreaterThanOrEqual(12);
    const last = cache.version;
    const text = await readQueued(res.body!.getReader());
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    // The first event and the latest one; the 11 in between were coalesced away. (Events of the
    // cluster's own may bump the version once more meanwhile: the newest is at least `last`.)
    expect(ids.length).toBeLessThanOrEqual(2);
    expect(ids.at(-1)).toBeGreaterThanOrEqual(last);
    expect(ids.at(-1)).toBeLessThanOrEqual(cache.version);
  });

  it('limits node reads per client with a 429 in words; other clients are not affected', async () => {
    process.env.EVERYNODE_EXPENSIVE_READS_PER_MINUTE = '20'; // bursts of 5
    const read = (peer: string) =>
      getNode(new Request(`http://localhost/api/clusters/${ctx}/nodes/${s.nodes.w2}`, { headers: { [PEER_HEADER]: peer } }), { params: Promise.resolve({ ctx, node: s.nodes.w2 }) });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await read('198.51.100.7')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await read('198.51.100.7');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/^too many node reads from your address \(at most 20 a minute\); retry in \d+ s$/);
    expect((await read('198.51.100.8')).status).toBe(200);
  });

  it('concurrent viewers of one node read the same Events, from the one Events watch', async () => {
    await cache.whenEventsReady();
    const node = s.nodes.w1;
    const viewers = await Promise.all(
      Array.from({ length: 20 }, () => getNode(new Request(`http://localhost/api/clusters/${ctx}/nodes/${node}`), { params: Promise.resolve({ ctx, node }) })),
    );
    expect(viewers.map((v) => v.status)).toEqual(Array(20).fill(200));
    const bodies = (await Promise.all(viewers.map((v) => v.json()))) as { events: { object: string }[] }[];
    // Its daemon pods were scheduled: the scheduler's Events about them are in the cache.
    expect(bodies[0]!.events.some((e) => e.object.startsWith('Pod/'))).toBe(true);
    expect(new Set(bodies.map((b) => JSON.stringify(b.events))).size).toBe(1);
  });
});
