import { expect, test } from '@playwright/test';
import { kubectl } from './support/kubectl';
import { LOGSTASH, plainWorker } from './support/seed';
import { AgentPage, expectLive } from './pages/console';

test('a change made with kubectl appears without a reload', async ({ page }) => {
  test.setTimeout(120_000);
  const node = plainWorker();
  const agent = new AgentPage(page);
  await agent.goto(LOGSTASH.namespace, LOGSTASH.name);
  await expectLive(page);
  await expect(agent.cell(node)).toHaveAttribute('data-state', 'ineligible');
  const navigations: string[] = [];
  page.on('framenavigated', (f) => f === page.mainFrame() && navigations.push(f.url()));

  kubectl('label', 'node', node, 'anyrobot-app=true', '--overwrite');
  try {
    // The label makes logstash-input eligible here: the cell leaves "ineligible" on its own.
    await expect(agent.cell(node)).not.toHaveAttribute('data-state', 'ineligible', { timeout: 15_000 });
  } finally {
    kubectl('label', 'node', node, 'anyrobot-app-');
  }
  await expect(agent.cell(node)).toHaveAttribute('data-state', /ineligible|misscheduled/, { timeout: 15_000 });
  expect(navigations).toEqual([]);
});
