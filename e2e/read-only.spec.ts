import { expect, test } from '@playwright/test';
import { READONLY_BASE_URL } from './env';
import { gpuNodes, NODE_EXPORTER } from './support/seed';
import { AgentPage } from './pages/console';

test('read-only mode disables every action and says why', async ({ page }) => {
  const agent = new AgentPage(page);
  await agent.goto(NODE_EXPORTER.namespace, NODE_EXPORTER.name, '', READONLY_BASE_URL);
  await expect(page.getByTestId('permission-note')).toContainText(/read-only/i);
  await expect(agent.restartButton).toBeDisabled();
  await expect(page.getByTestId('restart-why')).toContainText(/read-only/i);
  for (const button of await page.getByRole('button', { name: /Rollback to this revision/ }).all()) await expect(button).toBeDisabled();

  await page.goto(`${READONLY_BASE_URL}/nodes/${gpuNodes()[0]}`);
  await expect(page.getByTestId('node-title')).toBeVisible();
  const recreate = page.getByRole('button', { name: /Recreate pod/ });
  await expect(recreate.first()).toBeVisible();
  for (const button of await recreate.all()) await expect(button).toBeDisabled();
});
