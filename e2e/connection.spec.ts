import { expect, test } from '@playwright/test';
import { NODE_EXPORTER } from './support/seed';
import { AgentPage, saveScreenshot } from './pages/console';

/**
 * The live stream lost: the browser cannot reach the event stream (its own network failing, the
 * server down). The page must say so — reconnecting, then stale after 15 s — and recover by
 * itself once the stream is reachable again, without a reload.
 */
test('a lost event stream is shown as reconnecting, then stale, and the page recovers by itself', async ({ page }) => {
  test.setTimeout(90_000);
  let refused = 0;
  // The stream URL carries the views the tab holds (?view=…): match the path, whatever the query.
  const stream = /\/api\/clusters\/[^/]+\/events(\?|$)/;
  await page.route(stream, (route) => {
    refused++;
    return route.abort('connectionrefused');
  });
  const agent = new AgentPage(page);
  await agent.goto(NODE_EXPORTER.namespace, NODE_EXPORTER.name);
  const connection = page.getByTestId('connection');

  await expect(connection).toHaveAttribute('data-tone', 'busy');
  await expect(connection).toHaveText('Reconnecting…');
  // Past STALE_AFTER_MS the words change: the data on screen may be out of date.
  await expect(connection).toHaveText(/^Stale since \d\d:\d\d:\d\d$/, { timeout: 30_000 });
  await expect(connection).toHaveAttribute('data-tone', 'stale');
  await expect(connection).toHaveAttribute('title', /live stream to the server is down/);
  expect(refused).toBeGreaterThan(1); // it kept retrying
  await saveScreenshot(page, 'connection-stale', { fullPage: false });

  await page.unroute(stream);
  await expect(connection).toHaveAttribute('data-tone', 'live', { timeout: 30_000 });
  await expect(connection).toHaveText('Live');
  await expect(agent.grid).toBeVisible();
});
