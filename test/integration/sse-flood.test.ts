/**
 * Issue #23 item 1 on the production server (deploy/run-standalone.sh, the Deployment's
 * --max-old-space-size=384): a flood of event streams from many addresses is refused past the
 * caps with 429/503 in words, the server stays healthy with bounded memory, and closing the
 * streams returns every slot and file descriptor. Before the caps, every stream was admitted
 * (8,000 of them exhausted the heap).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFiles, rssMB } from '@/scripts/bench/procfs';
import { until } from '../support/until';
import { kubeconfigPath } from './core-scenario';
import { openStream, type OpenedStream } from './sse-client-net';
import { layoutStandalone, startStandaloneServer, type StandaloneServer } from './standalone';

const GLOBAL_CAP = 300;
const PER_CLIENT = 20;
/** Addresses the flood comes from: 127.0.0.2 … (each a "client" to the server). */
const ADDRESSES = 20;
/** The Deployment's memory limit (512 Mi), which the process must stay well under. */
const MEMORY_LIMIT_MB = 512;

async function metric(server: StandaloneServer, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${server.origin}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(name) && line.includes(labels) && !line.startsWith('#')) sum += Number(line.split(' ').pop());
  return sum;
}

describe('event-stream flood on the standalone server', () => {
  let server: StandaloneServer;
  let layout: { dir: string; remove: () => void };
  let ctx = '';
  const open: OpenedStream[] = [];

  beforeAll(async () => {
    layout = await layoutStandalone();
    server = await startStandaloneServer(layout.dir, kubeconfigPath(), {
      EVERYNODE_SSE_MAX_STREAMS: String(GLOBAL_CAP),
      EVERYNODE_SSE_MAX_STREAMS_PER_CLIENT: String(PER_CLIENT),
    });
    const clusters = (await (await fetch(`${server.origin}/api/clusters`)).json()) as { clusters: { name: string; current: boolean }[] };
    ctx = clusters.clusters.find((c) => c.current)!.name;
  });

  afterAll(async () => {
    open.forEach((s) => s.close());
    await server?.stop();
    layout?.remove();
  });

  it('refuses past the caps in words, stays healthy and bounded, and gives everything back on close', async () => {
    const path = `/api/clusters/${encodeURIComponent(ctx)}/events`;
    // Warm up (first stream, first metrics scrape), then take the baseline.
    const warm = await openStream(server.origin, path, '127.0.0.1');
    expect(warm.status).toBe(200);
    warm.close();
    await until('the warm-up stream to be released', async () => (await metric(server, 'everynode_sse_clients')) === 0);
    const fdsBefore = openFiles(server.pid).fds;
    const rssBefore = rssMB(server.pid);

    // One client: PER_CLIENT streams, then 429, even when it claims another address.
    for (let i = 0; i < PER_CLIENT; i++) open.push(await openStream(server.origin, path, '127.0.0.2'));
    expect(open.map((s) => s.status)).toEqual(Array(PER_CLIENT).fill(200));
    for (const spoof of [{}, { 'x-forwarded-for': '10.9.9.9' }] as Record<string, string>[]) {
      const refused = await openStream(server.origin, path, '127.0.0.2', spoof);
      if (refused.status === 200) refused.close(); // so the assertion below reports it instead of waiting
      expect(refused.status).toBe(429);
      await refused.ended;
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect(JSON.parse(refused.text())).toEqual({
        error: { code: 'too_many_streams', message: `too many live streams from your address (${PER_CLIENT} open, at most ${PER_CLIENT}); close other tabs or retry later` },
      });
    }

    // Many clients: PER_CLIENT streams from each of ADDRESSES addresses, 400 attempts in all;
    // past GLOBAL_CAP every one is a 503 in words.
    const statuses: Record<number, number> = {};
    const busyBodies = new Set<string>();
    for (let a = 3; a < 3 + ADDRESSES - 1; a++) {
      const batch = await Promise.all(Array.from({ length: PER_CLIENT }, () => openStream(server.origin, path, `127.0.0.${a}`)));
      for (const s of batch) {
        statuses[s.status] = (statuses[s.status] ?? 0) + 1;
        if (s.status === 200) open.push(s);
        else {
          await s.ended;
          busyBodies.add(s.text());
        }
      }
    }
    expect(statuses[200]).toBe(GLOBAL_CAP - PER_CLIENT);
    expect(statuses[503]).toBe(ADDRESSES * PER_CLIENT - GLOBAL_CAP);
    expect([...busyBodies].map((b) => JSON.parse(b))).toEqual([{ error: { code: 'server_busy', message: `the server is at its limit of ${GLOBAL_CAP} live streams; retry later` } }]);

    // Healthy and bounded while full.
    const health = await fetch(`${server.origin}/api/healthz`);
    expect(health.status).toBe(200);
    expect(await metric(server, 'everynode_sse_clients')).toBe(GLOBAL_CAP);
    expect(await metric(server, 'everynode_sse_refused_total', 'reason="server_busy"')).toBe(ADDRESSES * PER_CLIENT - GLOBAL_CAP);
    const rssFull = rssMB(server.pid);
    expect(rssFull).toBeLessThan(MEMORY_LIMIT_MB * 0.75);
    console.info(`RSS ${rssBefore} MB → ${rssFull} MB with ${GLOBAL_CAP} streams (${(((rssFull - rssBefore) * 1024) / GLOBAL_CAP).toFixed(0)} KB per stream)`);

    // Every open stream still receives: each got its first version event.
    await until('every admitted stream to get its first event', () => open.every((s) => /event: version\n/.test(s.text())), 20_000);

    // Closing gives back the slots and the file descriptors.
    open.splice(0).forEach((s) => s.close());
    await until('every stream to be released', async () => (await metric(server, 'everynode_sse_clients')) === 0, 20_000);
    await until('file descriptors to return to the baseline', () => openFiles(server.pid).fds <= fdsBefore + 5, 20_000);
    const again = await openStream(server.origin, path, '127.0.0.2');
    expect(again.status).toBe(200);
    again.close();
  });
});
