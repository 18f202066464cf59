import { expect, test } from '@playwright/test';
import { gpuNodes, LOGSTASH } from './support/seed';
import { AgentPage, expectLive, saveScreenshot } from './pages/console';

test('nodes list filters by name and links to each node', async ({ page }) => {
  await page.goto('/nodes?q=gpu');
  const rows = page.getByTestId('node-row');
  await expect(rows.first()).toBeVisible();
  const names = await rows.evaluateAll((r) => r.map((e) => (e as HTMLElement).dataset.node ?? ''));
  expect(names.every((n) => n.includes('gpu'))).toBe(true);
  for (const gpu of gpuNodes()) expect(names).toContain(gpu);
  await page.goto('/nodes');
  await expect(rows.first()).toBeVisible();
  await saveScreenshot(page, 'nodes');
});

test('search jumps to a node or an agent from the keyboard', async ({ page }) => {
  const node = gpuNodes()[0]!;
  await page.goto('/');
  await expect(page.getByTestId('agent-table')).toBeVisible();
  // The table is in the server's HTML: wait until the page is interactive (the '/' shortcut is a client listener).
  await expectLive(page);
  await page.keyboard.press('/');
  await page.keyboard.type(node);
  await expect(page.getByRole('option').first()).toContainText(node);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('node-title')).toHaveText(node);

  await page.getByTestId('global-search').fill(LOGSTASH.name);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('agent-title')).toHaveText(LOGSTASH.name);
});

test('the agent page is readable at 1280 px', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const agent = new AgentPage(page);
  await agent.goto(LOGSTASH.namespace, LOGSTASH.name);
  // Nothing spills sideways: the page is exactly as wide as the window.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  await saveScreenshot(page, 'agent-logstash-1280');
  await page.close();
});
