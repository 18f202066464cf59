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
    await expect(this.grid).toBeVisible();
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
