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
import { edgeExcludedAgent, FLEET_NAMESPACE, podSelector } from '../fleet';
import { summarize, type Summary } from '../stats';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
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
  grid: PageFigures & { kind: 'canvas' | 'tiles'; cellsRendered: number };
  matrix: PageFigures & { rowsRendered: number };
  filterMs: { gridStateChip: Summary; gridNameFilter: Summary; matrixOnlyGaps: Summary };
  eventToBrowserMs: Summary;
  eventToBrowserStates: string[];
}

/**
 * What counts as "on screen" per page: the grid is tiles (≤ 400 nodes, one element per cell) or a
 * canvas that has been sized and drawn (its width attribute is set by the drawing effect); the
 * matrix is its first virtualised row.
 */
const FIRST_PAINT: Record<'grid' | 'matrix', string> = {
  grid: `${GRID_CELL}, [data-testid="grid-canvas"][width]`,
  matrix: MATRIX_ROW,
};

/** Records, per key, when the first matching element reached the screen (the next animation frame). */
const FIRST_SEEN_SCRIPT = `(() => {
  // tsx (esbuild keepNames) wraps functions we send with page.evaluate in __name(); give the page one.
  window.__name = (fn) => fn;
  const wanted = ${JSON.stringify(FIRST_PAINT)};
  const seen = (window.__benchFirstSeen = {});
  const observer = new MutationObserver(() => {
    for (const [key, sel] of Object.entries(wanted)) {
      if (seen[key] === undefined && document.querySelector(sel)) {
        seen[key] = null;
        requestAnimationFrame(() => { seen[key] = performance.now(); });
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['width'] });
})();`;

async function firstSeen(page: Page, key: keyof typeof FIRST_PAINT, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction((k) => (window as unknown as { __benchFirstSeen?: Record<string, number | null> }).__benchFirstSeen?.[k] ?? undefined, key, {
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

async function measurePage(browser: Browser, url: string, key: keyof typeof FIRST_PAINT, reloads: number): Promise<{ page: Page; figures: PageFigures }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(FIRST_SEEN_SCRIPT);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  const cold = await firstSeen(page, key, 60_000);
  const warm: number[] = [];
  for (let i = 0; i < reloads; i++) {
    await page.reload({ waitUntil: 'commit' });
    warm.push(await firstSeen(page, key, 60_000));
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

/** The matrix cell of (node, agent): a real element per cell, unlike the canvas grid. */
const MATRIX_CELL = (node: string, col: number) => `${MATRIX_ROW}[data-node="${node}"] [role="cell"][data-col="${col}"]`;

/** Flips the pod behind one visible matrix cell and times until the cell shows the new state. */
async function eventToBrowser(c: BenchContext, page: Page, agent: string, flips: number): Promise<{ ms: number[]; states: string[] }> {
  const core = c.kc.makeApiClient(CoreV1Api);
  const target = await page.evaluate(
    ({ row, agent }) => {
      const headers = [...document.querySelectorAll<HTMLElement>('[role="columnheader"][title]')];
      const col = headers.findIndex((h) => h.title === agent);
      if (col < 0) return undefined;
      for (const r of document.querySelectorAll<HTMLElement>(row)) {
        if (r.querySelector<HTMLElement>(`[role="cell"][data-col="${col}"]`)?.dataset.state === 'ready') return { node: r.dataset.node ?? '', col };
      }
      return undefined;
    },
    { row: MATRIX_ROW, agent: `${FLEET_NAMESPACE}/${agent}` },
  );
  if (!target) throw new Error(`no ready ${agent} cell in the rendered matrix rows`);
  const cell = MATRIX_CELL(target.node, target.col);
  const pod = await podOn(core, FLEET_NAMESPACE, podSelector(c.opts.agents, agent), target.node);
  const ms: number[] = [];
  const states: string[] = [];
  try {
    for (let i = 0; i < flips; i++) {
      const ready = i % 2 === 1;
      const from = await page.evaluate((sel) => document.querySelector<HTMLElement>(sel)?.dataset.state ?? '', cell);
      const changed = page.evaluate(
        ({ sel, from }) =>
          new Promise<{ at: number; state: string }>((resolve, reject) => {
            const deadline = Date.now() + 15_000;
            const tick = () => {
              const state = document.querySelector<HTMLElement>(sel)?.dataset.state;
              if (state && state !== from) resolve({ at: Date.now(), state });
              else if (Date.now() > deadline) reject(new Error(`cell ${sel} stayed ${from}`));
              else requestAnimationFrame(tick);
            };
            tick();
          }),
        { sel: cell, from },
      );
      const t0 = Date.now();
      await setPodReady(core, FLEET_NAMESPACE, pod, ready);
      const r = await changed;
      ms.push(r.at - t0);
      states.push(`${from}→${r.state}`);
      await sleep(500);
    }
  } finally {
    await setPodReady(core, FLEET_NAMESPACE, pod, true);
  }
  return { ms, states };
}

export async function uiSection(c: BenchContext): Promise<UiResult> {
  const { opts, log } = c;
  const reloads = opts.quick ? 3 : 5;
  const toggles = Math.max(4, Math.round(opts.repeats / 2));
  const agent = edgeExcludedAgent(opts.agents);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const gridUrl = `${c.console.url}/agents/${FLEET_NAMESPACE}/${agent}`;
    log(`UI: node grid ${gridUrl} (first visit + ${reloads} reloads)`);
    const grid = await measurePage(browser, gridUrl, 'grid', reloads);
    const cellsRendered = await grid.page.locator(GRID_CELL).count();
    const kind = (await grid.page.locator('[data-testid="grid-canvas"]').count()) > 0 ? 'canvas' : 'tiles';

    log(`UI: grid filters (${toggles} toggles each)`);
    const chip = `[data-testid="state-filter"] button[data-state="ready"]`;
    const count = '[data-testid="grid-count"]';
    const stateChip: number[] = [];
    const nameFilter: number[] = [];
    for (let i = 0; i < toggles; i++) {
      stateChip.push(await timeFilter(grid.page, click(chip), count));
      nameFilter.push(await timeFilter(grid.page, typeInto('[data-testid="name-filter"]', i % 2 === 0 ? 'node-0001' : ''), count));
    }
    await grid.page.context().close();

    const matrixUrl = `${c.console.url}/matrix`;
    log(`UI: matrix ${matrixUrl}`);
    const matrix = await measurePage(browser, matrixUrl, 'matrix', reloads);
    const rowsRendered = await matrix.page.locator(MATRIX_ROW).count();

    log(`UI: event → browser on a matrix cell (${toggles} readiness flips)`);
    const events = await eventToBrowser(c, matrix.page, agent, toggles);

    log(`UI: matrix filter (${toggles} toggles)`);
    const onlyGaps: number[] = [];
    for (let i = 0; i < toggles; i++) onlyGaps.push(await timeFilter(matrix.page, click('[data-testid="only-gaps"]'), '[data-testid="matrix-count"]'));
    await matrix.page.context().close();

    return {
      viewport: '1440×900',
      grid: { ...grid.figures, kind, cellsRendered },
      matrix: { ...matrix.figures, rowsRendered },
      filterMs: { gridStateChip: summarize(stateChip), gridNameFilter: summarize(nameFilter), matrixOnlyGaps: summarize(onlyGaps) },
      eventToBrowserMs: summarize(events.ms, 0),
      eventToBrowserStates: [...new Set(events.states)],
    };
  } finally {
    await browser.close();
  }
}
