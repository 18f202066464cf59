/**
 * Section 2: the console on the real 1,000-node cluster — cache ready time, memory, payload size
 * and latency, event-to-SSE latency, and API-server watches with 1 vs many SSE clients.
 */
import { gzipSync } from 'node:zlib';
import { CoreV1Api } from '@kubernetes/client-node';
import type { BenchContext } from '../context';
import { sleep } from '../context';
import { podOn, scrapeApiserver, setPodReady, total, watchesByResource } from '../kube';
import { rssMB } from '../procfs';
import { edgeExcludedAgent, everywhereAgent, FLEET_NAMESPACE, nodeName, podSelector } from '../fleet';
import { openClients, SseClient } from '../sse-client';
import { summarize, type Summary } from '../stats';
import { streamFigures, type StreamFigures } from './streams';

export interface PayloadFigures {
  rawBytes: number;
  gzipBytes: number;
  latencyMs: Summary;
}

export interface ServerResult {
  listeningS: number;
  cacheReadyS: number;
  rssAtReadyMB: number;
  rssAfterRequestsMB: number;
  coverage: PayloadFigures;
  daemonSetDetail: PayloadFigures & { agent: string };
  eventToSseMs: Summary;
  watches: {
    /** Watches on nodes/pods/daemonsets/controllerrevisions before the console started (controllers, kwok). */
    baseline: Record<string, number>;
    oneClient: Record<string, number>;
    manyClients: Record<string, number>;
    clients: number;
    everynodeOneClient: number;
    everynodeManyClients: number;
  };
  /** RSS per open stream and the global cap under a flood (bench console: EVERYNODE_SSE_MAX_STREAMS). */
  streams?: StreamFigures;
}

/** The bench console's global stream cap (console.ts sets it; the default is 1,000). */
export const BENCH_STREAM_CAP = 1_000;

export const eventsUrl = (c: BenchContext) => `${c.console.url}/api/clusters/${encodeURIComponent(c.ctx)}/events`;
export const coverageUrl = (c: BenchContext) => `${c.console.url}/api/clusters/${encodeURIComponent(c.ctx)}/coverage`;
export const detailUrl = (c: BenchContext, agent: string) => `${c.console.url}/api/clusters/${encodeURIComponent(c.ctx)}/daemonsets/${FLEET_NAMESPACE}/${agent}`;

/** GETs `url` `n` times in a row; the body of the last one and each latency. */
export async function timeGets(url: string, n: number): Promise<{ body: Buffer; latencies: number[] }> {
  const latencies: number[] = [];
  let body = Buffer.alloc(0);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    body = Buffer.from(await res.arrayBuffer());
    latencies.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status} ${body.toString('utf8', 0, 300)}`);
  }
  return { body, latencies };
}

async function payload(url: string, n: number): Promise<PayloadFigures> {
  await timeGets(url, 2); // warm the route (first request compiles nothing, but fills caches)
  const { body, latencies } = await timeGets(url, n);
  return { rawBytes: body.length, gzipBytes: gzipSync(body).length, latencyMs: summarize(latencies) };
}

/**
 * Flips one pod's readiness `n` times and times each flip until an SSE `version` event arrives.
 * The console throttles notifications (100 ms), so this includes that window by design.
 */
export async function eventToSse(c: BenchContext, n: number): Promise<number[]> {
  const core = c.kc.makeApiClient(CoreV1Api);
  const pod = await podOn(core, FLEET_NAMESPACE, podSelector(c.opts.agents, everywhereAgent(c.opts.agents)), nodeName(0));
  const client = new SseClient(eventsUrl(c));
  await client.connect();
  const samples: number[] = [];
  try {
    if (client.arrivals.length === 0) await client.next(() => true, 10_000); // the current version, sent on connect
    for (let i = 0; i < n; i++) {
      await sleep(300); // let the previous change's notification window close
      const before = client.lastVersion ?? 0;
      const t0 = Date.now();
      await setPodReady(core, FLEET_NAMESPACE, pod, i % 2 === 1);
      const arrival = await client.next((v) => v.version > before, 10_000);
      samples.push(arrival.at - t0);
    }
  } finally {
    if (n % 2 === 1) await setPodReady(core, FLEET_NAMESPACE, pod, true);
    client.close();
  }
  return samples;
}

export async function serverSection(c: BenchContext, startup: { listeningS: number; readyS: number; rssAtReadyMB: number; baselineWatches: Record<string, number> }): Promise<ServerResult> {
  const { opts, log } = c;
  log(`coverage route: ${opts.repeats} GETs`);
  const coverage = await payload(coverageUrl(c), opts.repeats);
  const agent = edgeExcludedAgent(opts.agents);
  log(`DaemonSet detail route (${agent}): ${opts.repeats} GETs`);
  const daemonSetDetail = { agent, ...(await payload(detailUrl(c, agent), opts.repeats)) };
  const rssAfterRequestsMB = rssMB(c.console.pid);

  log(`event → SSE: ${opts.repeats} pod readiness flips`);
  const sse = await eventToSse(c, opts.repeats);

  log(`API-server watches with 1 and ${opts.manyClients} SSE clients`);
  const one = await openClients(eventsUrl(c), 1);
  await sleep(2000);
  const oneClient = watchesByResource(await scrapeApiserver(c.cluster.kubeconfig));
  const more = await openClients(eventsUrl(c), opts.manyClients - 1);
  await sleep(2000);
  const manyClients = watchesByResource(await scrapeApiserver(c.cluster.kubeconfig));
  for (const cl of [...one, ...more]) cl.close();
  log(`event streams: RSS per stream (${opts.quick ? 200 : 1000} streams) and the cap of ${BENCH_STREAM_CAP} under a flood`);
  const streams = await streamFigures(c, opts.quick ? 200 : 1000, BENCH_STREAM_CAP);
  const base = total(startup.baselineWatches);
  return {
    listeningS: startup.listeningS,
    cacheReadyS: startup.readyS,
    rssAtReadyMB: startup.rssAtReadyMB,
    rssAfterRequestsMB,
    coverage,
    daemonSetDetail,
    eventToSseMs: summarize(sse),
    watches: {
      baseline: startup.baselineWatches,
      oneClient,
      manyClients,
      clients: opts.manyClients,
      everynodeOneClient: total(oneClient) - base,
      everynodeManyClients: total(manyClients) - base,
    },
    streams,
  };
}
