import { expect, test, type Page } from '@playwright/test';
import { failingAgent, NODE_EXPORTER } from './support/seed';
import { AgentPage, expectLive, focused, NodePage, tabStops, tabUntil, type Focused } from './pages/console';

/**
 * Issue #20: every action reachable without a mouse, and focus visible wherever it lands. These
 * specs open dialogs and cancel them: nothing here changes the cluster (actions.spec.ts confirms).
 */

const named = (testId: string) => (f: Focused) => f.testId === testId;
const unindicated = (stops: Focused[]) => stops.filter((s) => !s.indicated).map((s) => s.testId ?? `${s.tag} "${s.name}"`);

/** Opens a confirmation from its button with Enter, Tabs to its confirm button, cancels with Escape. */
async function confirmReachableAndCancel(page: Page, opener: string) {
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toBeVisible();
  await expect.poll(async () => (await focused(page)).inDialog, { message: 'focus moves into the dialog' }).toBe(true);
  const stops = await tabUntil(page, named('confirm-action'), { max: 6 });
  expect(stops.every((s) => s.inDialog), 'Tab stays inside the open dialog').toBe(true);
  expect(unindicated(stops), 'dialog stops without a visible focus indicator').toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  const where = async () => {
    const f = await focused(page);
    return f.testId ?? `${f.tag} "${f.name}"`;
  };
  await expect.poll(where, { message: 'focus returns to the button that opened the dialog' }).toBe(opener);
}

test('agent page by keyboard: Restart and its confirm, the grid and its hover card, a rollback', async ({ page }) => {
  const agent = new AgentPage(page);
  await agent.goto(NODE_EXPORTER.namespace, NODE_EXPORTER.name, 'density=comfortable');
  await expectLive(page);

  const toRestart = await tabUntil(page, named('restart'));
  expect(unindicated(toRestart), 'stops without a visible focus indicator').toEqual([]);
  await confirmReachableAndCancel(page, 'restart');

  const toGrid = await tabUntil(page, named('node-grid'));
  expect(unindicated(toGrid), 'stops without a visible focus indicator').toEqual([]);
  // The active cell is what a screen reader announces; the hover card describes it.
  await page.keyboard.press('ArrowRight');
  await expect(agent.tooltip).toBeVisible();
  const cellId = await agent.grid.getAttribute('aria-activedescendant');
  const cell = page.locator(`[id="${cellId}"]`);
  await expect(cell).toHaveAttribute('role', 'gridcell');
  await expect(cell).toHaveAttribute('aria-selected', 'true');
  const node = await cell.getAttribute('data-node');
  await expect(agent.tooltip).toContainText(node!);
  const cardId = await agent.tooltip.getAttribute('id');
  expect(cardId).toBeTruthy();
  await expect(cell).toHaveAttribute('aria-describedby', cardId!);
  // The card follows the keyboard.
  await page.keyboard.press('ArrowRight');
  const next = page.locator(`[id="${await agent.grid.getAttribute('aria-activedescendant')}"]`);
  const nextNode = await next.getAttribute('data-node');
  expect(nextNode).not.toBe(node);
  await expect(agent.tooltip).toContainText(nextNode!);
  await expect(next).toHaveAttribute('aria-describedby', cardId!);

  // Past the grid: one Tab leaves it (it is a single tab stop), on to the side panels.
  const toRollback = await tabUntil(page, (f) => /^rollback-\d+$/.test(f.testId ?? '') || f.tag === 'summary', { max: 60 });
  expect(unindicated(toRollback), 'stops without a visible focus indicator').toEqual([]);
  expect(toRollback.filter((s) => s.inGrid), 'the grid is one tab stop: its cells are reached with arrows').toEqual([]);
});

test('revision history by keyboard: a revision opens to its diff, and its Rollback confirm is reachable', async ({ page }) => {
  // The seed restarts otel-agent, so it has an older revision to roll back to.
  const agent = new AgentPage(page);
  await agent.goto('observability', 'otel-agent');
  await expectLive(page);
  const older = page.getByTestId('revision').nth(1);
  const revision = await older.getAttribute('data-revision');

  await tabUntil(page, (f) => f.tag === 'summary' && f.name.startsWith(`#${revision}`), { max: 120 });
  await page.keyboard.press('Enter');
  await expect(older.getByTestId('diff')).toBeVisible();
  // The diff scrolls, so it takes focus too; then the revision's Rollback.
  const stops = await tabUntil(page, named(`rollback-${revision}`), { max: 4 });
  expect(stops.map((s) => s.testId)).toContain('diff');
  expect(unindicated(stops), 'stops without a visible focus indicator').toEqual([]);
  await confirmReachableAndCancel(page, `rollback-${revision}`);
});

test('node page by keyboard: Recreate pod and its confirm', async ({ page }) => {
  const { node, namespace, name } = failingAgent();
  await new NodePage(page).goto(node);
  await expectLive(page);
  const opener = `recreate-${namespace}-${name}`;
  const stops = await tabUntil(page, named(opener), { max: 120 });
  expect(unindicated(stops), 'stops without a visible focus indicator').toEqual([]);
  await confirmReachableAndCancel(page, opener);
});

for (const { path, ready } of [
  { path: '/', ready: 'agent-table' },
  { path: '/nodes', ready: 'nodes-panel' },
  { path: '/matrix', ready: 'matrix' },
]) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`focus is visible on every stop of ${path} (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto(path);
      await expect(page.getByTestId(ready)).toBeVisible();
      await expectLive(page);
      // The first 40 stops cover the header, the toolbar and the first rows of the page's table.
      const stops = await tabStops(page, 40);
      expect(stops.length).toBeGreaterThan(5);
      expect(unindicated(stops), 'stops without a visible focus indicator').toEqual([]);
    });
  }
}
