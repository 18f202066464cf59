import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { NodePage, saveScreenshot } from './pages/console';
import { applyPinnedLogs } from '../cluster/lib/pin-logs';
import { KUBECONFIG } from './env';
import { kubectl, kubectlJson } from './support/kubectl';

/**
 * Issue #16 in the browser, against the seeded cluster's real pods/log (kwok serves the seed's
 * log files): the previous log of a crash-looping agent on its node page, and one search across
 * an agent's nodes whose answer highlights the matching nodes and opens each log at the match.
 * What the page must show is read from the API server with kubectl, not written down here.
 */

interface Pod {
  metadata: { name: string; namespace: string; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: { containerStatuses?: { name: string; restartCount: number; state?: { waiting?: { reason?: string } } }[] };
}

const livePods = (namespace: string, selector: string) =>
  kubectlJson<{ items: Pod[] }>('get', 'pods', '-n', namespace, '-l', selector).items.filter((p) => !p.metadata.deletionTimestamp && p.spec.nodeName);

test('the node page of a crash-looping agent shows its previous container log', async ({ page }) => {
  const crashing = livePods('kube-system', 'app.kubernetes.io/name=nvidia-device-plugin').find((p) =>
    p.status.containerStatuses?.some((c) => c.state?.waiting?.reason === 'CrashLoopBackOff' && c.restartCount > 0),
  );
  expect(crashing, 'a crash-looping nvidia-device-plugin pod in the seed').toBeDefined();
  const node = crashing!.spec.nodeName!;
  const previous = kubectl('logs', '-n', 'kube-system', crashing!.metadata.name, '--previous', '--tail=1000').trimEnd().split('\n');
  const current = kubectl('logs', '-n', 'kube-system', crashing!.metadata.name, '--tail=1000');
  const onlyPrevious = previous.find((l) => l.trim() && !current.includes(l));
  expect(onlyPrevious, 'a line the previous container wrote and the current one did not').toBeDefined();

  const nodePage = new NodePage(page);
  await nodePage.goto(node);
  await nodePage.agent('kube-system', 'nvidia-device-plugin').getByTestId('open-logs').click();
  const viewer = page.getByTestId('log-viewer');
  await expect(viewer).toContainText(`kube-system/nvidia-device-plugin on ${node}`);
  await expect(viewer.getByTestId('log-previous')).not.toBeChecked();
  await expect(viewer.getByTestId('log-status')).toHaveAttribute('data-status', /streaming|done/);
  await expect(viewer.getByTestId('log-lines')).not.toContainText(onlyPrevious!);
  // The restarts are called out: the previous container is what explains a CrashLoopBackOff.
  await expect(viewer.getByText(/Previous container \(\d+ restarts?\)/)).toBeVisible();
  await viewer.getByTestId('log-previous').check();
  await expect(viewer.getByTestId('log-lines')).toContainText(onlyPrevious!);
  await expect(viewer.getByTestId('log-status')).toContainText(`${previous.length} lines · previous container`);
  await expect(page).toHaveURL(/[?&]logs=kube-system%2Fnvidia-device-plugin/);
  await saveScreenshot(page, 'logs-previous');
});

test('a search for "connection refused" highlights exactly the nodes that log it and opens a log at the match', async ({ page }) => {
  // The seed's "connection refused" logs follow pods by name; an earlier spec may have replaced the
  // logstash pods (the rollback test does), so they are put on the pods that run now.
  await applyPinnedLogs(KUBECONFIG, resolve('cluster/scenarios/seed.yaml'), process.cwd());
  const pods = livePods('anyrobot', 'app=logstash-input');
  const refusing = () =>
    pods
      .filter((p) => /connection refused/i.test(kubectl('logs', '-n', 'anyrobot', p.metadata.name, '--tail=1000')))
      .map((p) => p.spec.nodeName!)
      .sort();
  await expect.poll(() => refusing().length, { message: 'kwok serves the pinned logs' }).toBeGreaterThan(0);
  const expected = refusing();
  expect(expected.length).toBeLessThan(pods.length);

  await page.goto('/agents/anyrobot/logstash-input');
  const search = page.getByTestId('log-search');
  await search.getByTestId('log-search-pattern').fill('connection refused');
  await search.getByTestId('log-search-run').click();
  const progress = search.getByTestId('log-search-progress');
  await expect(progress).toHaveAttribute('data-running', 'false');
  await expect(progress).toContainText(`${pods.length} of ${pods.length} nodes answered`);
  const matchedTiles = search.locator('[data-testid="log-search-node"][data-status="matched"]');
  await expect(matchedTiles).toHaveCount(expected.length);
  expect((await matchedTiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-node')))).sort()).toEqual(expected);
  await expect(search.locator('[data-testid="log-search-node"][data-status="clean"]')).toHaveCount(pods.length - expected.length);
  await expect(search.getByTestId('log-search-match')).toHaveCount(expected.length);
  await saveScreenshot(page, 'logs-search');

  const target = expected[0]!;
  await search.locator(`[data-testid="log-search-node"][data-node="${target}"] a`).click();
  await expect(page.getByTestId('node-title')).toHaveText(target);
  const viewer = page.getByTestId('log-viewer');
  await expect(viewer.getByTestId('log-find')).toHaveValue('connection refused');
  const current = viewer.locator('[data-testid="log-line"][data-current="true"]');
  await expect(current).toBeVisible();
  await expect(current.locator('mark').first()).toHaveText(/connection refused/i);
  // At the latest match: the count says so.
  const matches = kubectl('logs', '-n', 'anyrobot', pods.find((p) => p.spec.nodeName === target)!.metadata.name, '--tail=1000')
    .split('\n')
    .filter((l) => /connection refused/i.test(l)).length;
  await expect(viewer.getByTestId('log-find-count')).toHaveText(`${matches}/${matches}`);
  await saveScreenshot(page, 'logs-at-match');
});
