/**
 * Section 3: the same question answered three ways on the same cluster — kubectl and a join (the
 * docs' way), a polling dashboard's per-view LISTs, and Everynode's warm cache — timed, and the
 * API-server requests each makes per minute with several viewers, from apiserver_request_total.
 */
import { execFile } from 'node:child_process';
import type { BenchContext } from '../context';
import { sleep } from '../context';
import { nodesLackingAgent, type DaemonSetLike, type NodeLike, type PodLike } from '../join';
import { rawGet, readRequests, requestDelta, scrapeApiserver } from '../kube';
import { cpuSeconds } from '../procfs';
import { edgeExcludedAgent, FLEET_NAMESPACE } from '../fleet';
import { openClients } from '../sse-client';
import { ratio, round, summarize, type Summary } from '../stats';
import { coverageUrl, detailUrl, eventsUrl, timeGets } from './server';


export interface ApproachLoad {
  /** LIST / WATCH / GET-DaemonSet requests counted in the window, the idle baseline subtracted. */
  requests: { list: number; watch: number; getDaemonSet: number };
  perMinute: number;
  /** kube-apiserver CPU seconds per minute in the window (idle subtracted). */
  apiserverCpuSPerMin: number;
  /** WATCHes the approach keeps open (Everynode only). */
  watchesHeld?: number;
  /** Polling only: the refreshes the viewers asked for vs what the API server let them complete. */
  polls?: { wanted: number; done: number; nominalPerMinute: number; achievedRefreshS: number };
}

export interface PeersResult {
  agent: string;
  gapsFound: { kubectl: number; polling: number };
  timeToAnswerMs: { kubectl: Summary; polling: Summary; everynodeCoverage: Summary; everynodeDetail: Summary };
  /** How many times longer each peer takes than Everynode's warm coverage GET (median / median). */
  ratios: { kubectlVsEverynode: number | null; pollingVsEverynode: number | null };
  listBytes: { nodes: number; pods: number };
  requestsPerQuestion: { kubectl: { list: number; getDaemonSet: number } };
  viewers: number;
  refreshS: number;
  windowS: number;
  idle: { requests: { list: number; watch: number; getDaemonSet: number }; apiserverCpuSPerMin: number };
  load: { everynode: ApproachLoad; polling: ApproachLoad; kubectl: { perMinute: number; basis: string } };
}

function kubectlJson<T>(kubeconfig: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile('kubectl', ['--kubeconfig', kubeconfig, ...args, '-o', 'json'], { maxBuffer: 1 << 30, timeout: 180_000 }, (err, stdout) => {
      if (err) reject(err);
      else resolve(JSON.parse(stdout) as T);
    });
  });
}

/** (a) What the docs tell operators: three kubectl commands in a row, then a join. */
async function kubectlAnswer(kubeconfig: string, agent: string): Promise<number> {
  const nodes = await kubectlJson<{ items: NodeLike[] }>(kubeconfig, ['get', 'nodes']);
  const pods = await kubectlJson<{ items: PodLike[] }>(kubeconfig, ['get', 'pods', '-A']);
  const ds = await kubectlJson<DaemonSetLike>(kubeconfig, ['get', 'daemonset', '-n', FLEET_NAMESPACE, agent]);
  return nodesLackingAgent(nodes.items, pods.items, ds).length;
}

/** (b) A polling dashboard's backend per view refresh: LIST nodes and LIST pods (in parallel), then a join. */
async function pollingAnswer(c: BenchContext, agent: string): Promise<{ gaps: number; nodeBytes: number; podBytes: number }> {
  const [nodes, pods, ds] = await Promise.all([
    rawGet<{ items: NodeLike[] }>(c.kc, '/api/v1/nodes'),
    rawGet<{ items: PodLike[] }>(c.kc, '/api/v1/pods'),
    rawGet<DaemonSetLike>(c.kc, `/apis/apps/v1/namespaces/${FLEET_NAMESPACE}/daemonsets/${agent}`),
  ]);
  return { gaps: nodesLackingAgent(nodes.body.items, pods.body.items, ds.body).length, nodeBytes: nodes.bytes, podBytes: pods.bytes };
}

async function timed<T>(n: number, fn: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  const ms: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    last = await fn();
    ms.push(performance.now() - t0);
  }
  return { ms, last: last as T };
}

/** Counts requests and API-server CPU over `windowS` while `load` runs (it must stop by the deadline). */
async function window(c: BenchContext, windowS: number, load: (deadline: number) => Promise<void>) {
  const pid = c.cluster.pid('kube-apiserver');
  const before = readRequests(await scrapeApiserver(c.cluster.kubeconfig));
  const cpu0 = pid ? cpuSeconds(pid) : Number.NaN;
  const t0 = Date.now();
  await load(t0 + windowS * 1000);
  const elapsedMin = (Date.now() - t0) / 60_000;
  const cpu1 = pid ? cpuSeconds(pid) : Number.NaN;
  const after = readRequests(await scrapeApiserver(c.cluster.kubeconfig));
  const d = requestDelta(before, after);
  return { requests: d, perMinute: (d.list + d.watch + d.getDaemonSet) / elapsedMin, cpuPerMin: (cpu1 - cpu0) / elapsedMin, elapsedMin };
}

/** `watchesHeld`: Everynode's watches as section 2 measured them on the API server. */
export async function peersSection(c: BenchContext, watchesHeld: number | undefined): Promise<PeersResult> {
  const { opts, log } = c;
  const agent = edgeExcludedAgent(opts.agents);
  // Three runs each: one kubectl question over a 1,000-node cluster takes tens of seconds on 2 cores.
  const n = 3;

  // Everynode first: the peers' huge JSON bodies leave garbage in this process that would tax later timings.
  log(`Everynode warm cache: ${opts.repeats} GETs of coverage and of the ${agent} detail`);
  const cov = await timeGets(coverageUrl(c), opts.repeats);
  const det = await timeGets(detailUrl(c, agent), opts.repeats);

  log(`peer (a) kubectl get nodes/pods/ds -o json + join: ${n} runs`);
  const reqBefore = readRequests(await scrapeApiserver(c.cluster.kubeconfig));
  const kubectlRuns = await timed(n, () => kubectlAnswer(c.cluster.kubeconfig, agent));
  const reqAfter = readRequests(await scrapeApiserver(c.cluster.kubeconfig));
  const perQuestion = requestDelta(reqBefore, reqAfter);

  log(`peer (b) polling dashboard LIST nodes + LIST pods + join: ${n} runs`);
  const pollingRuns = await timed(n, () => pollingAnswer(c, agent));

  const timeToAnswerMs = {
    kubectl: summarize(kubectlRuns.ms),
    polling: summarize(pollingRuns.ms),
    everynodeCoverage: summarize(cov.latencies),
    everynodeDetail: summarize(det.latencies),
  };

  const w = opts.windowS;
  const viewers = opts.viewers;
  log(`API-server load, ${w} s windows: idle, Everynode with ${viewers} viewers, polling dashboard with ${viewers} viewers`);
  const idle = await window(c, w, (deadline) => sleep(deadline - Date.now()));

  // Everynode: each viewer holds an SSE stream and refetches coverage when told to, as the UI does.
  const everynode = await window(c, w, async (deadline) => {
    const clients = await openClients(eventsUrl(c), viewers);
    const seen = clients.map((cl) => cl.lastVersion);
    while (Date.now() < deadline) {
      await Promise.all(
        clients.map(async (cl, i) => {
          if (cl.lastVersion !== seen[i]) {
            seen[i] = cl.lastVersion;
            await (await fetch(coverageUrl(c))).arrayBuffer();
          }
        }),
      );
      await sleep(Math.min(1000, Math.max(0, deadline - Date.now())));
    }
    for (const cl of clients) cl.close();
  });

  // Polling dashboard: every viewer refreshes every refreshS seconds, staggered.
  let pollsDone = 0;
  const polling = await window(c, w, async (deadline) => {
    await Promise.all(
      Array.from({ length: viewers }, async (_, v) => {
        await sleep((v * opts.refreshS * 1000) / viewers);
        while (Date.now() < deadline) {
          const t0 = Date.now();
          await pollingAnswer(c, agent);
          pollsDone++;
          await sleep(Math.max(0, Math.min(opts.refreshS * 1000 - (Date.now() - t0), deadline - Date.now())));
        }
      }),
    );
  });

  const idlePerMin = (idle.requests.list + idle.requests.watch + idle.requests.getDaemonSet) / idle.elapsedMin;
  const minusIdle = (x: Awaited<ReturnType<typeof window>>): ApproachLoad => ({
    requests: x.requests,
    perMinute: round(Math.max(0, x.perMinute - idlePerMin)),
    apiserverCpuSPerMin: round(Math.max(0, x.cpuPerMin - idle.cpuPerMin), 2),
  });
  const kubectlPerQuestion = (perQuestion.list + perQuestion.getDaemonSet) / n;

  return {
    agent: agent,
    gapsFound: { kubectl: kubectlRuns.last, polling: pollingRuns.last.gaps },
    timeToAnswerMs,
    ratios: {
      kubectlVsEverynode: ratio(timeToAnswerMs.kubectl.median, timeToAnswerMs.everynodeCoverage.median),
      pollingVsEverynode: ratio(timeToAnswerMs.polling.median, timeToAnswerMs.everynodeCoverage.median),
    },
    listBytes: { nodes: pollingRuns.last.nodeBytes, pods: pollingRuns.last.podBytes },
    requestsPerQuestion: { kubectl: { list: perQuestion.list / n, getDaemonSet: perQuestion.getDaemonSet / n } },
    viewers,
    refreshS: opts.refreshS,
    windowS: w,
    idle: { requests: idle.requests, apiserverCpuSPerMin: round(idle.cpuPerMin, 2) },
    load: {
      everynode: { ...minusIdle(everynode), ...(watchesHeld !== undefined && { watchesHeld }) },
      polling: {
        ...minusIdle(polling),
        polls: {
          wanted: Math.floor(w / opts.refreshS) * viewers,
          done: pollsDone,
          nominalPerMinute: viewers * 3 * (60 / opts.refreshS), // LIST nodes + LIST pods + GET DaemonSet
          achievedRefreshS: round((polling.elapsedMin * 60 * viewers) / Math.max(1, pollsDone)),
        },
      },
      kubectl: {
        perMinute: round(kubectlPerQuestion * viewers * (60 / opts.refreshS)),
        basis: `${round(kubectlPerQuestion)} requests per question (measured) × ${viewers} viewers each asking every ${opts.refreshS} s`,
      },
    },
  };
}
