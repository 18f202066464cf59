import { expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const SHOTS = 'test-results/screenshots';

/** Saves a screenshot of the page for humans to look at (kept as a test artifact). */
export async function saveScreenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  // From the top, so the sticky header is not painted mid-page in a full-page capture.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

/** Waits until the live stream is connected, so later cluster changes reach the page. */
export async function expectLive(page: Page): Promise<void> {
  await expect(page.getByTestId('connection')).toHaveAttribute('data-tone', 'live');
}

export class OverviewPage {
  constructor(readonly page: Page) {}
  async goto() {
    await this.page.goto('/');
    await expect(this.page.getByTestId('agent-table')).toBeVisible();
  }
  row(namespace: string, name: string): Locator {
    return this.page.locator(`[data-testid="agent-row"][data-agent="${namespace}/${name}"]`);
  }
  async counts(namespace: string, name: string) {
    const row = this.row(namespace, name);
    const read = async (key: string) => Number((await row.getByTestId(`count-${key}`).innerText()).replace(/\D/g, ''));
    return {
      desired: await read('desired'),
      current: await read('current'),
      ready: await read('ready'),
      updated: await read('updated'),
      available: await read('available'),
    };
  }
}

export class AgentPage {
  constructor(readonly page: Page) {}
  async goto(namespace: string, name: string, query = '', baseURL = '') {
    await this.page.goto(`${baseURL}/agents/${namespace}/${name}${query ? `?${query}` : ''}`);
    await expect(this.page.getByTestId('agent-title')).toHaveText(name);
    // The HTML already shows the grid; its keys and clicks work once it has hydrated.
    await expect(this.grid).toHaveAttribute('data-hydrated', 'true');
  }
  get grid(): Locator {
    return this.page.getByTestId('node-grid');
  }
  cell(node: string): Locator {
    return this.grid.locator(`[data-testid="grid-cell"][data-node="${node}"]`);
  }
  cellsIn(state: string): Locator {
    return this.grid.locator(`[data-testid="grid-cell"][data-state="${state}"]`);
  }
  get tooltip(): Locator {
    return this.page.getByTestId('cell-tooltip');
  }
  get restartButton(): Locator {
    return this.page.getByTestId('restart');
  }
  get dialog(): Locator {
    return this.page.getByTestId('confirm-dialog');
  }
  get banner(): Locator {
    return this.page.getByTestId('action-banner');
  }
  revision(n: number): Locator {
    return this.page.locator(`[data-testid="revision"][data-revision="${n}"]`);
  }
}

export class NodePage {
  constructor(readonly page: Page) {}
  async goto(name: string) {
    await this.page.goto(`/nodes/${name}`);
    await expect(this.page.getByTestId('node-title')).toHaveText(name);
  }
  agent(namespace: string, name: string): Locator {
    return this.page.locator(`[data-testid="node-agent"][data-agent="${namespace}/${name}"]`);
  }
}

export class MatrixPage {
  constructor(readonly page: Page) {}
  async goto(query = '') {
    await this.page.goto(`/matrix${query ? `?${query}` : ''}`);
    await expect(this.page.getByTestId('matrix')).toBeVisible();
  }
  rows(): Locator {
    return this.page.getByTestId('matrix-row');
  }
}

/** What has keyboard focus, as a keyboard user would meet it. */
export interface Focused {
  testId: string | null;
  tag: string;
  /** Accessible-ish name: aria-label, else the visible text (trimmed). */
  name: string;
  /** An outline or a ring is drawn around it (or, for a grid, around its active cell). */
  indicated: boolean;
  inDialog: boolean;
  /** Focus is on something inside a grid (the grid itself should be the only tab stop). */
  inGrid: boolean;
}

/** Reads the focused element; the focus indicator is what a sighted keyboard user relies on. */
export async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { testId: null, tag: 'body', name: '', indicated: false, inDialog: false, inGrid: false };
    // Fully transparent in any notation Chromium serialises: rgba(…, 0), oklab(… / 0), transparent.
    const transparent = (c: string) => /transparent|,\s*0\)|\/\s*0\)/.test(c);
    const drawn = (node: Element) => {
      const cs = getComputedStyle(node);
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && !transparent(cs.outlineColor);
      // A focus ring is an outer box-shadow with a spread and no blur (Tailwind's ring-*), not a drop shadow.
      const ring = cs.boxShadow
        .split(/,(?![^(]*\))/)
        .some((s) => !s.includes('inset') && /0px 0px 0px [1-9]/.test(s) && !transparent(s));
      return outline || ring;
    };
    // A wrapper may draw it (focus-within), e.g. a select inside its labelled box.
    const indicated = [el, el.parentElement, el.parentElement?.parentElement].some((n) => n && drawn(n));
    return {
      testId: el.getAttribute('data-testid'),
      tag: el.tagName.toLowerCase(),
      name: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 80),
      indicated,
      inDialog: !!el.closest('[role="dialog"]'),
      inGrid: !!el.parentElement?.closest('[role="grid"]'),
    };
  });
}

/**
 * Presses Tab until `until` holds for the focused element, returning every stop on the way (the
 * last one included). Fails when `max` presses never get there: the target is not reachable.
 */
export async function tabUntil(page: Page, until: (f: Focused) => boolean, { max = 80, key = 'Tab' } = {}): Promise<Focused[]> {
  const stops: Focused[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const now = await focused(page);
    stops.push(now);
    if (until(now)) return stops;
  }
  throw new Error(`not reached with ${max} × ${key}; stops: ${stops.map((s) => s.testId ?? `${s.tag}:${s.name}`).join(' → ')}`);
}

/** The first `count` stops of the Tab order from where focus is now (fewer if it wraps to the page). */
export async function tabStops(page: Page, count: number): Promise<Focused[]> {
  const stops: Focused[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.tag === 'body') break;
    stops.push(now);
  }
  return stops;
}
