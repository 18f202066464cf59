import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { kubectlSync } from '../test/support/kubectl';
import { KUBECONFIG } from './env';
import { kubectl, kubectlJson } from './support/kubectl';
import { AgentPage, expectLive, saveScreenshot } from './pages/console';

/**
 * Issue #15 in the browser: start a staged rollout from the agent page, watch the canary pause
 * with the node named, resume, and see it complete. The agent is the spec's own (its own
 * namespace, deleted afterwards), so the seed stays as it was. Its pods are kwok "slow-ready"
 * (Ready 8 s after start) and the plan's ready timeout is 4 s: each step's new pods pause the
 * plan once, and a person resumes past them.
 */
const NS = 'staged-e2e';
const NAME = 'canaried';
const strategy = () => kubectlJson<{ spec: { updateStrategy: unknown } }>('get', 'daemonset', '-n', NS, NAME).spec.updateStrategy;

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  const ds = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: NAME, namespace: NS },
    spec: {
      selector: { matchLabels: { app: NAME } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '100%' } },
      template: {
        metadata: { labels: { app: NAME }, annotations: { 'everynode.dev/simulate': 'slow-ready', 'everynode.dev/ready-after': '8s' } },
        spec: { containers: [{ name: 'agent', image: 'registry.local/agent:1' }] },
      },
    },
  };
  kubectlSync(KUBECONFIG, ['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }, ds] }) });
  kubectl('-n', NS, 'rollout', 'status', `daemonset/${NAME}`, '--timeout=120s');
});

test.afterAll(() => {
  kubectl('delete', 'namespace', NS, '--ignore-not-found', '--wait=true', '--timeout=120s');
});

test('plan → canary → pause naming the node → resume → complete', async ({ page }) => {
  test.setTimeout(240_000);
  const agent = new AgentPage(page);
  await agent.goto(NS, NAME, 'density=comfortable');
  await expectLive(page);

  await page.getByTestId('staged-start').click();
  await expect(page.getByTestId('staged-form')).toBeVisible();
  await expect(page.getByTestId('staged-image-0')).toHaveValue('registry.local/agent:1');
  await page.getByTestId('staged-image-0').fill('registry.local/agent:2');
  await page.getByTestId('staged-waves').fill('100');
  await page.getByTestId('staged-soak').fill('2');
  await page.getByTestId('staged-ready-timeout').fill('4');
  await saveScreenshot(page, 'dialog-staged-start', { fullPage: false });
  await page.getByTestId('confirm-action').click();
  await expect(agent.dialog).toBeHidden();

  const panel = page.getByTestId('staged-panel');
  await expect(panel).toBeVisible();
  expect(strategy()).toEqual({ type: 'OnDelete' });

  // The canary's new pod is not Ready within 4 s: the plan pauses and says which pod on which node.
  await expect(page.getByTestId('staged-phase')).toHaveText('paused · canary', { timeout: 60_000 });
  const reason = page.getByTestId('staged-reason');
  await expect(reason).toContainText(/Paused: pod canaried-\S+ on node \S+ not Ready after \d+ s/);
  const node = /on node (\S+) not Ready/.exec((await reason.textContent()) ?? '')![1]!;
  await expect(page.getByTestId('staged-step-0')).toContainText(node);
  await expect(page.getByTestId('staged-step-1')).toHaveAttribute('data-state', 'pending');
  // The grid rings the current step's node and marks the others as waiting for a later wave.
  await expect(agent.cell(node)).toHaveAttribute('data-staged', 'current');
  await expect(agent.grid.locator('[data-staged="waiting"]')).toHaveCount(await page.getByTestId('staged-step-1').getByRole('link').count() + Number(/\+(\d+) more/.exec((await page.getByTestId('staged-step-1').textContent()) ?? '')?.[1] ?? 0));
  await saveScreenshot(page, 'agent-staged-paused');
  const axe = await new AxeBuilder({ page }).include('[data-testid="staged-panel"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Resume past it; the wave's pods then pause it once more the same way; resume again.
  const resume = async () => {
    await page.getByTestId('staged-resume').click();
    await page.getByTestId('confirm-action').click();
    await expect(agent.dialog).toBeHidden();
  };
  await resume();
  await expect(page.getByTestId('staged-phase')).toHaveText('paused · wave 1/1', { timeout: 90_000 });
  await expect(page.getByTestId('staged-step-0')).toHaveAttribute('data-state', 'done');
  // Resume acknowledges the pods failing at that moment; a pod of the wave created after it (the
  // wave's deletions can span the pause) times out again and pauses the plan once more — naming
  // another pod, since an acknowledged one never pauses it again. The running moment in between
  // can be shorter than a repaint, so progress is read from the reason, not from seeing "running".
  const phase = page.getByTestId('staged-phase');
  for (let resumes = 0; (await phase.textContent()) !== 'completed · wave 1/1'; resumes++) {
    expect(resumes, 'resumes needed to finish the wave').toBeLessThan(4);
    const pausedFor = (await reason.allTextContents())[0];
    await resume();
    await expect(async () => {
      const now = (await phase.allTextContents())[0];
      const moved = now === 'completed · wave 1/1' || (now === 'paused · wave 1/1' && (await reason.allTextContents())[0] !== pausedFor);
      expect(moved, `after a resume: "${now}", ${pausedFor}`).toBe(true);
    }).toPass({ timeout: 120_000 });
  }

  await expect(page.getByTestId('staged-status')).toHaveText('completed: every node runs the new template');
  expect(strategy()).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '100%', maxSurge: 0 } });
  await expect(page.getByTestId('rollout-phase')).toHaveText('Complete', { timeout: 30_000 });
  await saveScreenshot(page, 'agent-staged-completed');
});

test('Change… → preview → "Stage this change…" rolls the previewed template out as a plan; abort puts it back', async ({ page }) => {
  test.setTimeout(180_000);
  const imageNow = () => kubectlJson<{ spec: { template: { spec: { containers: { image: string }[] } } } }>('get', 'daemonset', '-n', NS, NAME).spec.template.spec.containers[0]!.image;
  const before = imageNow();
  const agent = new AgentPage(page);
  await agent.goto(NS, NAME, 'density=comfortable');
  await expectLive(page);

  await page.getByTestId('change-agent').click();
  const dialog = page.getByTestId('change-dialog');
  await expect(dialog.getByTestId('change-form')).toBeVisible();
  await dialog.getByTestId('image-agent').fill('registry.local/agent:3');
  await dialog.getByTestId('preview-change').click();
  await expect(dialog.getByTestId('change-preview')).toBeVisible();
  // The plan form opens on the previewed template: its images are the change's.
  await dialog.getByTestId('stage-change').click();
  await expect(page.getByTestId('staged-image-0')).toHaveValue('registry.local/agent:3');
  await page.getByTestId('staged-waves').fill('100');
  await saveScreenshot(page, 'change-stage-this-change', { fullPage: false });
  await page.getByTestId('confirm-action').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('staged-panel')).toBeVisible();
  expect(imageNow()).toBe('registry.local/agent:3');
  expect(strategy()).toEqual({ type: 'OnDelete' });

  await page.getByTestId('staged-abort').click();
  await page.getByTestId('confirm-action').click();
  await expect(page.getByTestId('staged-phase')).toHaveText(/^aborted/, { timeout: 60_000 });
  expect(imageNow()).toBe(before);
  expect(strategy()).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '100%', maxSurge: 0 } });
});
