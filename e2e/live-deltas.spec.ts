import { expect, test, type Page } from '@playwright/test';
import { kubectl } from './support/kubectl';
import { LOGSTASH, plainWorker } from './support/seed';
import { AgentPage, expectLive } from './pages/console';

/**
 * The agent page stays live by deltas: its stream names the DaemonSet detail it holds, a change
 * arrives as a delta and repaints the cell without any refetch. `?live=refetch` keeps the design
 * before deltas (version events, then a refetch), for comparison.
 */

const detailPath = `/daemonsets/${LOGSTASH.namespace}/${LOGSTASH.name}`;

/** Label the plain worker so logstash-input becomes eligible there, and put it back. */
async function flipCell(page: Page, agent: AgentPage, node: string) {
  await expect(agent.cell(node)).toHaveAttribute('data-state', 'ineligible');
  kubectl('label', 'node', node, 'anyrobot-app=true', '--overwrite');
  try {
    await expect(agent.cell(node)).not.toHaveAttribute('data-state', 'ineligible', { timeout: 15_000 });
  } finally {
    kubectl('label', 'node', node, 'anyrobot-app-');
  }
  await expect(agent.cell(node)).toHaveAttribute('data-state', 'ineligible', { timeout: 15_000 });
}

test('a change reaches the grid as a delta: the stream names the view, nothing is refetched', async ({ page }) => {
  test.setTimeout(120_000);
  const node = plainWorker();
  const streams: string[] = [];
  const detailReads: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.endsWith('/events') && !url.searchParams.has('probe')) streams.push(decodeURIComponent(url.search));
    if (url.pathname.endsWith(detailPath)) detailReads.push(url.pathname);
  });
  const agent = new AgentPage(page);
  await agent.goto(LOGSTASH.namespace, LOGSTASH.name);
  await expectLive(page);
  await expect.poll(() => streams.some((s) => s.includes(`view=daemonset:${LOGSTASH.namespace}/${LOGSTASH.name}@`))).toBe(true);
  await flipCell(page, agent, node);
  expect(detailReads, 'the detail came with the HTML and was kept by deltas').toEqual([]);
});

test('?live=refetch keeps the refetch design: a plain stream, and the detail is fetched again', async ({ page }) => {
  test.setTimeout(120_000);
  const node = plainWorker();
  const streams: string[] = [];
  let detailReads = 0;
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.endsWith('/events') && !url.searchParams.has('probe')) streams.push(url.search);
    if (url.pathname.endsWith(detailPath)) detailReads++;
  });
  const agent = new AgentPage(page);
  await agent.goto(LOGSTASH.namespace, LOGSTASH.name, 'live=refetch');
  await expectLive(page);
  await flipCell(page, agent, node);
  expect(streams.every((s) => !s.includes('view='))).toBe(true);
  expect(detailReads).toBeGreaterThan(0);
});
