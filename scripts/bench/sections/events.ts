/**
 * Section 6 (`--only events`): what the one Events watch costs the console while the fleet rolls.
 * A rolling restart of the agent that runs on every node makes the controllers write an Event or
 * more per pod (Killing, SuccessfulDelete, Scheduled, SuccessfulCreate, Started, ...): Event
 * writes per second from the API server's own counters, the console's CPU and RSS over the
 * rollout, node-page latency meanwhile, and that no Event LIST was made for those page views.
 */
import { AppsV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { BenchContext } from '../context';
import { until } from '../context';
import { everywhereAgent, FLEET_NAMESPACE, nodeName } from '../fleet';
import { scrapeApiserver } from '../kube';
import { cpuSeconds, rssMB } from '../procfs';
import { sumOf, type Sample } from '../prom';
import { round, summarize, type Summary } from '../stats';

export interface EventsResult {
  nodes: number;
  agent: string;
  rolloutS: number;
  /** Event creates and updates the API server answered during the rollout. */
  eventWrites: number;
  eventWritesPerS: number;
  consoleCpuS: number;
  consoleCpuPctOfOneCore: number;
  rssBeforeMB: number;
  rssAfterMB: number;
  /** Event LISTs during the rollout (the watch relists only after a 410; page views make none). */
  eventLists: number;
  nodePageMs: Summary;
  nodePageViews: number;
}

const writes = (s: readonly Sample[]) => sumOf(s, 'apiserver_request_total', { resource: 'events', verb: ['POST', 'PATCH', 'PUT'] });
const lists = (s: readonly Sample[]) => sumOf(s, 'apiserver_request_total', { resource: 'events', verb: 'LIST' });

export async function eventsSection(c: BenchContext): Promise<EventsResult> {
  const apps = c.kc.makeApiClient(AppsV1Api);
  if (c.opts.agents < 3) throw new Error('the events section rolls the agent that runs on every node: the fleet needs --agents 3 or more');
  const agent = everywhereAgent(c.opts.agents);
  const pid = c.console.pid;
  const nodeUrl = (i: number) => `${c.console.url}/api/clusters/${encodeURIComponent(c.ctx)}/nodes/${nodeName(i % c.opts.nodes)}`;
  // The console's Events watch lists once after the cache syncs; let that pass before counting.
  await until('the console to answer a node page', async () => (await fetch(nodeUrl(0))).ok, 60_000, 500);

  const before = await scrapeApiserver(c.cluster.kubeconfig);
  const cpu0 = cpuSeconds(pid);
  const rssBeforeMB = rssMB(pid);
  const t0 = Date.now();
  const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } } } };
  const { metadata } = await apps.patchNamespacedDaemonSet({ name: agent, namespace: FLEET_NAMESPACE, body }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
  c.log(`rolling restart of ${agent} (generation ${metadata?.generation}); viewing node pages meanwhile`);

  const latencies: number[] = [];
  let views = 0;
  await until(
    `${agent} to roll out on every node`,
    async () => {
      const t = performance.now();
      const res = await fetch(nodeUrl(views++));
      await res.arrayBuffer();
      if (res.ok) latencies.push(performance.now() - t);
      const s = (await apps.readNamespacedDaemonSet({ name: agent, namespace: FLEET_NAMESPACE })).status;
      const done = (s?.observedGeneration ?? 0) >= (metadata?.generation ?? 0) && s?.updatedNumberScheduled === s?.desiredNumberScheduled && s?.numberAvailable === s?.desiredNumberScheduled;
      return done;
    },
    20 * 60_000,
    1000,
  );
  const rolloutS = (Date.now() - t0) / 1000;
  const cpuS = cpuSeconds(pid) - cpu0;
  const after = await scrapeApiserver(c.cluster.kubeconfig);
  const eventWrites = writes(after) - writes(before);
  const result: EventsResult = {
    nodes: c.opts.nodes,
    agent,
    rolloutS: round(rolloutS),
    eventWrites,
    eventWritesPerS: round(eventWrites / rolloutS),
    consoleCpuS: round(cpuS),
    consoleCpuPctOfOneCore: round((cpuS / rolloutS) * 100),
    rssBeforeMB,
    rssAfterMB: rssMB(pid),
    eventLists: lists(after) - lists(before),
    nodePageMs: summarize(latencies),
    nodePageViews: latencies.length,
  };
  c.log(`events: ${result.eventWrites} writes in ${result.rolloutS} s (${result.eventWritesPerS}/s); console CPU ${result.consoleCpuPctOfOneCore} % of a core; ${result.eventLists} Event LISTs`);
  return result;
}
