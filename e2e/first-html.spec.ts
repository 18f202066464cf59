import { expect, test, type APIRequestContext } from '@playwright/test';
import { gpuNodes, NODE_EXPORTER, plainWorker, seedDaemonSets } from './support/seed';

/**
 * Pages arrive with their data in the first HTML (server prefetch), so the first paint needs
 * no fetch after the JS loads; the browser then holds that data under the keys its queries use
 * and does not ask for it again.
 */

/** The page's markup as plain HTTP returns it, without its scripts (which carry the data for React too). */
async function html(request: APIRequestContext, path: string): Promise<string> {
  const res = await request.get(path);
  expect(res.status()).toBe(200);
  return (await res.text()).replace(/<script\b[\s\S]*?<\/script>/g, '');
}

test('the overview, matrix, agent and node pages hold their data in the HTML, before any JS runs', async ({ request }) => {
  const node = plainWorker();
  const agent = `${NODE_EXPORTER.namespace}/${NODE_EXPORTER.name}`;

  const overview = await html(request, '/');
  for (const ds of seedDaemonSets()) expect(overview).toContain(`data-testid="agent-row" data-agent="${ds.metadata.namespace}/${ds.metadata.name}"`);

  expect(await html(request, '/matrix')).toMatch(/data-testid="matrix-row" data-node="[^"]+"/);

  // The grid's cells need the measured width (client only); its counts and the exclusions do not.
  const agentPage = await html(request, `/agents/${agent}`);
  expect(agentPage).toMatch(/data-testid="agent-title"[^>]*>node-exporter</);
  for (const gpu of gpuNodes()) expect(agentPage).toContain(gpu);

  const nodePage = await html(request, `/nodes/${node}`);
  expect(nodePage).toMatch(new RegExp(`data-testid="node-title"[^>]*>${node}<`));
  expect(nodePage).toContain(`data-testid="node-agent" data-agent="${agent}"`);
});

test('the browser does not fetch again what the HTML brought', async ({ page }) => {
  // A query the stream does not keep live by deltas (the staged-rollout view) is refetched 250 ms
  // after a version it does not hold — the cluster's Events move the version all the time. Such a
  // refetch is the live update working, not a second fetch of the HTML's data: it can only come
  // after the page opened its stream. What hydration would fetch again comes at once.
  const streamsOpened: number[] = [];
  const early: string[] = [];
  page.on('framenavigated', (f) => f === page.mainFrame() && (streamsOpened.length = 0)); // each document opens its own stream
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!url.pathname.startsWith('/api/')) return;
    if (url.pathname.endsWith('/events')) {
      if (!url.searchParams.has('probe')) streamsOpened.push(Date.now());
      return;
    }
    const stream = streamsOpened.at(-1);
    if (stream === undefined || Date.now() - stream < 250) early.push(url.pathname);
  });
  await page.goto('/matrix');
  await expect(page.getByTestId('matrix-row').first()).toBeVisible();
  await page.goto(`/agents/${NODE_EXPORTER.namespace}/${NODE_EXPORTER.name}`);
  await expect(page.getByTestId('grid-count')).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-tone', 'live');
  // Only what the server leaves to the browser: the viewer's own permissions.
  expect(early.filter((p) => !p.endsWith('/permissions'))).toEqual([]);
});

test('an unknown context renders at once without data; the browser then shows the route error', async ({ page, request }) => {
  // How fast is the bench's figure; here: the page is answered (no cache to wait for) and holds no data.
  const body = await html(request, '/?ctx=no-such-context');
  expect(body).toContain('</html>');
  expect(body).not.toContain('data-testid="agent-row"');
  await page.goto('/?ctx=no-such-context');
  await expect(page.getByText('unknown context "no-such-context"')).toBeVisible();
});
