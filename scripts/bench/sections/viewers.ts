/**
 * Section 6 (issue 18): many browser-like viewers during a full rollout. Each viewer is a Node
 * client that does what the agent page does: it holds the DaemonSet detail of one agent (a GET),
 * follows the event stream, and keeps the detail current either by applying the stream's deltas
 * (`?view=`, the default design) or by refetching 250 ms after a new version (the design before,
 * `?live=refetch` in a tab). For 1, 10 and 50 viewers and both designs, one after the other on
 * the same cluster and server: a `kubectl rollout restart` of one agent, measured until every
 * viewer holds the settled state.
 *
 * Figures: server CPU (cores, from /proc over the rollout), bytes per viewer per second (stream +
 * GET bodies), bytes per changed cell (as the viewer saw cells change), and version → applied
 * latency: from the moment a listening-only probe stream announces a version to the moment a
 * viewer holds data at that version or newer (cluster → announcement is the server section's
 * "event → SSE version", ~27 ms, not included).
 *
 * Beside the Node viewers, the agent page itself runs in Chromium (compact canvas grid; the
 * refetch arm with `?live=refetch`): version → repainted is when the grid's commit holding that
 * version reached a frame. Once per section: the page's HTML size and a first visit with an empty
 * cache (navigation start → the first frame showing the grid).
 */
import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { AppsV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { DaemonSetDetailResponse, ViewDelta, ViewSnapshotEvent } from '../../../lib/api/dto';
import { applyDelta, daemonSetView, formatViewParam, type LiveSnapshot } from '../../../lib/api/live-delta';
import type { BenchContext } from '../context';
import { until, untilAnswered } from '../context';
import { reviveMarkedNotReady } from '../cluster';
import { FLEET_NAMESPACE, agentNames } from '../fleet';
import { cpuSeconds, rssMB } from '../procfs';
import { histogramQuantile, parseMetrics, type Sample } from '../prom';
import { SseParser } from '../sse-parser';
import { medianP95, round, summarize, type Summary } from '../stats';
import { eventsUrl } from './server';
import { CHROMIUM_ARGS } from './ui';

export type Design = 'deltas' | 'refetch';

export interface ViewersArm {
  design: Design;
  viewers: number;
  rolloutS: number;
  serverCpuCores: number;
  serverRssMB: { before: number; after: number };
  bytesPerViewerPerS: number;
  bytesPerChangedCell: number | null;
  changedCellsPerViewer: number;
  /** Announced version → a viewer holds it (ms). */
  appliedMs: Summary;
  /**
   * The server's share of it, from the console's own histograms (ms, interpolated in buckets):
   * announced → a stream handed the deltas, and one read + serialise + diff of the view. Null in
   * the refetch arm (no feed runs). What lies between delivered and applied is the network and the
   * viewers' own event loops, which share these two cores with the control plane.
   */
  server: { deliveredMs: [number, number]; feedReadMs: [number, number] } | null;
  refetches: number;
  snapshots: number;
  /** Viewers that ended holding exactly what a fresh GET answered. */
  converged: number;
  /** Announced version → the agent page in Chromium painted it (ms). */
  repaintMs: Summary;
  /** The page's longest time without a new paint during the rollout, and when it began (s after the restart). */
  paintStall: { maxGapMs: number; atS: number };
  /** Live frames (deltas, snapshots) the page's stream delivered during the rollout, and the longest gap between two. */
  pageFrames: { count: number; maxGapMs: number; atS: number };
  /** The page's own share of a repaint: a DaemonSet delta received by its stream → painted (ms). */
  browserMs: Summary;
  /** The page's connection indicator changes during the rollout ("reconnecting@41s"); empty when it stayed live. */
  connection: string[];
}

export interface ViewersResult {
  agent: string;
  nodes: number;
  arms: ViewersArm[];
  loadAvg: number[];
  /** The agent page's HTML (raw bytes) and a first visit with an empty browser cache (ms). */
  page: { htmlBytes: number; visits: VisitTiming[] };
}

const REFETCH_AFTER_MS = 250;

/** A loopback address per viewer: the console counts streams and reads per client address. */
const addressOf = (i: number) => `127.0.${20 + Math.floor(i / 250)}.${2 + (i % 250)}`;

/** A GET's whole body; rejects on anything but a 200. */
function getBody(url: string, localAddress: string, accept: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, localAddress, headers: { accept } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        if (res.statusCode !== 200) reject(new Error(`GET ${url}: HTTP ${res.statusCode} ${buf.toString('utf8').slice(0, 200)}`));
        else resolve(buf);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function getJson<T>(url: string, localAddress: string): Promise<{ body: T; bytes: number }> {
  const buf = await getBody(url, localAddress, 'application/json');
  return { body: JSON.parse(buf.toString('utf8')) as T, bytes: buf.length };
}

/** Cells whose serialised form differs between two details of the same node order. */
function changedCells(a: DaemonSetDetailResponse, b: DaemonSetDetailResponse): number {
  if (a.nodes.names.length !== b.nodes.names.length) return b.cells.length;
  let n = 0;
  for (let i = 0; i < b.cells.length; i++) if (JSON.stringify(a.cells[i]) !== JSON.stringify(b.cells[i])) n++;
  return n;
}

class Viewer {
  held: DaemonSetDetailResponse | undefined;
  /** (version held, when) after every change of what the viewer holds. */
  readonly applied: { version: number; at: number }[] = [];
  bytes = 0;
  cells = 0;
  refetches = 0;
  snapshots = 0;
  private req: ReturnType<typeof request> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private fetching = false;
  private stopped = false;

  constructor(
    private readonly design: Design,
    private readonly detailUrl: string,
    private readonly streamBase: string,
    private readonly view: ReturnType<typeof daemonSetView>,
    private readonly address: string,
  ) {}

  async start(): Promise<void> {
    const first = await getJson<DaemonSetDetailResponse>(this.detailUrl, this.address);
    this.bytes += first.bytes;
    this.hold(first.body);
    const url = this.design === 'deltas' ? `${this.streamBase}?view=${encodeURIComponent(formatViewParam(this.view, first.body.version))}` : this.streamBase;
    await new Promise<void>((resolve, reject) => {
      const parser = new SseParser();
      this.req = request(url, { agent: false, localAddress: this.address, headers: { accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream: HTTP ${res.statusCode}`));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          this.bytes += Buffer.byteLength(chunk);
          for (const e of parser.feed(chunk)) this.onEvent(e.event, e.data);
        });
        res.on('error', () => undefined);
        resolve();
      });
      this.req.on('error', (err) => (this.stopped ? undefined : reject(err)));
      this.req.end();
    });
  }

  private hold(next: DaemonSetDetailResponse, cells?: number) {
    if (this.held) this.cells += cells ?? changedCells(this.held, next);
    this.held = next;
    this.applied.push({ version: next.version, at: Date.now() });
  }

  private onEvent(event: string, data: string) {
    if (event === 'delta') {
      const d = JSON.parse(data) as ViewDelta;
      this.hold(applyDelta(this.held as LiveSnapshot, d) as DaemonSetDetailResponse, d.rows?.nodes?.upsert?.length ?? 0);
    } else if (event === 'snapshot') {
      this.snapshots++;
      this.hold((JSON.parse(data) as ViewSnapshotEvent).snapshot as DaemonSetDetailResponse);
    } else if (event === 'version' && this.design === 'refetch') {
      const { version } = JSON.parse(data) as { version: number };
      if (version !== this.held?.version) this.scheduleRefetch();
    }
  }

  /** As the page's hook: at most one refetch per 250 ms window, none while one runs (react-query dedupes). */
  private scheduleRefetch() {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.fetching) return this.scheduleRefetch();
      this.fetching = true;
      this.refetches++;
      getJson<DaemonSetDetailResponse>(this.detailUrl, this.address)
        .then(({ body, bytes }) => {
          this.bytes += bytes;
          if (body.version !== this.held?.version) this.hold(body);
        })
        .catch(() => undefined)
        .finally(() => {
          this.fetching = false;
        });
    }, REFETCH_AFTER_MS);
  }

  /** When this viewer first held `version` or newer, if it did. */
  heldAt(version: number): number | undefined {
    return this.applied.find((a) => a.version >= version)?.at;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.req?.destroy();
  }
}

/**
 * When each version was announced, as a listener in its own process saw it (see
 * ../announcement-probe.ts): the bench's event loop is busy with the viewers themselves.
 */
async function announcements(url: string): Promise<{ at: Map<number, number>; stop: () => void }> {
  const at = new Map<number, number>();
  // The bench runs under tsx: its execArgv carry the loader, so the probe shares the bench's SSE parser.
  const probe = fileURLToPath(new URL('../announcement-probe.ts', import.meta.url));
  const child = spawn(process.execPath, [...process.execArgv, probe, url, '127.0.19.2'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the announcement probe exited (${code}) before its stream opened`)));
    lines.on('line', (line) => {
      if (line === 'open') return resolve();
      const [version, when] = line.split(' ').map(Number);
      if (version !== undefined && when !== undefined && !at.has(version)) at.set(version, when);
    });
  });
  child.removeAllListeners('exit');
  return { at, stop: () => child.kill() };
}

/** Records, in the page, when each snapshot version of the grid reached a frame: [version, epoch ms]. */
const PAINT_SCRIPT = `(() => {
  window.__name = (fn) => fn; // tsx (esbuild keepNames) wraps evaluated functions in __name()
  const painted = (window.__benchPainted = []);
  let last = 0;
  const check = () => {
    const v = Number(document.querySelector('[data-testid="grid-data"]')?.dataset.version ?? 0);
    if (v && v !== last) {
      last = v;
      requestAnimationFrame(() => painted.push([v, Date.now()]));
    }
  };
  // When the page's event stream delivered a delta or snapshot: a paint gap with frames arriving is
  // the tab's own work, one without them is the stream (server or network).
  const received = (window.__benchReceived = []);
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(...args) {
      super(...args);
      // [version a DaemonSet delta brings the grid to (0: another frame), when]; read from the frame's head, not parsed again.
      for (const kind of ['delta', 'snapshot'])
        this.addEventListener(kind, (e) => {
          const to = kind === 'delta' && /^\\{"view":"daemonset:[^"]*","from":\\d+,"to":(\\d+)/.exec(e.data.slice(0, 400));
          received.push([to ? Number(to[1]) : 0, Date.now()]);
        });
    }
  };
  // The connection indicator's tone over time: a stall in the paints is told from a dropped stream.
  const tones = (window.__benchTones = []);
  const tone = () => {
    const t = document.querySelector('[data-testid="connection"]')?.dataset.tone;
    if (t && t !== tones[tones.length - 1]?.[0]) tones.push([t, Date.now()]);
  };
  new MutationObserver(() => {
    check();
    tone();
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-version', 'data-tone'] });
})()`;

const pageUrl = (c: BenchContext, agent: string, design: Design) => `${c.console.url}/agents/${FLEET_NAMESPACE}/${agent}?density=compact${design === 'refetch' ? '&live=refetch' : ''}`;

/** Where a first visit's time goes (ms from navigation start): the server's first byte, the last byte of HTML, the scripts run (DOMContentLoaded), the grid painted. */
export interface VisitTiming {
  firstByte: number;
  htmlDone: number;
  scriptsRun: number;
  painted: number;
}

/** The agent page in a fresh browser context (empty cache), live and painted. */
async function openAgentPage(
  browser: Browser,
  url: string,
): Promise<{ page: Page; painted: () => Promise<[number, number][]>; tones: () => Promise<[string, number][]>; received: () => Promise<[number, number][]>; firstPaintMs: number; timing: () => Promise<VisitTiming>; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(PAINT_SCRIPT);
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __benchPainted: unknown[] }).__benchPainted.length > 0, undefined, { timeout: 120_000 });
  await page.locator('[data-testid="connection"][data-tone="live"]').waitFor({ timeout: 60_000 });
  const painted = () => page.evaluate(() => (window as unknown as { __benchPainted: [number, number][] }).__benchPainted);
  const tones = () => page.evaluate(() => (window as unknown as { __benchTones: [string, number][] }).__benchTones);
  const received = () => page.evaluate(() => (window as unknown as { __benchReceived: [number, number][] }).__benchReceived);
  const [origin, first] = await page.evaluate(() => [performance.timeOrigin, (window as unknown as { __benchPainted: [number, number][] }).__benchPainted[0]![1]] as const);
  const firstPaintMs = Math.round(first - origin);
  const timing = async (): Promise<VisitTiming> => {
    const nav = await page.evaluate(() => {
      const e = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return [e.responseStart, e.responseEnd, e.domContentLoadedEventEnd] as const;
    });
    return { firstByte: Math.round(nav[0]), htmlDone: Math.round(nav[1]), scriptsRun: Math.round(nav[2]), painted: firstPaintMs };
  };
  return { page, painted, tones, received, firstPaintMs, timing, close: () => context.close() };
}

/** The longest gap between consecutive times (from t0 on), and when it began (s after t0). */
function longestGap(times: readonly number[], t0: number): { maxGapMs: number; atS: number } {
  let best = { maxGapMs: 0, atS: 0 };
  let prev = t0;
  for (const t of times) {
    if (t - prev > best.maxGapMs) best = { maxGapMs: t - prev, atS: round((prev - t0) / 1000) };
    prev = t;
  }
  return best;
}

/** Announced version → the first time a viewer held it or newer, for every announcement after t0. */
function latenciesAfter(announced: Map<number, number>, t0: number, heldAt: ((version: number) => number | undefined)[]): number[] {
  const out: number[] = [];
  for (const [version, at] of announced) {
    if (at < t0) continue;
    for (const held of heldAt) {
      const t = held(version);
      if (t !== undefined) out.push(Math.max(0, t - at));
    }
  }
  return out;
}

async function consoleMetrics(c: BenchContext): Promise<Sample[]> {
  const res = await fetch(`${c.console.url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  return parseMetrics(await res.text());
}

/** Median and p95 (ms) of the console's live-view histograms between two scrapes, for the DaemonSet view. */
function serverShare(before: Sample[], after: Sample[]): ViewersArm['server'] {
  const ms = (name: string): [number, number] => [0.5, 0.95].map((q) => Math.round((histogramQuantile(before, after, name, q, { view: 'daemonset' }) ?? NaN) * 1000)) as [number, number];
  return { deliveredMs: ms('everynode_live_delivery_seconds'), feedReadMs: ms('everynode_live_feed_read_seconds') };
}

/** After this long without a pod becoming available, look for pods the node lifecycle controller marked NotReady. */
const REVIVE_AFTER_MS = 40_000;

/**
 * Whether the rollout is done. Under the rollout's load kwok can fall behind renewing node leases;
 * the node lifecycle controller then marks pods NotReady and kwok never marks them Ready again, so
 * the rollout would never end: once progress stops, such pods are made Ready as a kubelet would
 * (the fleet setup does the same, ../cluster.ts), and the log says so.
 */
function rolloutWatch(c: BenchContext, apps: AppsV1Api, name: string, startedGeneration: number) {
  let lastAvailable = -1;
  let since = Date.now();
  return async (): Promise<boolean> => {
    const ds = await apps.readNamespacedDaemonSet({ namespace: FLEET_NAMESPACE, name });
    const st = ds.status;
    const done = !!st && (ds.metadata?.generation ?? 0) > startedGeneration && st.observedGeneration === ds.metadata?.generation && st.updatedNumberScheduled === st.desiredNumberScheduled && st.numberAvailable === st.desiredNumberScheduled;
    const available = st?.numberAvailable ?? 0;
    if (available !== lastAvailable) {
      lastAvailable = available;
      since = Date.now();
    } else if (!done && Date.now() - since > REVIVE_AFTER_MS) {
      since = Date.now();
      const n = await reviveMarkedNotReady(c.cluster);
      c.log(`  rollout stalled at ${available}/${st?.desiredNumberScheduled ?? '?'} available for ${REVIVE_AFTER_MS / 1000} s: ${n} Running pods with ready containers had been marked NotReady by the node lifecycle controller (kwok's node leases lagged); marked them Ready as their kubelet would`);
    }
    return done;
  };
}

async function arm(c: BenchContext, browser: Browser, design: Design, n: number, agent: string): Promise<ViewersArm> {
  const apps = c.kc.makeApiClient(AppsV1Api);
  const detailUrl = `${c.console.url}/api/clusters/${encodeURIComponent(c.ctx)}/daemonsets/${FLEET_NAMESPACE}/${agent}`;
  const view = daemonSetView(FLEET_NAMESPACE, agent);
  const viewers = Array.from({ length: n }, (_, i) => new Viewer(design, detailUrl, eventsUrl(c), view, addressOf(i)));
  for (let i = 0; i < n; i += 10) await Promise.all(viewers.slice(i, i + 10).map((v) => v.start()));
  const tab = await openAgentPage(browser, pageUrl(c, agent, design));
  const probe = await announcements(eventsUrl(c));
  const pid = c.console.pid;
  const rssBefore = rssMB(pid);
  const generation = await untilAnswered('the DaemonSet to be read', async () => (await apps.readNamespacedDaemonSet({ namespace: FLEET_NAMESPACE, name: agent })).metadata?.generation ?? 0, 60_000, 1000);
  const bytesBefore = viewers.map((v) => v.bytes);
  const cellsBefore = viewers.map((v) => v.cells);
  const metrics0 = await consoleMetrics(c);
  const cpu0 = cpuSeconds(pid);
  const t0 = Date.now();
  const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } } } };
  // The same annotation value each try: a retried patch after a lost answer restarts once.
  await untilAnswered('the restart patch to be accepted', () => apps.patchNamespacedDaemonSet({ namespace: FLEET_NAMESPACE, name: agent, body }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch)), 60_000, 1000);
  await untilAnswered(`${agent} to finish its rollout`, rolloutWatch(c, apps, agent, generation), 15 * 60_000, 500);
  // The console has seen the end when a fresh read says so; then every viewer must get there too.
  const settled = await until(
    'the console to show the rollout done',
    async () => {
      const d = (await getJson<DaemonSetDetailResponse>(detailUrl, '127.0.19.3')).body;
      return d.rollout.done && d.cells.every((x) => x.pods.every((p) => p.revision === 'current')) && d;
    },
    120_000,
    250,
  );
  await until('every viewer to hold the settled version', () => viewers.every((v) => (v.held?.version ?? 0) >= settled.version), 60_000, 50).catch(() => undefined);
  const elapsedS = (Date.now() - t0) / 1000;
  const cpuS = cpuSeconds(pid) - cpu0;
  const metrics1 = await consoleMetrics(c);
  const fresh = (await getJson<DaemonSetDetailResponse>(detailUrl, '127.0.19.3')).body;
  const converged = viewers.filter((v) => v.held?.version === fresh.version && JSON.stringify(v.held.cells) === JSON.stringify(fresh.cells)).length;
  const latencies = latenciesAfter(probe.at, t0, viewers.map((v) => (version: number) => v.heldAt(version)));
  const painted = await tab.painted();
  const repaints = latenciesAfter(probe.at, t0, [(version) => painted.find(([v]) => v >= version)?.[1]]);
  const paintStall = longestGap(painted.map(([, at]) => at).filter((at) => at >= t0), t0);
  const received = (await tab.received()).filter(([, at]) => at >= t0);
  const pageFrames = { count: received.length, ...longestGap(received.map(([, at]) => at), t0) };
  // The tab's own share of a repaint: a DaemonSet delta received → the first frame painting its version.
  const browserMs = summarize(
    received.flatMap(([to, at]) => {
      const paint = to > 0 ? painted.find(([v]) => v >= to) : undefined;
      return paint ? [Math.max(0, paint[1] - at)] : [];
    }),
    0,
  );
  const connection = (await tab.tones()).filter(([, at]) => at >= t0).map(([tone, at]) => `${tone}@${Math.round((at - t0) / 1000)}s`);
  await tab.close();
  const bytes = viewers.reduce((s, v, i) => s + v.bytes - bytesBefore[i]!, 0);
  const cells = viewers.reduce((s, v, i) => s + v.cells - cellsBefore[i]!, 0);
  const result: ViewersArm = {
    design,
    viewers: n,
    rolloutS: round(elapsedS),
    serverCpuCores: round(cpuS / elapsedS, 2),
    serverRssMB: { before: rssBefore, after: rssMB(pid) },
    bytesPerViewerPerS: Math.round(bytes / n / elapsedS),
    bytesPerChangedCell: cells > 0 ? Math.round(bytes / cells) : null,
    changedCellsPerViewer: Math.round(cells / n),
    appliedMs: summarize(latencies, 0),
    server: design === 'deltas' ? serverShare(metrics0, metrics1) : null,
    refetches: viewers.reduce((s, v) => s + v.refetches, 0),
    snapshots: viewers.reduce((s, v) => s + v.snapshots, 0),
    converged,
    repaintMs: summarize(repaints, 0),
    paintStall,
    pageFrames,
    browserMs,
    connection,
  };
  probe.stop();
  viewers.forEach((v) => v.stop());
  return result;
}

/** The agent page's raw HTML and three first visits, each in a fresh context (empty cache). */
async function pageFigures(c: BenchContext, browser: Browser, agent: string): Promise<ViewersResult['page']> {
  const htmlBytes = (await getBody(pageUrl(c, agent, 'deltas'), '127.0.19.3', 'text/html')).length;
  const visits: VisitTiming[] = [];
  for (let i = 0; i < 3; i++) {
    const tab = await openAgentPage(browser, pageUrl(c, agent, 'deltas'));
    visits.push(await tab.timing());
    await tab.close();
  }
  return { htmlBytes, visits };
}

export async function viewersSection(c: BenchContext, counts: readonly number[] = [1, 10, 50], designs: readonly Design[] = ['deltas', 'refetch']): Promise<ViewersResult> {
  const agent = agentNames(c.opts.agents)[0]!;
  const arms: ViewersArm[] = [];
  const loadAvg: number[] = [];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await pageFigures(c, browser, agent);
    c.log(`viewers: agent page HTML ${Math.round(page.htmlBytes / 1024)} KiB raw; first visit (empty cache) ${page.visits.map((v) => v.painted).join(' / ')} ms`);
    for (const v of page.visits) c.log(`  first byte ${v.firstByte} ms, HTML done ${v.htmlDone} ms, scripts run ${v.scriptsRun} ms, grid painted ${v.painted} ms`);
    for (const n of counts) {
      for (const design of designs) {
        c.log(`viewers: ${n} × ${design} + the page in Chromium, rollout restart of ${agent}`);
        const a = await arm(c, browser, design, n, agent);
        loadAvg.push(round(loadavg()[0]!, 2));
        c.log(
          `  ${a.rolloutS} s; server ${a.serverCpuCores} cores; ${a.bytesPerViewerPerS} B/viewer/s; ${a.bytesPerChangedCell ?? 'n/a'} B/changed cell; ` +
            `applied (median / p95) ${medianP95(a.appliedMs)} (n=${a.appliedMs.n})${a.server ? `, of which the server (announced → handed to the stream) ${a.server.deliveredMs.join(' / ')} ms, one feed read ${a.server.feedReadMs.join(' / ')} ms` : ''}; Chromium repaint ${medianP95(a.repaintMs, 'no version painted')} (n=${a.repaintMs.n}), of which the tab (delta received → painted) ${medianP95(a.browserMs, 'n/a')}; ` +
            `refetches ${a.refetches}, snapshots ${a.snapshots}; converged ${a.converged}/${n}; ` +
            `page: longest paint gap ${a.paintStall.maxGapMs} ms at ${a.paintStall.atS} s, ${a.pageFrames.count} live frames received (longest gap ${a.pageFrames.maxGapMs} ms at ${a.pageFrames.atS} s), connection ${a.connection.join(', ') || 'live throughout'}`,
        );
        arms.push(a);
      }
    }
    return { agent, nodes: c.opts.nodes, arms, loadAvg, page };
  } finally {
    await browser.close();
  }
}
