import { expect, test } from '@playwright/test';
import { daemonSet, kubectl, kubectlJson, podsOf } from './support/kubectl';
import { LOGSTASH, NODE_EXPORTER } from './support/seed';
import { AgentPage, expectLive, NodePage, saveScreenshot } from './pages/console';

test.describe.configure({ mode: 'serial' });

test('Restart from the UI: the grid shows the rollout progressing and completing', async ({ page }) => {
  test.setTimeout(300_000);
  const agent = new AgentPage(page);
  await agent.goto(NODE_EXPORTER.namespace, NODE_EXPORTER.name, 'density=comfortable');
  await expectLive(page);
  const before = daemonSet(NODE_EXPORTER.namespace, NODE_EXPORTER.name).metadata.generation;

  await agent.restartButton.click();
  await expect(agent.dialog).toBeVisible();
  await expect(page.getByTestId('confirm-summary')).toContainText(/^Restart node-exporter: \d+ pods replaced, at most \d+ unavailable at a time\.$/);
  await saveScreenshot(page, 'dialog-restart', { fullPage: false });
  // kwok rolls 29 pods in seconds: record every state the page renders instead of polling for it.
  await page.evaluate(() => {
    const seen = new Set<string>();
    (window as unknown as { __seen: Set<string> }).__seen = seen;
    const record = () => {
      document.querySelectorAll('[data-testid="grid-cell"]').forEach((c) => seen.add(`cell:${c.getAttribute('data-state')}`));
      const phase = document.querySelector('[data-testid="rollout-phase"]')?.textContent;
      if (phase) seen.add(`phase:${phase.replace(/ ·.*/, '')}`);
      if (document.querySelector('[data-testid="action-banner"]')?.textContent?.includes('Rolling out')) seen.add('banner:rolling');
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.getByTestId('confirm-action').click();
  await expect(agent.dialog).toBeHidden();
  await expect(agent.banner).toContainText('restarted');

  // Progress: old-revision cells and an in-progress rollout were on screen while it ran...
  await expect(async () => {
    const seen = await page.evaluate(() => [...(window as unknown as { __seen: Set<string> }).__seen]);
    expect(seen).toContain('cell:outdated');
    expect(seen).toContain('phase:In progress');
    expect(seen).toContain('banner:rolling');
  }).toPass({ timeout: 60_000 });
  // ...and it completes: no old revision left, the banner says so.
  await expect(agent.banner).toHaveAttribute('data-done', 'true', { timeout: 240_000 });
  await expect(agent.cellsIn('outdated')).toHaveCount(0);
  await expect(page.getByTestId('rollout-phase')).toHaveText('Complete');
  expect(daemonSet(NODE_EXPORTER.namespace, NODE_EXPORTER.name).metadata.generation).toBeGreaterThan(before);
  await saveScreenshot(page, 'agent-after-restart');
});

test('Rollback to the previous revision from the UI restores the template', async ({ page }) => {
  test.setTimeout(180_000);
  const { namespace, name } = LOGSTASH;
  const marker = `e2e-${Date.now()}`;
  const uid = daemonSet(namespace, name).metadata.uid;
  const history = () =>
    kubectlJson<{ items: { metadata: { name: string; ownerReferences?: { uid: string }[] }; revision: number; data?: { spec?: { template?: { metadata?: { annotations?: Record<string, string> } } } } }[] }>('get', 'controllerrevisions', '-n', namespace)
      .items.filter((r) => r.metadata.ownerReferences?.some((o) => o.uid === uid))
      .sort((a, b) => b.revision - a.revision);
  // A template change makes a new revision; rolling back must remove it again.
  kubectl('-n', namespace, 'patch', 'daemonset', name, '--type=merge', '-p', JSON.stringify({ spec: { template: { metadata: { annotations: { 'everynode.e2e/marker': marker } } } } }));

  const agent = new AgentPage(page);
  await agent.goto(namespace, name);
  const revisions = page.getByTestId('revision');
  // Wait for the marker's own revision at the top (earlier runs may have left older ones).
  await expect.poll(() => history()[0]?.data?.spec?.template?.metadata?.annotations?.['everynode.e2e/marker']).toBe(marker);
  const markerRevision = history()[0]!.revision;
  await expect(revisions.first()).toHaveAttribute('data-revision', String(markerRevision));
  const previous = Number(await revisions.nth(1).getAttribute('data-revision'));
  const before = history().find((r) => r.revision === previous)!;
  const previousName = before.metadata.name;
  // Earlier runs may have left their own marker in that revision: the live template must get it back.
  const previousMarker = before.data?.spec?.template?.metadata?.annotations?.['everynode.e2e/marker'];
  expect(previousMarker).not.toBe(marker);

  await agent.revision(previous).locator('summary').click();
  await expect(agent.revision(previous).getByTestId('diff')).toContainText(marker);
  await agent.page.getByTestId(`rollback-${previous}`).click();
  await expect(page.getByTestId('confirm-summary')).toContainText(`Roll back ${name} to revision ${previous}`);
  await page.getByTestId('confirm-action').click();
  await expect(agent.banner).toBeVisible();

  // The live template lost this run's marker, and the current revision is the old one (the controller
  // renumbers it to the top rather than creating a new one).
  await expect(async () => {
    const ds = daemonSet(namespace, name);
    expect(ds.spec.template.metadata?.annotations?.['everynode.e2e/marker']).toBe(previousMarker);
    expect(history()[0]!.metadata.name).toBe(previousName);
  }).toPass({ timeout: 30_000 });
  const current = history()[0]!.revision;
  expect(current).toBeGreaterThan(previous);
  // The page follows: the top revision is that renumbered one.
  await expect(revisions.first()).toHaveAttribute('data-revision', String(current));
});

test('Recreate pod from the node page puts a new pod on that node', async ({ page }) => {
  test.setTimeout(120_000);
  const { namespace, name } = NODE_EXPORTER;
  const pod = podsOf(namespace, name).find((p) => p.status.phase === 'Running');
  expect(pod, 'a running node-exporter pod').toBeTruthy();
  const node = pod!.spec.nodeName!;

  const nodePage = new NodePage(page);
  await nodePage.goto(node);
  const row = nodePage.agent(namespace, name);
  await row.getByTestId(`recreate-${namespace}-${name}`).click();
  await expect(page.getByTestId('confirm-summary')).toHaveText(
    `Delete pod ${pod!.metadata.name} on ${node}; the DaemonSet controller creates a new ${name} pod on ${node}.`,
  );
  await page.getByTestId('confirm-action').click();
  await expect(page.getByTestId('confirm-dialog')).toBeHidden();

  await expect(async () => {
    const now = podsOf(namespace, name, node);
    expect(now.some((p) => p.metadata.uid !== pod!.metadata.uid)).toBe(true);
  }).toPass({ timeout: 60_000 });
  // The page shows the new pod without a reload.
  await expect(row.locator('[data-testid="pod"]').first()).not.toHaveAttribute('data-pod', pod!.metadata.name, { timeout: 30_000 });
});
