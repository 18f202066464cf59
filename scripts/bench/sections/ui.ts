/**
 * Section 5 (and the browser half of section 2): Chromium driven by Playwright against the console
 * on the bench cluster — first paint of the node grid and the matrix, filter response, JS heap,
 * and event-to-browser latency (a pod's readiness flips → its grid cell repaints).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { CoreV1Api } from '@kubernetes/client-node';
import type { BenchContext } from '../context';
import { sleep } from '../context';
import { podOn, setPodReady } from '../kube';
import { BENCH_NAMESPACE } from '../scale';
import { summarize, type Summary } from '../stats';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const AGENT = 'node-exporter';
const GRID_CELL = '[data-testid="grid-cell"]';
const MATRIX_ROW = '[data-testid="matrix-row"]';

export interface PageFigures {
  url: string;
  /** Navigation start → the frame that first shows a cell (ms): first visit, then reloads. */
  firstPaintColdMs: number;
  firstPaintWarmMs: Summary;
  heapUsedMB: number;
  domNodes: number;
}

export interface UiResult {
  viewport: string;
  grid: PageFigures & { cellsRendered: number };
  matrix: PageFigures & { rowsRendered: number };
  filterMs: { gridStateChip: Summary; gridNameFilter: Summary; matrixOnlyGaps: Summary };
  eventToBrowserMs: Summary;
  eventToBrowserStates: string[];
}

/** Records, per selector, when the first matching element reached the screen (next animation frame). */
const FIRST_SEEN_SCRIPT = `(() => {
  const wanted = ${JSON.stringify([GRID_CELL, MATRIX_ROW])};
  const seen = (window.__benchFirstSeen = {});
  const check = () => {
    for (const sel of wanted) {
      if (seen[sel] === undefined && document.querySelector(sel)) {
        seen[sel] = null;
        requestAnimationFrame(() => { seen[sel] = performance.now(); });
      }
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();`;

async function firstSeen(page: Page, selector: string, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction((sel) => (window as unknown as { __benchFirstSeen?: Record<string, number | null> }).__benchFirstSeen?.[sel] ?? undefined, selector, {
    timeout: timeoutMs,
    polling: 50,
  });
  return (await handle.jsonValue()) as number;
}

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return Math.round((usedSize / 2 ** 20) * 10) / 10;
}

async function measurePage(browser: Browser, url: string, selector: string, reloads: number): Promise<{ page: Page; figures: PageFigures }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(FIRST_SEEN_SCRIPT);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  const cold = await firstSeen(page, selector, 60_000);
  const warm: number[] = [];
  for (let i = 0; i < reloads; i++) {
    await page.reload({ waitUntil: 'commit' });
    warm.push(await firstSeen(page, selector, 60_000));
  }
  await sleep(1000); // let late data (the SSE's first event) settle before measuring memory
  const figures: PageFigures = {
    url,
    firstPaintColdMs: Math.round(cold),
    firstPaintWarmMs: summarize(warm, 0),
    heapUsedMB: await heapMB(page),
    domNodes: await page.evaluate(() => document.getElementsByTagName('*').length),
  };
  return { page, figures };
}

type Action = { kind: 'click'; sel: string } | { kind: 'type'; sel: string; value: string };
const click = (sel: string): Action => ({ kind: 'click', sel });
const typeInto = (sel: string, value: string): Action => ({ kind: 'type', sel, value });

/** Does `act` in the page and times until `countSelector`'s text changes and the next frame is drawn. */
async function timeFilter(page: Page, act: Action, countSelector: string): Promise<number> {
  return page.evaluate(
    async ({ act, countSelector }) => {
      const text = () => document.querySelector(countSelector)?.textContent ?? '';
      const before = text();
      const el = document.querySelector<HTMLInputElement>(act.sel);
      if (!el) throw new Error(`${act.sel} not on the page`);
      const t0 = performance.now();
      if (act.kind === 'click') el.click();
      else {
        // As a keystroke does: the native value setter, then an input event React listens to.
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(el, act.value);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
      await new Promise<void>((resolve, reject) => {
        const deadline = t0 + 10_000;
        const tick = () => (text() !== before ? resolve() : performance.now() > deadline ? reject(new Error(`${countSelector} did not change`)) : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      });
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      return performance.now() - t0;
    },
    { act, countSelector },
  );
}

/** Flips the pod behind one visible cell and times the repaint, as the operator would see it. */
async function eventToBrowser(c: BenchContext, page: Page, flips: number): Promise<{ ms: number[]; states: string[] }> {
  const core = c.kc.makeApiClient(CoreV1Api);
  const node = await page.evaluate((sel) => document.querySelector<HTMLElement>(`${sel}[data-state="ready"]`)?.dataset.node, GRID_CELL);
  if (!node) throw new Error('no ready cell on the grid to watch');
  const pod = await podOn(core, BENCH_NAMESPACE, AGENT, node);
  const ms: number[] = [];
  const states: string[] = [];
  try {
    for (let i = 0; i < flips; i++) {
      const ready = i % 2 === 1;
      const from = await page.evaluate(({ sel, node }) => document.querySelector<HTMLElement>(`${sel}[data-node="${node}"]`)?.dataset.state ?? '', { sel: GRID_CELL, node });
      const changed = page.evaluate(
        ({ sel, node, from }) =>
          new Promise<{ at: number; state: string }>((resolve, reject) => {
            const deadline = Date.now() + 15_000;
            const tick = () => {
              const state = document.querySelector<HTMLElement>(`${sel}[data-node="${node}"]`)?.dataset.state;
              if (state && state !== from) resolve({ at: Date.now(), state });
              else if (Date.now() > deadline) reject(new Error(`cell ${node} stayed ${from}`));
              else requestAnimationFrame(tick);
            };
            tick();
          }),
        { sel: GRID_CELL, node, from },
      );
      const t0 = Date.now();
      await setPodReady(core, BENCH_NAMESPACE, pod, ready);
      const r = await changed;
      ms.push(r.at - t0);
      states.push(`${from}→${r.state}`);
      await sleep(500);
    }
  } finally {
    await setPodReady(core, BENCH_NAMESPACE, pod, true);
  }
  return { ms, states };
}

export async function uiSection(c: BenchContext): Promise<UiResult> {
  const { opts, log } = c;
  const reloads = opts.quick ? 3 : 5;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const gridUrl = `${c.console.url}/agents/${BENCH_NAMESPACE}/${AGENT}`;
    log(`UI: node grid ${gridUrl} (first visit + ${reloads} reloads)`);
    const grid = await measurePage(browser, gridUrl, GRID_CELL, reloads);
    const cellsRendered = await grid.page.locator(GRID_CELL).count();

    log(`UI: filters (${opts.repeats / 2} toggles each)`);
    const toggles = Math.max(4, Math.round(opts.repeats / 2));
    const chip = `[data-testid="state-filter"] button[data-state="ready"]`;
    const stateChip: number[] = [];
    const nameFilter: number[] = [];
    for (let i = 0; i < toggles; i++) {
      stateChip.push(await timeFilter(grid.page, click(chip), '[data-testid="grid-count"]'));
      nameFilter.push(await timeFilter(grid.page, typeInto('[data-testid="name-filter"]', i % 2 === 0 ? 'bench-node-0001' : ''), '[data-testid="grid-count"]'));
    }
    // Leave the grid unfiltered for the event measurement.
    if (toggles % 2 === 1) await timeFilter(grid.page, click(chip), '[data-testid="grid-count"]');
    if (toggles % 2 === 1) await timeFilter(grid.page, typeInto('[data-testid="name-filter"]', ''), '[data-testid="grid-count"]');

    log(`UI: event → browser (${opts.repeats / 2} readiness flips)`);
    const events = await eventToBrowser(c, grid.page, Math.max(4, Math.round(opts.repeats / 2)));
    await grid.page.context().close();

    const matrixUrl = `${c.console.url}/matrix`;
    log(`UI: matrix ${matrixUrl}`);
    const matrix = await measurePage(browser, matrixUrl, MATRIX_ROW, reloads);
    const rowsRendered = await matrix.page.locator(MATRIX_ROW).count();
    const onlyGaps: number[] = [];
    for (let i = 0; i < toggles; i++) onlyGaps.push(await timeFilter(matrix.page, click('[data-testid="only-gaps"]'), '[data-testid="matrix-count"]'));
    await matrix.page.context().close();

    return {
      viewport: '1440×900',
      grid: { ...grid.figures, cellsRendered },
      matrix: { ...matrix.figures, rowsRendered },
      filterMs: { gridStateChip: summarize(stateChip), gridNameFilter: summarize(nameFilter), matrixOnlyGaps: summarize(onlyGaps) },
      eventToBrowserMs: summarize(events.ms, 0),
      eventToBrowserStates: [...new Set(events.states)],
    };
  } finally {
    await browser.close();
  }
}
