import { expect, test } from '@playwright/test';
import { GPU_TAINT, gpuNodes, NODE_EXPORTER, seedDaemonSets } from './support/seed';
import { NodePage, saveScreenshot } from './pages/console';

test('node page shows every agent with its reasons', async ({ page }) => {
  const node = gpuNodes()[0]!;
  const nodePage = new NodePage(page);
  await nodePage.goto(node);
  for (const ds of seedDaemonSets()) await expect(nodePage.agent(ds.metadata.namespace ?? '', ds.metadata.name)).toBeVisible();
  const exporter = nodePage.agent(NODE_EXPORTER.namespace, NODE_EXPORTER.name);
  await expect(exporter.getByTestId('agent-reasons')).toContainText(GPU_TAINT);
  await expect(page.getByTestId('node-taints')).toContainText('nvidia.com/gpu=present');
  await exporter.getByText('How to make it run here').click();
  await expect(exporter.getByTestId('fix-hint')).toContainText('nvidia.com/gpu');
  await saveScreenshot(page, 'node-gpu');
});
