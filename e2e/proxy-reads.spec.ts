import { expect, test } from '@playwright/test';
import { PROXY_BASE_URL } from './env';
import { daemonSets, kubectl, podsOf } from './support/kubectl';
import { LOGSTASH, NODE_EXPORTER } from './support/seed';
import { saveScreenshot } from './pages/console';

/**
 * Auth-proxy mode (the third web server of playwright.config.ts): the proxy's header names a
 * person bound to a view Role in one namespace only. The overview and the matrix must show that
 * namespace's agents and nothing else, and say which right hides the rest.
 */
const NS = NODE_EXPORTER.namespace;
const USER = `e2e-ns-viewer-${Date.now().toString(36)}`;
const ROLE = `${USER}-view`;

test.use({ baseURL: PROXY_BASE_URL, extraHTTPHeaders: { 'X-Forwarded-User': USER } });

test.beforeAll(() => {
  kubectl('create', 'role', ROLE, '-n', NS, '--verb=get,list,watch', '--resource=daemonsets.apps,controllerrevisions.apps,pods,events');
  kubectl('create', 'rolebinding', ROLE, '-n', NS, `--role=${ROLE}`, `--user=${USER}`);
});

test.afterAll(() => {
  kubectl('delete', 'rolebinding', ROLE, '-n', NS, '--ignore-not-found');
  kubectl('delete', 'role', ROLE, '-n', NS, '--ignore-not-found');
});

test('a person who may read one namespace sees only its agents in the overview and the matrix', async ({ page }) => {
  const theirs = daemonSets()
    .filter((d) => d.metadata.namespace === NS)
    .map((d) => `${NS}/${d.metadata.name}`)
    .sort();
  expect(theirs).toContain(`${NS}/${NODE_EXPORTER.name}`);
  const podNodes = [...new Set(daemonSets().filter((d) => d.metadata.namespace === NS).flatMap((d) => podsOf(NS, d.metadata.name).flatMap((p) => (p.spec.nodeName ? [p.spec.nodeName] : []))))].sort();

  await page.goto('/');
  await expect(page.getByTestId('agent-table')).toBeVisible();
  const rows = page.getByTestId('agent-row');
  await expect(rows).toHaveCount(theirs.length);
  expect((await rows.evaluateAll((rs) => rs.map((r) => (r as HTMLElement).dataset.agent ?? ''))).sort()).toEqual(theirs);
  await expect(page.getByTestId('access-limits')).toContainText('you may not list nodes');
  await saveScreenshot(page, 'proxy-overview');

  await page.goto('/matrix');
  await expect(page.getByTestId('matrix')).toBeVisible();
  const columns = page.locator('[data-testid="matrix"] [role="columnheader"][title]');
  expect((await columns.evaluateAll((cs) => cs.map((c) => c.getAttribute('title') ?? ''))).sort()).toEqual(theirs);
  // Without `list nodes`, the rows are the nodes their own pods run on.
  const nodes = await page.getByTestId('matrix-row').evaluateAll((rs) => rs.map((r) => (r as HTMLElement).dataset.node ?? ''));
  expect(nodes.sort()).toEqual(podNodes);
  await saveScreenshot(page, 'proxy-matrix');

  // An agent elsewhere is absent, exactly like one that does not exist.
  const res = await page.request.get(`/api/clusters/${await currentContext(page)}/daemonsets/${LOGSTASH.namespace}/${LOGSTASH.name}`);
  expect(res.status()).toBe(404);
});

async function currentContext(page: import('@playwright/test').Page): Promise<string> {
  const res = await page.request.get('/api/clusters');
  const body = (await res.json()) as { clusters: { name: string; current: boolean }[] };
  return body.clusters.find((c) => c.current)!.name;
}
