import { expect, test, type Page } from '@playwright/test';
import { PROXY_BASE_URL, READONLY_BASE_URL } from './env';
import { daemonSet, kubectl } from './support/kubectl';
import { gpuNodes, NODE_EXPORTER } from './support/seed';
import { AgentPage, expectLive, NodePage, saveScreenshot } from './pages/console';

/**
 * Issue #14, parts 1–4 from the browser: a new image on node-exporter previewed and applied (the
 * grid shows the rollout completing), "Add this toleration" from a GPU node's page (the GPU nodes
 * gain the agent and turn ready), and no Change controls for a read-only server or a view-only
 * person. The seed is put back afterwards (template as it was, rollout settled).
 */
test.describe.configure({ mode: 'serial' });

const { namespace, name } = NODE_EXPORTER;
let original: { template: unknown; desired: number };

/** Until node-exporter's controller has caught up and every desired pod is updated and available. */
async function settled(): Promise<void> {
  await expect
    .poll(
      () => {
        const ds = daemonSet(namespace, name);
        const st = ds.status;
        return st.observedGeneration === ds.metadata.generation && st.updatedNumberScheduled === st.desiredNumberScheduled && st.numberAvailable === st.desiredNumberScheduled;
      },
      { timeout: 240_000 },
    )
    .toBe(true);
}

test.beforeAll(async () => {
  await settled();
  const ds = daemonSet(namespace, name) as unknown as { spec: { template: unknown }; status: { desiredNumberScheduled: number } };
  original = { template: ds.spec.template, desired: ds.status.desiredNumberScheduled };
});

test.afterAll(async () => {
  // Put the seed back: the template as it was (image, tolerations), then wait for the rollout.
  kubectl('-n', namespace, 'patch', 'daemonset', name, '--type=json', '-p', JSON.stringify([{ op: 'replace', path: '/spec/template', value: original.template }]));
  await settled();
});

async function openChange(page: Page) {
  await page.getByTestId('change-agent').click();
  const dialog = page.getByTestId('change-dialog');
  await expect(dialog.getByTestId('change-form')).toBeVisible();
  return dialog;
}

test('a new image: the preview says how many pods are replaced and how, apply rolls it out', async ({ page }) => {
  test.setTimeout(300_000);
  const agent = new AgentPage(page);
  await agent.goto(namespace, name, 'density=comfortable');
  await expectLive(page);
  const dialog = await openChange(page);
  await dialog.getByTestId('image-node-exporter').fill('prom/node-exporter:v1.8.2');
  await dialog.getByTestId('change-cause').fill('e2e: node-exporter v1.8.2');
  await dialog.getByTestId('preview-change').click();
  await expect(dialog.getByTestId('preview-summary')).toContainText(`${original.desired} pods replaced, 1 at a time`);
  await expect(dialog.getByTestId('count-replace')).toContainText(String(original.desired));
  await expect(dialog.getByTestId('dry-run')).toBeVisible();
  await expect(dialog.getByTestId('diff')).toContainText('prom/node-exporter:v1.8.2');
  await saveScreenshot(page, 'change-preview-image', { fullPage: false });

  await dialog.getByTestId('apply-now').click();
  await expect(dialog).toBeHidden();
  await expect(agent.banner).toContainText('daemonset.apps/node-exporter changed');
  await expect(agent.banner).toHaveAttribute('data-done', 'true', { timeout: 240_000 });
  await expect(agent.cellsIn('outdated')).toHaveCount(0);
  await expect(page.getByTestId('rollout-phase')).toHaveText('Complete');
  expect((daemonSet(namespace, name) as unknown as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template.spec.containers[0]!.image).toBe('prom/node-exporter:v1.8.2');
  await saveScreenshot(page, 'agent-after-change');
});

test('"Add this toleration" on a GPU node: the GPU nodes gain node-exporter and turn ready', async ({ page }) => {
  test.setTimeout(300_000);
  const gpus = gpuNodes().sort();
  expect(gpus.length).toBeGreaterThan(0);
  const node = new NodePage(page);
  await node.goto(gpus[0]!);
  await expectLive(page);
  await page.getByTestId('add-toleration-node-exporter').click();
  const dialog = page.getByTestId('change-dialog');
  // opens on the preview, prefilled with the hint's toleration
  await expect(dialog.getByTestId('change-preview')).toBeVisible();
  await expect(dialog.getByTestId('gain-list')).toHaveText(`Gain: ${gpus.join(', ')}`);
  await expect(dialog.getByTestId('count-gain')).toContainText(String(gpus.length));
  for (const g of gpus) await expect(dialog.locator(`[data-testid="preview-grid"] [data-node="${g}"]`)).toHaveAttribute('data-change', 'gain');
  await saveScreenshot(page, 'change-preview-toleration', { fullPage: false });
  await dialog.getByTestId('apply-now').click();
  await expect(dialog).toBeHidden();

  await expect(node.agent(namespace, name)).toHaveAttribute('data-state', 'ready', { timeout: 240_000 });
  const agent = new AgentPage(page);
  await agent.goto(namespace, name, 'density=comfortable');
  for (const g of gpus) await expect(agent.cell(g)).toHaveAttribute('data-state', 'ready', { timeout: 240_000 });
});

test('a read-only server and a view-only person see no Change controls', async ({ page }) => {
  const agent = new AgentPage(page);
  await agent.goto(namespace, name, '', READONLY_BASE_URL);
  await expect(page.getByTestId('permission-note')).toContainText(/read-only/i);
  await expect(page.getByTestId('change-agent')).toHaveCount(0);
  await page.goto(`${READONLY_BASE_URL}/nodes/${gpuNodes()[0]}`);
  await expect(page.getByTestId('node-title')).toBeVisible();
  await expect(page.getByTestId('excluded-agents')).toBeVisible();
  await expect(page.locator('[data-testid^="add-toleration-"]')).toHaveCount(0);

  const user = `e2e-change-viewer-${Date.now().toString(36)}`;
  kubectl('create', 'role', user, '-n', namespace, '--verb=get,list,watch', '--resource=daemonsets.apps,controllerrevisions.apps,pods,events');
  kubectl('create', 'rolebinding', user, '-n', namespace, `--role=${user}`, `--user=${user}`);
  try {
    await page.setExtraHTTPHeaders({ 'X-Forwarded-User': user });
    await agent.goto(namespace, name, '', PROXY_BASE_URL);
    await expect(page.getByTestId('restart-why')).toContainText(`may not patch daemonsets.apps`);
    await expect(page.getByTestId('change-agent')).toHaveCount(0);
  } finally {
    kubectl('delete', 'rolebinding', user, '-n', namespace, '--ignore-not-found');
    kubectl('delete', 'role', user, '-n', namespace, '--ignore-not-found');
  }
});
