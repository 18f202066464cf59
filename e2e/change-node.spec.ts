import { expect, test } from '@playwright/test';
import { READONLY_BASE_URL } from './env';
import { kubectl, podsOf } from './support/kubectl';
import { NODE_EXPORTER, plainWorker } from './support/seed';
import { AgentPage, NodePage, saveScreenshot } from './pages/console';

const TAINT_KEY = 'everynode.e2e/drain';

/** Puts the seed back whatever happened: the taint off, and node-exporter running there again. */
async function untaint(node: string) {
  try {
    kubectl('taint', 'node', node, `${TAINT_KEY}-`);
  } catch {
    // already gone (the spec removed it through the UI)
  }
  await expect.poll(() => podsOf(NODE_EXPORTER.namespace, NODE_EXPORTER.name, node).filter((p) => p.status?.phase === 'Running').length, { timeout: 60_000 }).toBe(1);
}

test('taint a worker NoExecute from its node page: the preview names the evicted agents, apply evicts them', async ({ page }) => {
  const node = plainWorker();
  try {
    const nodePage = new NodePage(page);
    await nodePage.goto(node);
    await page.getByTestId('change-node').click();
    const dialog = page.getByTestId('node-change-dialog');
    await dialog.getByTestId('taint-key').fill(TAINT_KEY);
    await dialog.getByTestId('taint-value').fill('now');
    await dialog.getByTestId('taint-effect').selectOption('NoExecute');
    await dialog.getByTestId('add-taint').click();
    await expect(dialog.getByTestId('pending-taint')).toHaveText(`${TAINT_KEY}=now:NoExecute`);
    await dialog.getByTestId('preview-change').click();

    const exporter = dialog.getByTestId(`preview-${NODE_EXPORTER.namespace}-${NODE_EXPORTER.name}`);
    await expect(exporter.getByTestId('effect-evicted')).toContainText('evicted');
    await expect(exporter).toContainText(`untolerated taint ${TAINT_KEY}=now:NoExecute`);
    // fluent-bit tolerates every taint: it stays
    await expect(dialog.getByTestId('preview-logging-fluent-bit')).toContainText('unchanged');
    await saveScreenshot(page, 'node-change-preview', { fullPage: false });

    await dialog.getByTestId('apply-change').click();
    await expect(dialog.getByTestId('results-summary')).toHaveText(`node/${node} tainted`);
    await dialog.getByRole('button', { name: 'Close' }).first().click();

    const agent = new AgentPage(page);
    await agent.goto(NODE_EXPORTER.namespace, NODE_EXPORTER.name, 'density=comfortable');
    await expect(agent.cell(node)).toHaveAttribute('data-state', 'ineligible');

    // and back, through the same dialog: removing the taint gains the node again
    await nodePage.goto(node);
    await page.getByTestId('change-node').click();
    await dialog.getByTestId(`remove-taint-${TAINT_KEY}:NoExecute`).click();
    await dialog.getByTestId('preview-change').click();
    await expect(exporter.getByTestId('effect-gains')).toBeVisible();
    await dialog.getByTestId('apply-change').click();
    await expect(dialog.getByTestId('results-summary')).toHaveText(`node/${node} untainted`);
  } finally {
    await untaint(node);
  }
});

test('the prefilled link of a fix hint opens the dialog filled in, and changes nothing by itself', async ({ page }) => {
  const node = plainWorker();
  const before = kubectl('get', 'node', node, '-o', 'jsonpath={.metadata.labels}{.spec.taints}');
  await page.goto(`/nodes/${node}?change=node&label=${encodeURIComponent('everynode.e2e/prefilled=yes')}&taint=${encodeURIComponent('everynode.e2e/soft=1:PreferNoSchedule')}`);
  const dialog = page.getByTestId('node-change-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('pending-label')).toHaveText('everynode.e2e/prefilled=yes');
  await expect(dialog.getByTestId('pending-taint')).toHaveText('everynode.e2e/soft=1:PreferNoSchedule');
  await dialog.getByTestId('preview-change').click();
  await expect(dialog.getByTestId('preview-summary')).toContainText('No agent moves');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  // the link's parameters are taken off the URL, so a reload does not reopen the dialog
  await expect(page).toHaveURL(new RegExp(`/nodes/${node}$`));
  expect(kubectl('get', 'node', node, '-o', 'jsonpath={.metadata.labels}{.spec.taints}')).toBe(before);
});

test('a read-only server shows no node change controls', async ({ page }) => {
  const node = plainWorker();
  await page.goto(`${READONLY_BASE_URL}/nodes/${node}?change=node&label=${encodeURIComponent('a=b')}`);
  await expect(page.getByTestId('node-title')).toHaveText(node);
  await expect(page.getByTestId('permission-note')).toContainText(/read-only/i);
  await expect(page.getByTestId('change-node')).toHaveCount(0);
  await expect(page.getByTestId('node-change-dialog')).toHaveCount(0);
  await new AgentPage(page).goto(NODE_EXPORTER.namespace, NODE_EXPORTER.name, '', READONLY_BASE_URL);
  await expect(page.getByTestId('restart-why')).not.toBeEmpty();
  await expect(page.getByTestId('change-nodes-shown')).toHaveCount(0);
});
