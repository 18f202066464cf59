import { expect, test } from '@playwright/test';
import { READONLY_BASE_URL } from './env';
import { daemonSet, kubectl } from './support/kubectl';
import { gpuNodes, LOGSTASH } from './support/seed';
import { AgentPage } from './pages/console';

test('read-only mode disables every action and says why', async ({ page }) => {
  const { namespace, name } = LOGSTASH;
  // A rollback button needs an older revision: make one (a template change) unless there is one.
  const generation = daemonSet(namespace, name).metadata.generation;
  kubectl('-n', namespace, 'patch', 'daemonset', name, '--type=merge', '-p', JSON.stringify({ spec: { template: { metadata: { annotations: { 'everynode.e2e/read-only': String(Date.now()) } } } } }));
  await expect.poll(() => daemonSet(namespace, name).status.observedGeneration).toBeGreaterThan(generation);
  const agent = new AgentPage(page);
  await agent.goto(namespace, name, '', READONLY_BASE_URL);
  await expect(page.getByTestId('permission-note')).toContainText(/read-only/i);
  await expect(agent.restartButton).toBeDisabled();
  await expect(page.getByTestId('restart-why')).toContainText(/read-only/i);
  const rollbacks = page.getByRole('button', { name: /Rollback to this revision/ });
  await expect(rollbacks.first()).toBeVisible();
  expect(await rollbacks.count()).toBeGreaterThan(0);
  for (const button of await rollbacks.all()) await expect(button).toBeDisabled();

  await page.goto(`${READONLY_BASE_URL}/nodes/${gpuNodes()[0]}`);
  await expect(page.getByTestId('node-title')).toBeVisible();
  const recreate = page.getByRole('button', { name: /Recreate pod/ });
  await expect(recreate.first()).toBeVisible();
  for (const button of await recreate.all()) await expect(button).toBeDisabled();
});
