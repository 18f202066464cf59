import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { edgeNodes, NODE_EXPORTER } from './support/seed';
import { MatrixPage, saveScreenshot } from './pages/console';

test('matrix filters to nodes with gaps, sorts by gaps and exports them', async ({ page }) => {
  const matrix = new MatrixPage(page);
  await matrix.goto();
  await expect(page.getByRole('columnheader', { name: new RegExp(NODE_EXPORTER.name) })).toBeVisible();
  const edge = edgeNodes()[0]!;
  await expect(page.locator(`[data-testid="matrix-row"][data-node="${edge}"]`)).toBeVisible();
  await saveScreenshot(page, 'matrix');

  await page.getByTestId('only-gaps').check();
  await page.getByTestId('matrix-sort').selectOption('gaps');
  await expect(page).toHaveURL(/gaps=1/);
  await expect(page).toHaveURL(/sort=gaps/);
  const gaps = await matrix.rows().evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.gaps)));
  expect(gaps.length).toBeGreaterThan(0);
  expect(gaps.every((g) => g > 0)).toBe(true);
  expect([...gaps].sort((a, b) => b - a)).toEqual(gaps);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('node,namespace,agent,state,nodeReady,cordoned');
  expect(csv.trim().split('\r\n').length).toBeGreaterThan(1);

  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const json = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8')) as { gaps: unknown[] };
  expect(json.gaps.length).toBe(csv.trim().split('\r\n').length - 1);
});
