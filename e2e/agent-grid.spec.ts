import { expect, test } from '@playwright/test';
import { cordonedNode, edgeNodes, failingAgent, GPU_TAINT, gpuNodes, NODE_EXPORTER } from './support/seed';
import { AgentPage, saveScreenshot } from './pages/console';

test('node-exporter grid shows edge nodes excluded by affinity, with the reason', async ({ page }) => {
  const agent = new AgentPage(page);
  await agent.goto(NODE_EXPORTER.namespace, NODE_EXPORTER.name);
  const edges = edgeNodes();
  expect(edges.length).toBeGreaterThan(0);
  for (const node of edges) {
    await expect(agent.cell(node)).toHaveAttribute('data-state', 'ineligible');
    await expect(agent.cell(node)).toHaveAttribute('aria-label', /node-role\.kubernetes\.io\/edge/);
  }
  await agent.cell(edges[0]!).hover();
  await expect(agent.tooltip).toContainText(edges[0]!);
  await expect(agent.tooltip).toContainText(/affinity/i);
  await expect(agent.tooltip).toContainText('node-role.kubernetes.io/edge');
  await saveScreenshot(page, 'agent-node-exporter');
});

test('GPU nodes are highlighted as taint mismatch with the taint named', async ({ page }) => {
  const agent = new AgentPage(page);
  await agent.goto(NODE_EXPORTER.namespace, NODE_EXPORTER.name);
  const gpus = gpuNodes();
  expect(gpus.length).toBeGreaterThan(0);
  for (const node of gpus) await expect(agent.cell(node)).toHaveAttribute('data-taint', GPU_TAINT);
  const side = page.locator(`[data-testid="taint-mismatch"][data-taint="${GPU_TAINT}"]`);
  await expect(side).toContainText(GPU_TAINT);
  for (const node of gpus.slice(0, 4)) await expect(side).toContainText(node);
  await agent.cell(gpus[0]!).hover();
  await expect(agent.tooltip).toContainText(`Untolerated taint ${GPU_TAINT}`);
  // The side list filters the grid to the taint's nodes (its other button adds the toleration).
  await side.getByRole('button', { name: /^Taint mismatch/ }).click();
  await expect(page).toHaveURL(/reason=/);
  await expect(agent.grid.getByTestId('grid-cell')).toHaveCount(gpus.length);
});

test('the cordoned node is still covered', async ({ page }) => {
  const agent = new AgentPage(page);
  await agent.goto(NODE_EXPORTER.namespace, NODE_EXPORTER.name);
  await expect(agent.cell(cordonedNode())).toHaveAttribute('data-state', 'ready');
});

test("the failing agent's cells show the kubelet reason", async ({ page }) => {
  const failing = failingAgent();
  const agent = new AgentPage(page);
  await agent.goto(failing.namespace, failing.name);
  await expect(agent.cell(failing.node)).toHaveAttribute('data-state', 'failing');
  await expect(agent.cell(failing.node)).toHaveAttribute('aria-label', new RegExp(failing.reason));
  await agent.cell(failing.node).hover();
  await expect(agent.tooltip).toContainText(failing.reason);
  await saveScreenshot(page, 'agent-failing');
});

test('filters, grouping and density live in the URL and a link reproduces the view', async ({ page }) => {
  const agent = new AgentPage(page);
  await agent.goto(NODE_EXPORTER.namespace, NODE_EXPORTER.name);
  await page.locator('[data-testid="state-filter"] button[data-state="ineligible"]').click();
  await page.getByTestId('group-by').selectOption('role');
  await expect(page).toHaveURL(/state=ineligible/);
  await expect(page).toHaveURL(/group=role/);
  const url = page.url();
  const shown = await agent.grid.getByTestId('grid-cell').count();

  const again = await page.context().newPage();
  await again.goto(url);
  const copy = new AgentPage(again);
  await expect(copy.grid.getByTestId('grid-group').first()).toBeVisible();
  await expect(copy.grid.getByTestId('grid-cell')).toHaveCount(shown);
  await expect(copy.cellsIn('ready')).toHaveCount(0);
  await again.close();
});

test('the grid is keyboard navigable: arrows move, Enter opens the node page', async ({ page }) => {
  const agent = new AgentPage(page);
  await agent.goto(NODE_EXPORTER.namespace, NODE_EXPORTER.name);
  await agent.grid.focus();
  await page.keyboard.press('ArrowRight');
  const activeId = await agent.grid.getAttribute('aria-activedescendant');
  expect(activeId).toBeTruthy();
  const node = await page.locator(`[id="${activeId}"]`).getAttribute('data-node');
  await expect(agent.tooltip).toContainText(node!);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/nodes/${node}`));
  await expect(page.getByTestId('node-title')).toHaveText(node!);
});

test('the compact (canvas) grid keeps hover, keyboard and click', async ({ page }) => {
  const agent = new AgentPage(page);
  await agent.goto(NODE_EXPORTER.namespace, NODE_EXPORTER.name, 'density=compact');
  await expect(agent.grid).toHaveAttribute('data-density', 'compact');
  const canvas = page.getByTestId('grid-canvas');
  await canvas.hover({ position: { x: 8 + 7, y: 8 + 7 } });
  await expect(agent.tooltip).toBeVisible();
  await agent.grid.focus();
  await page.keyboard.press('ArrowRight');
  const node = await agent.grid.getAttribute('data-active-node');
  expect(node).toBeTruthy();
  await expect(agent.tooltip).toContainText(node!);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/nodes/${node}`));
});
