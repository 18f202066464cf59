import { expect, test } from '@playwright/test';
import { kubectlSync } from '../test/support/kubectl';
import { KUBECONFIG } from './env';
import { daemonSet, kubectl } from './support/kubectl';
import { LOGSTASH } from './support/seed';
import { AgentPage, expectLive, saveScreenshot } from './pages/console';

/**
 * A failed action stays in its dialog, in words, and changes nothing: the Kubernetes API server
 * refusing it (a real 403, from an admission policy), and the browser's network failing.
 */
test.describe.configure({ mode: 'serial' });

const { namespace, name } = LOGSTASH;
const FROZEN = 'everynode.e2e/frozen';
const POLICY = 'everynode-e2e-freeze';
const MESSAGE = 'e2e: changes to this DaemonSet are frozen';

const apply = (objects: object[]) =>
  kubectlSync(KUBECONFIG, ['apply', '--server-side', '--field-manager=everynode-e2e', '--force-conflicts', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) });

/** Whether the API server already enforces the policy (it is compiled asynchronously). */
function frozen(): boolean {
  try {
    kubectl('-n', namespace, 'patch', 'daemonset', name, '--dry-run=server', '--type=merge', '-p', JSON.stringify({ spec: { template: { metadata: { annotations: { probe: '1' } } } } }));
    return false;
  } catch (err) {
    return String(err).includes(MESSAGE);
  }
}

test('the API server refuses the restart (403): the dialog shows its words and nothing changes', async ({ page }) => {
  test.setTimeout(120_000);
  // Denies every spec change to DaemonSets carrying the label. RBAC allows the change, so the
  // console's permission check enables the button; the API server itself answers 403.
  apply([
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: POLICY },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['daemonsets'] }] },
        validations: [{ expression: 'object.spec == oldObject.spec', message: MESSAGE }],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: POLICY },
      spec: { policyName: POLICY, validationActions: ['Deny'], matchResources: { objectSelector: { matchLabels: { [FROZEN]: 'true' } } } },
    },
  ]);
  kubectl('-n', namespace, 'label', 'daemonset', name, `${FROZEN}=true`, '--overwrite');
  try {
    await expect.poll(frozen, { timeout: 30_000 }).toBe(true);
    const generation = daemonSet(namespace, name).metadata.generation;

    const agent = new AgentPage(page);
    await agent.goto(namespace, name);
    await expectLive(page);
    await expect(agent.restartButton).toBeEnabled();
    await agent.restartButton.click();
    await page.getByTestId('confirm-action').click();

    const error = page.getByTestId('action-error');
    await expect(error).toContainText(MESSAGE);
    await expect(error).toContainText('denied request');
    await expect(agent.dialog).toBeVisible(); // the dialog stays, so the person can read it
    await expect(agent.banner).toHaveCount(0);
    await saveScreenshot(page, 'action-refused-403', { fullPage: false });
    expect(daemonSet(namespace, name).metadata.generation).toBe(generation);
  } finally {
    kubectl('-n', namespace, 'label', 'daemonset', name, `${FROZEN}-`);
    kubectl('delete', 'validatingadmissionpolicybinding,validatingadmissionpolicy', POLICY, '--ignore-not-found');
  }
});

test("the browser's network fails during the restart: the dialog says the server is unreachable and nothing changes", async ({ page }) => {
  const generation = daemonSet(namespace, name).metadata.generation;
  const agent = new AgentPage(page);
  await agent.goto(namespace, name);
  await expectLive(page);
  let posts = 0;
  await page.route('**/restart', (route) => {
    posts++;
    return route.abort('internetdisconnected');
  });
  await agent.restartButton.click();
  await page.getByTestId('confirm-action').click();
  await expect(page.getByTestId('action-error')).toHaveText('Cannot reach the Everynode server');
  await expect(agent.dialog).toBeVisible();
  await expect(page.getByTestId('confirm-action')).toBeEnabled(); // it may be tried again
  expect(posts).toBe(1);
  expect(daemonSet(namespace, name).metadata.generation).toBe(generation);
});
