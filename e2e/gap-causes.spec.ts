import { expect, test } from '@playwright/test';
import { pods } from './support/kubectl';
import { AgentPage, expectLive, NodePage, OverviewPage, saveScreenshot } from './pages/console';

/**
 * Issue #17 on the seeded cluster: the four agents blocked outside the placement rules show why
 * on the first screen (the overview's problems column and its cause filter), on the agent page
 * (its causes panel and the hover card) and on the node page of an affected node.
 */

const QUOTA = { namespace: 'metrics-quota', name: 'quota-exporter' };
const PSA = { namespace: 'restricted-agents', name: 'host-inventory' };
const BIG = { namespace: 'big-agents', name: 'mem-cache' };
const PORT = { namespace: 'port-agents', name: 'syslog-relay' };

test('the overview names each blocked agent\'s cause and filters by it', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await expectLive(page);
  const cause = (a: { namespace: string; name: string }) => overview.row(a.namespace, a.name).getByTestId('problem-cause');
  await expect(cause(QUOTA)).toContainText('creation refused: quota');
  await expect(cause(PSA)).toContainText('2 creation refused: pod security');
  await expect(cause(BIG)).toContainText('2 cannot fit: memory');
  await expect(cause(PORT)).toContainText('1 not placed: host port');
  await expect(cause(QUOTA)).toHaveAttribute('title', /exceeded quota: agent-quota/);
  await saveScreenshot(page, 'overview-causes');

  await page.getByTestId('cause-filter').selectOption('cannot fit: memory');
  await expect(page).toHaveURL(/cause=cannot/);
  await expect(page.getByTestId('agent-row')).toHaveCount(1);
  await expect(overview.row(BIG.namespace, BIG.name)).toBeVisible();
});

test('the agent page explains its missing cells: causes panel and hover card', async ({ page }) => {
  const agent = new AgentPage(page);
  await agent.goto(PSA.namespace, PSA.name, 'density=comfortable');
  await expectLive(page);
  const panel = page.getByTestId('causes');
  await expect(panel.getByTestId('agent-cause')).toHaveAttribute('data-category', 'pod-security');
  await expect(panel).toContainText('2 nodes');
  await expect(panel).toContainText('violates PodSecurity "restricted:latest"');
  await expect(panel).toContainText('API server refused the pod');
  await expect(panel.getByTestId('cause-hint')).toContainText(`kubectl label ns ${PSA.namespace} pod-security.kubernetes.io/enforce=privileged`);

  await agent.cellsIn('missing').first().hover();
  await expect(agent.tooltip.getByTestId('tooltip-cause')).toContainText('creation refused: pod security');
  await saveScreenshot(page, 'agent-causes', { fullPage: false });
});

test('the node page of the node whose port is taken names the cause and the fix', async ({ page }) => {
  const holder = pods(PORT.namespace).find((p) => p.metadata.name === 'port-holder');
  const node = holder?.spec.nodeName;
  expect(node, 'the seed binds port-holder to a node').toBeTruthy();
  const nodePage = new NodePage(page);
  await nodePage.goto(node!);
  await expectLive(page);
  const cause = nodePage.agent(PORT.namespace, PORT.name).getByTestId('agent-cause');
  await expect(cause).toHaveAttribute('data-source', 'scheduler');
  await expect(cause).toContainText('not placed: host port');
  await expect(cause).toContainText("didn't have free ports for the requested pod ports");
  await expect(cause.getByTestId('cause-hint')).toContainText(`free port 5140 on node ${node}`);
  await saveScreenshot(page, 'node-cause');
});
