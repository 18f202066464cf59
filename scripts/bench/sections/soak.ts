/**
 * Section 4: many SSE clients held open for minutes while the cluster churns (rolling restarts,
 * node taints toggled). Samples the server's RSS, open files and sockets; at the end, every client
 * must hold the server's final version.
 */
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type V1Taint } from '@kubernetes/client-node';
import type { BenchContext } from '../context';
import { sleep, until } from '../context';
import { waitFleetReady } from '../cluster';
import { cpuSeconds, openFiles, rssMB } from '../procfs';
import { agentNames, FLEET_NAMESPACE, nodeName } from '../fleet';
import { openClients } from '../sse-client';
import { parseMetrics, sumBy, sumOf, type Sample } from '../prom';
import { maxDeviationFromMedian, median, round, trend } from '../stats';
import { eventsUrl } from './server';

const CHURN_TAINT = 'everynode.dev/bench-churn';

export interface SoakSample {
  t: number; // seconds since the soak started
  rssMB: number;
  /** From the server's own /metrics: V8 heap in use, heap committed, of which the young generation, and memory outside the heap (Buffers). */
  heapUsedMB: number;
  heapTotalMB: number;
  youngMB: number;
  externalMB: number;
  fds: number;
  sockets: number;
}

export interface SoakResult {
  minutes: number;
  clients: number;
  churn: { restarts: number; taintToggles: number };
  samples: SoakSample[];
  warmupS: number;
  rss: {
    medianMB: number;
    minMB: number;
    maxMB: number;
    /** Largest distance of one sample from the median (the ±10% band of issue 8). */
    maxDeviationPct: number;
    withinBand: boolean;
    /** Last third vs first third of the post-warm-up samples: growth, sawtooth ignored. */
    trendPct: number;
    noGrowth: boolean;
  };
  /** Where RSS goes after warm-up (min–max MB): V8 heap in use, young generation committed, and the part outside the V8 heap (code, native, Buffers). */
  memory: { heapUsedMB: [number, number]; youngMB: [number, number]; outsideHeapMB: [number, number] };
  /** What the churn cost the server: CPU seconds over the soak, and its garbage collections by kind (count, seconds). */
  cost: { cpuS: number; cpuPctOfOneCore: number; gc: Record<string, { count: number; seconds: number }> };
  files: { fdsNoClients: number; socketsNoClients: number; fdsBefore: number; fdsAtEnd: number; socketsBefore: number; socketsAtEnd: number; fdsAfterClose: number; socketsAfterClose: number };
  versions: { final: number; converged: number; clients: number; reconnects: number; eventsPerClient: number };
}

const ssaJson = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

/** `kubectl rollout restart`: the restartedAt annotation on the pod template. */
async function restart(apps: AppsV1Api, name: string): Promise<void> {
  const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } } } };
  await apps.patchNamespacedDaemonSet({ name, namespace: FLEET_NAMESPACE, body }, ssaJson);
}

/** Adds or removes the churn taint (NoSchedule): agents that do not tolerate it turn misscheduled. */
async function toggleTaint(core: CoreV1Api, node: string): Promise<void> {
  const n = await core.readNode({ name: node });
  const taints: V1Taint[] = n.spec?.taints ?? [];
  const has = taints.some((t) => t.key === CHURN_TAINT);
  const next = has ? taints.filter((t) => t.key !== CHURN_TAINT) : [...taints, { key: CHURN_TAINT, value: 'true', effect: 'NoSchedule' }];
  // A JSON merge patch replaces the list whole; the resourceVersion makes it fail rather than lose a concurrent change.
  await core.patchNode(
    { name: node, body: { metadata: { resourceVersion: n.metadata?.resourceVersion }, spec: { taints: next } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}

async function serverVersion(c: BenchContext): Promise<number> {
  const res = await fetch(`${c.console.url}/api/clusters`);
  const body = (await res.json()) as { clusters: { name: string; cache: { version: number } | null }[] };
  return body.clusters.find((x) => x.name === c.ctx)?.cache?.version ?? -1;
}

type HeapFigures = Pick<SoakSample, 'heapUsedMB' | 'heapTotalMB' | 'youngMB' | 'externalMB'>;

async function serverMetrics(c: BenchContext): Promise<Sample[]> {
  const res = await fetch(`${c.console.url}/metrics`, { signal: AbortSignal.timeout(5000) });
  return parseMetrics(await res.text());
}

async function serverHeap(c: BenchContext): Promise<HeapFigures> {
  const samples = await serverMetrics(c);
  const mb = (name: string, filter = {}) => round(sumOf(samples, name, filter) / 2 ** 20);
  return {
    heapUsedMB: mb('everynode_nodejs_heap_size_used_bytes'),
    heapTotalMB: mb('everynode_nodejs_heap_size_total_bytes'),
    youngMB: mb('everynode_nodejs_heap_space_size_total_bytes', { space: 'new' }),
    externalMB: mb('everynode_nodejs_external_memory_bytes'),
  };
}

/** Garbage collections so far by kind (minor, major, incremental, weakcb): count and seconds. */
async function serverGc(c: BenchContext): Promise<Record<string, { count: number; seconds: number }>> {
  const samples = await serverMetrics(c);
  const counts = sumBy(samples, 'everynode_nodejs_gc_duration_seconds_count', 'kind');
  const sums = sumBy(samples, 'everynode_nodejs_gc_duration_seconds_sum', 'kind');
  return Object.fromEntries(Object.keys(counts).map((kind) => [kind, { count: counts[kind]!, seconds: sums[kind] ?? 0 }]));
}

export async function soakSection(c: BenchContext): Promise<SoakResult> {
  const { opts, log } = c;
  const pid = c.console.pid;
  const apps = c.kc.makeApiClient(AppsV1Api);
  const core = c.kc.makeApiClient(CoreV1Api);
  const durationMs = opts.soakMinutes * 60_000;
  const agents = agentNames(opts.agents);
  const sampleEveryMs = opts.quick ? 2000 : 5000;
  const warmupS = Math.min(120, Math.round((durationMs / 1000) * 0.2));

  const filesBefore = openFiles(pid);
  log(`soak: ${opts.soakClients} SSE clients for ${opts.soakMinutes} min while the cluster churns`);
  const clients = await openClients(eventsUrl(c), opts.soakClients);
  const withClients = openFiles(pid);

  const gcBefore = await serverGc(c);
  const cpuBefore = cpuSeconds(pid);
  const t0 = Date.now();
  const deadline = t0 + durationMs;
  const samples: SoakSample[] = [];
  const sample = async () => {
    const f = openFiles(pid);
    const s: SoakSample = { t: Math.round((Date.now() - t0) / 1000), rssMB: rssMB(pid), heapUsedMB: Number.NaN, heapTotalMB: Number.NaN, youngMB: Number.NaN, externalMB: Number.NaN, fds: f.fds, sockets: f.sockets };
    samples.push(s);
    const heap = await serverHeap(c).catch(() => undefined);
    if (heap) Object.assign(s, heap);
  };
  const sampler = setInterval(() => void sample(), sampleEveryMs);
  await sample();

  // Churn: a taint toggle every 3 s, a rolling restart of the next agent every 60 s (none in the last
  // quarter, so the rollouts can finish soon after the soak); all bounded by the deadline.
  const lastRestartAt = t0 + durationMs * 0.75;
  let restarts = 0;
  let taintToggles = 0;
  const tainted = new Set<string>();
  let tick = 0;
  while (Date.now() < deadline) {
    try {
      if (tick % 20 === 0 && Date.now() < lastRestartAt) {
        await restart(apps, agents[restarts % agents.length]!);
        restarts++;
      }
      const node = nodeName((tick * 37) % opts.nodes);
      await toggleTaint(core, node);
      if (tainted.has(node)) tainted.delete(node);
      else tainted.add(node);
      taintToggles++;
    } catch (err) {
      log(`  churn step failed (${String(err).slice(0, 120)}); continuing`);
    }
    tick++;
    await sleep(Math.max(0, Math.min(3000, deadline - Date.now())));
  }
  // Put the nodes back and let the fleet settle, then the stream must go quiet and agree.
  for (const node of tainted) await toggleTaint(core, node).catch(() => undefined);
  clearInterval(sampler);
  await sample();
  const cpuS = round(cpuSeconds(pid) - cpuBefore);
  const soakS = (Date.now() - t0) / 1000;
  const gcAfter = await serverGc(c);
  const filesAtEnd = openFiles(pid);
  log('soak: churn stopped; waiting for the fleet to settle and the clients to agree');
  await waitFleetReady(c.cluster, { nodes: opts.nodes, agents: opts.agents }, 10 * 60_000, 3000, log);
  let final = -1;
  await until(
    'every SSE client to hold the server version',
    async () => {
      final = await serverVersion(c);
      return clients.every((cl) => cl.lastVersion === final);
    },
    60_000,
    500,
  ).catch(() => undefined); // reported below as the number that converged

  const converged = clients.filter((cl) => cl.lastVersion === final).length;
  const reconnects = clients.reduce((a, cl) => a + cl.reconnects, 0);
  const eventsPerClient = round(median(clients.map((cl) => cl.arrivals.length)), 0);
  for (const cl of clients) cl.close();
  await sleep(2000);
  const filesAfterClose = openFiles(pid);

  const afterWarmup = samples.filter((s) => s.t >= warmupS);
  const steady = afterWarmup.map((s) => s.rssMB);
  const range = (xs: number[]): [number, number] => {
    const ok = xs.filter(Number.isFinite);
    return ok.length ? [round(Math.min(...ok)), round(Math.max(...ok))] : [Number.NaN, Number.NaN];
  };
  const dev = maxDeviationFromMedian(steady);
  const growth = trend(steady);
  return {
    minutes: opts.soakMinutes,
    clients: opts.soakClients,
    churn: { restarts, taintToggles },
    samples,
    warmupS,
    rss: {
      medianMB: round(median(steady)),
      minMB: Math.min(...steady),
      maxMB: Math.max(...steady),
      maxDeviationPct: round(dev * 100),
      withinBand: dev <= 0.1,
      trendPct: round(growth * 100),
      noGrowth: growth <= 0.1, // shrinking after warm-up (the GC caught up) is not a leak
    },
    memory: {
      heapUsedMB: range(afterWarmup.map((s) => s.heapUsedMB)),
      youngMB: range(afterWarmup.map((s) => s.youngMB)),
      outsideHeapMB: range(afterWarmup.map((s) => s.rssMB - s.heapTotalMB)),
    },
    cost: {
      cpuS,
      cpuPctOfOneCore: round((cpuS / soakS) * 100),
      gc: Object.fromEntries(
        Object.entries(gcAfter).map(([kind, g]) => [kind, { count: g.count - (gcBefore[kind]?.count ?? 0), seconds: round(g.seconds - (gcBefore[kind]?.seconds ?? 0), 2) }]),
      ),
    },
    files: {
      fdsNoClients: filesBefore.fds,
      socketsNoClients: filesBefore.sockets,
      fdsBefore: withClients.fds,
      fdsAtEnd: filesAtEnd.fds,
      socketsBefore: withClients.sockets,
      socketsAtEnd: filesAtEnd.sockets,
      fdsAfterClose: filesAfterClose.fds,
      socketsAfterClose: filesAfterClose.sockets,
    },
    versions: { final, converged, clients: clients.length, reconnects, eventsPerClient },
  };
}
