/** The benchmark report: one JSON object, rendered as Markdown (pure). */
import type { EngineBenchResult } from '../bench-engine';
import type { NodePreviewFigures } from './sections/node-preview';
import type { StagedResult } from './sections/staged';
import type { Machine, Versions } from './machine';
import type { EventsResult } from './sections/events';
import type { PeersResult } from './sections/peers';
import type { ServerResult } from './sections/server';
import type { SoakResult } from './sections/soak';
import type { LogsFigures } from './sections/logs';
import type { UiResult } from './sections/ui';
import type { ViewersResult } from './sections/viewers';
import { medianP95, type Summary } from './stats';
import { previewMarkdown, type PreviewResult } from './sections/preview';

export interface ClusterFacts {
  name: string;
  nodes: number;
  agents: number;
  pods: number;
  /** cluster/up.sh until the API server answered (s). */
  startS: number;
  /** Applying the fleet until every agent was Ready on every eligible node (s); null when reused. */
  fleetReadyS: number | null;
  apiserverRssMB: number;
  etcdRssMB: number;
}

export interface BenchReport {
  date: string;
  durationS: number;
  mode: 'quick' | 'full' | 'custom';
  commands: string[];
  machine: Machine;
  versions: Versions;
  build: { rebuilt: boolean; seconds: number | null };
  cluster?: ClusterFacts;
  engine?: EngineBenchResult;
  nodePreview?: NodePreviewFigures;
  server?: ServerResult;
  peers?: PeersResult;
  ui?: UiResult;
  soak?: SoakResult;
  preview?: PreviewResult;
  events?: EventsResult;
  staged?: StagedResult;
  viewers?: ViewersResult;
  logs?: LogsFigures;
  errors: { section: string; message: string }[];
  notes: string[];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const ms = (s: Summary, unit = 'ms') => `${s.median} ${unit} (p95 ${s.p95}, n=${s.n})`;
const x = (r: number | null) => (r === null ? 'n/a' : `${r}×`);
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

export function renderMarkdown(r: BenchReport): string {
  const out: string[] = [];
  out.push(`# Everynode benchmark — ${r.date.slice(0, 10)}`, '');
  out.push(
    `Run ${r.date} (${r.mode} mode, ${Math.round(r.durationS / 60)} min). Machine: ${r.machine.nproc} CPUs (${r.machine.cpuModel}), ` +
      `${r.machine.memoryGB} GB RAM, Linux ${r.machine.kernel}; load average ${r.machine.loadAvgStart} at the start, ${r.machine.loadAvgEnd ?? '?'} at the end.`,
    '',
  );
  const v = r.versions;
  out.push(
    `Versions: Node ${v.node}, Next.js ${v.next}, React ${v.react}, @kubernetes/client-node ${v.clientNode}, Kubernetes ${v.kubernetes ?? '?'}, ` +
      `etcd ${v.etcd ?? '?'}, kwok ${v.kwok ?? '?'}, kubectl ${v.kubectl ?? '?'}, ${v.chromium ?? 'Chromium ?'}, Playwright ${v.playwright ?? '?'}.`,
    '',
  );
  out.push('Commands:', '', '```sh', ...r.commands, '```', '');
  if (r.build.rebuilt) out.push(`The console was rebuilt for this run (\`npx next build\`, ${r.build.seconds} s).`, '');

  const latest = latestFigures(r);
  if (latest.length > 0) out.push('## Latest figures', '', table(['measure', 'value'], latest), '');

  if (r.preview) out.push(...previewMarkdown(r.preview));

  if (r.engine) {
    out.push('## 1. Engine (synthetic objects, in process)', '');
    out.push(
      table(
        ['nodes × agents', 'pods', 'full recompute (ms, median)', 'one pod event (ms)', 'one node event (ms)', 'ingest (ms)', 'heap (MB)'],
        r.engine.rows.map((e) => [`${e.nodes} × ${e.agents}`, e.pods, e.fullRecomputeMs, e.podEventMs, e.nodeEventMs, e.ingestMs, e.heapMB]),
      ),
      '',
      `Targets (issue 4): full recompute ≤ ${r.engine.targets.fullRecomputeMs} ms at 5,000 × 20, one event ≤ ${r.engine.targets.eventMs} ms.`,
      '',
    );
  }

  if (r.cluster) {
    const c = r.cluster;
    out.push(`## 2. Real cluster: ${c.nodes} kwok nodes × ${c.agents} agents (${c.pods} pods)`, '');
    out.push(
      `Cluster \`${c.name}\` (kwokctl, binary runtime) started in ${c.startS} s; ` +
        (c.fleetReadyS === null ? 'the fleet was already in place (reused). ' : `the fleet was applied and every agent Ready in ${c.fleetReadyS} s. `) +
        `kube-apiserver RSS ${c.apiserverRssMB} MB, etcd RSS ${c.etcdRssMB} MB.`,
      '',
    );
  }
  if (r.server) {
    const s = r.server;
    out.push(
      table(
        ['measure', 'value'],
        [
          ['start → HTTP listening', `${s.listeningS.toFixed(1)} s`],
          ['start → cache ready (healthz 200)', `${s.cacheReadyS.toFixed(1)} s`],
          ['server RSS at ready / after the route runs', `${s.rssAtReadyMB} MB / ${s.rssAfterRequestsMB} MB`],
          ['coverage payload (raw / gzip)', `${kb(s.coverage.rawBytes)} / ${kb(s.coverage.gzipBytes)}`],
          ['coverage route latency', ms(s.coverage.latencyMs)],
          [`DaemonSet detail payload (${s.daemonSetDetail.agent}, raw / gzip)`, `${kb(s.daemonSetDetail.rawBytes)} / ${kb(s.daemonSetDetail.gzipBytes)}`],
          ['DaemonSet detail latency', ms(s.daemonSetDetail.latencyMs)],
          ['event → SSE `version` (pod readiness flip)', ms(s.eventToSseMs)],
          [
            `watches Everynode holds: 1 SSE client / ${s.watches.clients} SSE clients`,
            `${s.watches.everynodeOneClient} / ${s.watches.everynodeManyClients} ${s.watches.everynodeOneClient === s.watches.everynodeManyClients ? '(does not grow)' : '(GREW)'}`,
          ],
          ...(r.ui ? [['event → browser cell repaint (Chromium)', ms(r.ui.eventToBrowserMs)] as string[]] : []),
        ],
      ),
      '',
      `Watches per resource (apiserver_longrunning_requests{verb="WATCH"}): before the console ${fmtRes(s.watches.baseline)}; ` +
        `1 client ${fmtRes(s.watches.oneClient)}; ${s.watches.clients} clients ${fmtRes(s.watches.manyClients)}.`,
      '',
    );
    if (s.streams) {
      const f = s.streams;
      out.push(
        `Event streams: ${f.streams} open streams took RSS from ${f.rssBeforeMB} to ${f.rssOpenMB} MB (${f.kbPerStream} KB and ${f.fdsPerStream} fds per stream; ` +
          `${f.rssAfterCloseMB} MB after closing). Flood past the cap of ${f.cap.limit}: ${f.cap.attempts} attempts, ${f.cap.admitted} admitted, ` +
          `${f.cap.refused503} refused with 503${f.cap.refusedOther ? `, ${f.cap.refusedOther} other failures` : ''}; /api/healthz answered ${f.cap.healthzDuringFlood} and RSS was ${f.cap.rssAtCapMB} MB at the cap.`,
        '',
      );
    }
  }

  if (r.peers) {
    const p = r.peers;
    out.push(`## 3. Peers: "which eligible nodes lack ${p.agent}, and why?"`, '', `${p.agent} has node-exporter's rule (every node but edge nodes, no tolerations).`, '');
    out.push(
      table(
        ['approach', 'time to answer (median)', 'vs Everynode', `API requests / min, ${p.viewers} viewers`, 'apiserver CPU s / min', 'watches held'],
        [
          ['Everynode: GET coverage, warm cache', ms(p.timeToAnswerMs.everynodeCoverage), '1×', p.load.everynode.perMinute, p.load.everynode.apiserverCpuSPerMin, p.load.everynode.watchesHeld ?? '—'],
          ['Everynode: GET DaemonSet detail (per-node reasons)', ms(p.timeToAnswerMs.everynodeDetail), '—', '—', '—', '—'],
          [`polling dashboard: LIST nodes + LIST pods + join (every ${p.refreshS} s)`, ms(p.timeToAnswerMs.polling), x(p.ratios.pollingVsEverynode), p.load.polling.perMinute, p.load.polling.apiserverCpuSPerMin, 0],
          ['kubectl get nodes/pods -A/ds -o json + join', ms(p.timeToAnswerMs.kubectl), x(p.ratios.kubectlVsEverynode), `${p.load.kubectl.perMinute} (computed)`, '—', 0],
        ],
      ),
      '',
      `Requests are LIST, WATCH and GET-DaemonSet calls on nodes, pods, DaemonSets and ControllerRevisions counted from apiserver_request_total over ${p.windowS} s windows, ` +
        `the idle cluster's own rate (${p.idle.requests.list + p.idle.requests.watch + p.idle.requests.getDaemonSet} in the idle window; apiserver CPU ${p.idle.apiserverCpuSPerMin} s/min) subtracted. ` +
        (p.load.polling.polls
          ? `Polling: ${p.viewers} viewers wanted ${p.load.polling.polls.wanted} refreshes (${p.load.polling.polls.nominalPerMinute} requests/min nominal) and completed ${p.load.polling.polls.done}, one every ${p.load.polling.polls.achievedRefreshS} s per viewer. `
          : '') +
        `kubectl: ${p.load.kubectl.basis}. One LIST of nodes is ${mb(p.listBytes.nodes)}, of pods ${mb(p.listBytes.pods)}. ` +
        `Gaps found by the join: kubectl ${p.gapsFound.kubectl}, polling ${p.gapsFound.polling} (the join ignores affinity and tolerations, as hand-written joins do).`,
      '',
    );
  }

  if (r.logs) {
    const l = r.logs;
    out.push(`## 6. Log search across ${l.nodes.toLocaleString('en-US')} nodes`, '');
    out.push(
      table(
        ['figure', 'value'],
        [
          ['nodes answered (matched, failed)', `${l.answered} (${l.matched}, ${l.failed})`],
          ['log per node', `${l.linesPerNode} lines, ${kb(l.bytesPerNode)}`],
          ['first / last node answered', `${l.firstAnswerS} s / ${l.lastAnswerS} s (server: ${l.serverElapsedS} s)`],
          ['peak pods/log requests in flight at the API server (console cap)', `${l.peakApiInFlight} (${l.concurrency})`],
          ['console RSS before → peak during the search', `${l.rssBeforeMB} → ${l.rssPeakMB} MB`],
        ],
      ),
      '',
    );
  }
  if (r.soak) {
    const s = r.soak;
    out.push(`## 4. Soak: ${s.clients} SSE clients for ${s.minutes} min while the cluster churns`, '');
    out.push(
      table(
        ['measure', 'value'],
        [
          ['churn', `${s.churn.restarts} rolling restarts, ${s.churn.taintToggles} node taint toggles`],
          [`server RSS after ${s.warmupS} s warm-up (median, min–max)`, `${s.rss.medianMB} MB (${s.rss.minMB}–${s.rss.maxMB})`],
          ['RSS max deviation of one sample from the median', `±${s.rss.maxDeviationPct}% ${s.rss.withinBand ? '(within ±10%)' : '(outside ±10%)'}`],
          ['RSS trend: last third vs first third after warm-up', `${s.rss.trendPct >= 0 ? '+' : ''}${s.rss.trendPct}% ${s.rss.noGrowth ? '(no growth)' : '(GROWS)'}`],
          ['after warm-up (min–max): V8 heap used; young generation committed; RSS outside the V8 heap', `${s.memory.heapUsedMB.join('–')} MB; ${s.memory.youngMB.join('–')} MB; ${s.memory.outsideHeapMB.join('–')} MB`],
          ['server CPU over the soak; garbage collections (count, seconds)', `${s.cost.cpuS} s (${s.cost.cpuPctOfOneCore}% of one core); ${Object.entries(s.cost.gc).map(([k, g]) => `${k} ${g.count} (${g.seconds} s)`).join(', ')}`],
          ['open fds / sockets: no clients → with clients → end of churn → clients closed', `${s.files.fdsNoClients}/${s.files.socketsNoClients} → ${s.files.fdsBefore}/${s.files.socketsBefore} → ${s.files.fdsAtEnd}/${s.files.socketsAtEnd} → ${s.files.fdsAfterClose}/${s.files.socketsAfterClose}`],
          ['clients holding the final version', `${s.versions.converged} / ${s.versions.clients} (version ${s.versions.final})`],
          ['version events per client (median), reconnects (all clients)', `${s.versions.eventsPerClient}, ${s.versions.reconnects}`],
        ],
      ),
      '',
      `Over time (s: RSS MB, V8 heap used MB, external MB, fds): ${thin(s.samples, 12).map((p) => `${p.t}: ${p.rssMB}, ${p.heapUsedMB}, ${p.externalMB}, ${p.fds}`).join(' · ')}`,
      '',
    );
  }

  if (r.ui) {
    const u = r.ui;
    out.push(`## 5. UI in Chromium (${u.viewport}), ${r.cluster?.nodes ?? '?'} nodes`, '');
    out.push(
      table(
        ['measure', 'node grid', 'matrix'],
        [
          ['first paint, first visit (navigation → first cell on screen)', `${u.grid.firstPaintColdMs} ms`, `${u.matrix.firstPaintColdMs} ms`],
          ['first paint, reload (median)', ms(u.grid.firstPaintWarmMs), ms(u.matrix.firstPaintWarmMs)],
          ['JS heap after GC', `${u.grid.heapUsedMB} MB`, `${u.matrix.heapUsedMB} MB`],
          ['DOM elements / rendered cells or rows', `${u.grid.domNodes} / ${u.grid.kind === 'canvas' ? 'one canvas' : `${u.grid.cellsRendered} cells`}`, `${u.matrix.domNodes} / ${u.matrix.rowsRendered} rows (virtualised)`],
          ['filter → repaint', `state chip ${ms(u.filterMs.gridStateChip)}; name ${ms(u.filterMs.gridNameFilter)}`, `only gaps ${ms(u.filterMs.matrixOnlyGaps)}`],
        ],
      ),
      '',
      `Event → browser: a pod's readiness flipped on the API server until its matrix cell showed the new state (${u.eventToBrowserStates.join(', ')}): ${ms(u.eventToBrowserMs)}. Targets (issue 6): first paint ≤ 1 s, filter ≤ 100 ms.`,
      '',
    );
  }

  if (r.events) {
    const e = r.events;
    out.push(`## 6. Events watch during a rollout, ${e.nodes} nodes`, '');
    out.push(
      table(
        ['measure', 'value'],
        [
          [`rolling restart of ${e.agent}`, `${e.rolloutS} s`],
          ['Event writes (API server POST/PATCH/PUT on events)', `${e.eventWrites} (${e.eventWritesPerS}/s)`],
          ['console CPU over the rollout', `${e.consoleCpuS} s (${e.consoleCpuPctOfOneCore} % of one core)`],
          ['console RSS before → after', `${e.rssBeforeMB} → ${e.rssAfterMB} MB`],
          [`node page during the rollout (${e.nodePageViews} views)`, ms(e.nodePageMs)],
          ['Event LISTs during the rollout', String(e.eventLists)],
        ],
      ),
      '',
    );
  }

  if (r.viewers) {
    const v = r.viewers;
    out.push(`## 6. Viewers during a full rollout of ${v.agent} (${v.nodes} nodes): deltas vs refetch`, '');
    out.push(
      table(
        ['viewers', 'design', 'rollout', 'server CPU', 'bytes / viewer / s', 'bytes / changed cell', 'version → applied (median, p95)', 'of which the server', 'Chromium repaint (median, p95)', 'of which the tab', 'refetches / snapshots', 'converged'],
        v.arms.map((a) => [
          a.viewers,
          a.design,
          `${a.rolloutS} s`,
          `${a.serverCpuCores} cores`,
          a.bytesPerViewerPerS,
          a.bytesPerChangedCell ?? 'n/a',
          medianP95(a.appliedMs),
          a.server ? `${a.server.deliveredMs.join(' / ')} ms (feed read ${a.server.feedReadMs.join(' / ')} ms)` : '—',
          medianP95(a.repaintMs, 'no version painted'),
          a.design === 'deltas' ? medianP95(a.browserMs, 'n/a') : '—',
          `${a.refetches} / ${a.snapshots}`,
          `${a.converged}/${a.viewers}`,
        ]),
      ),
      '',
      `The page's longest paint gap per arm: ${v.arms.map((a) => `${a.viewers} × ${a.design} ${a.paintStall.maxGapMs} ms at ${a.paintStall.atS} s (live frames received: ${a.pageFrames.count}, longest gap ${a.pageFrames.maxGapMs} ms)${a.connection.length > 0 ? ` (connection ${a.connection.join(', ')})` : ''}`).join('; ')}.`,
      `The agent page: HTML ${Math.round(v.page.htmlBytes / 1024)} KiB raw; first visit with an empty cache ${v.page.visits.map((t) => t.painted).join(' / ')} ms ` +
        `(first byte / HTML done / scripts run / grid painted: ${v.page.visits.map((t) => `${t.firstByte} / ${t.htmlDone} / ${t.scriptsRun} / ${t.painted}`).join('; ')} ms).`,
      `Load average after each arm: ${v.loadAvg.join(', ')}. Goals (issue 18): 50 viewers ≤ 1 core, p95 ≤ 500 ms; repaint ≤ 300 ms; first visit ≤ 1 s; HTML ≤ 400 KB.`,
      '',
    );
  }

  if (r.errors.length > 0) {
    out.push('## Sections that failed', '', ...r.errors.map((e) => `- **${e.section}**: ${e.message}`), '');
  }
  if (r.notes.length > 0) out.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}

function fmtRes(byResource: Record<string, number>): string {
  return Object.entries(byResource)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

/** At most `n` evenly spaced points of a series, always keeping the last. */
export function thin<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return [...xs];
  const step = (xs.length - 1) / (n - 1);
  return Array.from({ length: n }, (_, i) => xs[Math.round(i * step)]!);
}

/** The short table for the README: the figures people ask about first. */
export function latestFigures(r: BenchReport): string[][] {
  const rows: string[][] = [];
  const big = r.engine?.rows.at(-1);
  if (big) rows.push([`engine full recompute / one event, ${big.nodes} × ${big.agents}`, `${big.fullRecomputeMs} ms / ${Math.max(big.podEventMs, big.nodeEventMs)} ms`]);
  const n = r.cluster ? `${r.cluster.nodes} nodes × ${r.cluster.agents} agents` : '';
  if (r.server) {
    rows.push([`cache ready from start (${n})`, `${r.server.cacheReadyS.toFixed(1)} s`]);
    rows.push(['server RSS', `${r.server.rssAfterRequestsMB} MB`]);
    rows.push(['coverage payload raw / gzip; latency (median)', `${kb(r.server.coverage.rawBytes)} / ${kb(r.server.coverage.gzipBytes)}; ${r.server.coverage.latencyMs.median} ms`]);
    rows.push(['event → SSE (median)', `${r.server.eventToSseMs.median} ms`]);
    rows.push([`API-server watches, 1 vs ${r.server.watches.clients} clients`, `${r.server.watches.everynodeOneClient} vs ${r.server.watches.everynodeManyClients}`]);
  }
  if (r.ui) rows.push(['event → browser repaint (median)', `${r.ui.eventToBrowserMs.median} ms`]);
  if (r.peers) {
    rows.push(['time to answer: Everynode / polling LISTs / kubectl + join', `${r.peers.timeToAnswerMs.everynodeCoverage.median} / ${r.peers.timeToAnswerMs.polling.median} / ${r.peers.timeToAnswerMs.kubectl.median} ms`]);
    rows.push([`API requests/min with ${r.peers.viewers} viewers: Everynode / polling / kubectl`, `${r.peers.load.everynode.perMinute} / ${r.peers.load.polling.perMinute} / ${r.peers.load.kubectl.perMinute}`]);
  }
  if (r.ui) {
    rows.push(['grid / matrix first paint (reload, median)', `${r.ui.grid.firstPaintWarmMs.median} / ${r.ui.matrix.firstPaintWarmMs.median} ms`]);
    rows.push(['grid filter → repaint (median)', `${r.ui.filterMs.gridStateChip.median} ms`]);
  }
  if (r.soak) {
    const s = r.soak;
    rows.push([
      `soak ${s.minutes} min, ${s.clients} SSE clients: RSS band; trend; fds start→end; clients converged`,
      `${s.rss.minMB}–${s.rss.maxMB} MB (±${s.rss.maxDeviationPct}%); ${s.rss.trendPct >= 0 ? '+' : ''}${s.rss.trendPct}%; ${s.files.fdsBefore}→${s.files.fdsAtEnd}; ${s.versions.converged}/${s.versions.clients}`,
    ]);
  }
  if (r.staged) {
    const st = r.staged;
    rows.push([`staged rollout on ${st.desired} nodes, ${st.steps} steps: gate met → next wave's first pod deletion`, ms(st.gateToNextDeletionMs)]);
    rows.push(['API requests per minute of a running plan while it waits on a gate', `${st.requestsPerMinuteWhileSoaking}`]);
  }
  return rows;
}
