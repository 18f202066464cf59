/**
 * Issue 7: Everynode deployed in the cluster it watches.
 * - deploy/ applies cleanly, server-side, and the restricted Pod Security level admits its pods;
 * - run as its ServiceAccount (token + cluster CA only, as in a pod), the console serves every
 *   page and performs every action: the ClusterRole is sufficient;
 * - with any single verb taken out of the ClusterRole, some page or action fails: every verb is
 *   necessary;
 * - the read-only overlay serves every page with its trimmed role and refuses every action;
 * - in auth-proxy mode the API server refuses an action a person's RBAC forbids (403 shown),
 *   although the ServiceAccount itself could have done it.
 * The console is the production build run as the image runs it (deploy/run-standalone.sh); the
 * test fails unless an up-to-date .next/standalone exists.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ActionResponse, ErrorResponse, PermissionsResponse } from '@/lib/api/dto';
import { assertStandaloneBuild, canMountServiceAccount, layoutImage, startStandalone, type ConsoleSettings, type ConsoleUnderTest } from '../deploy/console';
import { exerciseConsole, postAction, type Outcome, type Target } from '../deploy/exercise';
import { createFixture, waitDaemonSetReady, type DeployFixture } from '../deploy/fixture';
import { applyObjects, canI, kubectl } from '../support/kubectl';
import { until } from '../support/until';
import { applyKustomization, configEnv, deleteKustomization, KUSTOMIZATIONS, render } from '../deploy/manifests';
import { findClusterRole, grantName, grantsOf, withoutGrant, type ClusterRole, type Grant } from '../deploy/rbac';
import { createToken, endpointOf, IN_CLUSTER_CONTEXT, serviceAccountKubeconfig, serviceAddress, writeServiceAccountVolume } from '../deploy/service-account';

const SA = { namespace: 'everynode', name: 'everynode' };
const SA_USER = `system:serviceaccount:${SA.namespace}:${SA.name}`;

const baseManifests = render(KUSTOMIZATIONS.base);
const baseRole = findClusterRole(baseManifests, 'everynode');
const grants = grantsOf(baseRole);

let admin: string;
let work: string;
let saKubeconfig: string;
let inCluster: ConsoleSettings['inCluster'];
let baseApplyWarnings = '';
let fixture: DeployFixture;
let target: Target;
const necessity: { grant: string; failedStep: string; reason: string }[] = [];

async function startConsole(env: Record<string, string>): Promise<ConsoleUnderTest> {
  const settings: ConsoleSettings = { kubeconfig: saKubeconfig, inCluster, env };
  return startStandalone(path.join(work, 'image'), settings);
}

/** Starts a console with `env`, runs every step, and always stops the console. */
async function exercise(env: Record<string, string>, opts: Parameters<typeof exerciseConsole>[3] = {}): Promise<Outcome & { output: string }> {
  await resetDaemonSet();
  const console_ = await startConsole(env);
  try {
    const outcome = await exerciseConsole(console_, target, admin, opts);
    return { ...outcome, output: console_.output() };
  } finally {
    await console_.close();
  }
}

/** Replaces the ClusterRole and waits until the authorizer answers `can-i` accordingly. */
async function useRole(role: ClusterRole, removed?: Grant): Promise<void> {
  await kubectl(admin, ['replace', '-f', '-'], { input: JSON.stringify(role) });
  // Every grant the role keeps must be in force, and the removed one gone, before the console starts.
  const checks = [...grantsOf(role).map((g) => [g, true] as const), ...(removed ? [[removed, false] as const] : [])];
  await until(
    `RBAC to reflect the ClusterRole${removed ? ` without ${grantName(removed)}` : ''}`,
    async () => {
      for (const [g, expected] of checks) {
        if ((await canI(admin, [g.verb, g.group ? `${g.resource}.${g.group}` : g.resource, '--all-namespaces', `--as=${SA_USER}`])) !== expected) return false;
      }
      return true;
    },
    10_000,
  );
}

/**
 * Puts the test DaemonSet back to its first template (no restartedAt stamp), settled, so every
 * run starts from the same state whatever the previous run got through.
 */
async function resetDaemonSet(): Promise<void> {
  const stdout = await kubectl(admin, ['get', 'daemonset', fixture.daemonSet, '-n', fixture.namespace, '-o', 'json']);
  const ds = JSON.parse(stdout) as { metadata: { annotations?: Record<string, string> }; spec: { template: { metadata: { annotations?: Record<string, string> } } } };
  const pointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
  const ops: object[] = [];
  for (const key of ['kubectl.kubernetes.io/restartedAt', 'everynode.dev/deploy-probe']) {
    if (ds.spec.template.metadata.annotations?.[key] !== undefined) ops.push({ op: 'remove', path: `/spec/template/metadata/annotations/${pointer(key)}` });
  }
  // A staged rollout the last run left (a run without a Lease verb never finishes its plan).
  const annotations = ds.metadata.annotations ?? {};
  const original = annotations['everynode.dev/rollout-original-strategy'];
  if (original) ops.push({ op: 'replace', path: '/spec/updateStrategy', value: JSON.parse(original) });
  for (const key of Object.keys(annotations).filter((k) => k.startsWith('everynode.dev/rollout-'))) ops.push({ op: 'remove', path: `/metadata/annotations/${pointer(key)}` });
  if (ops.length > 0) await kubectl(admin, ['patch', 'daemonset', fixture.daemonSet, '-n', fixture.namespace, '--type=json', '-p', JSON.stringify(ops)]);
  await kubectl(admin, ['delete', 'lease', `everynode-rollout-${fixture.daemonSet}`, '-n', fixture.namespace, '--ignore-not-found']);
  await waitDaemonSetReady(admin, fixture.namespace, fixture.daemonSet, fixture.nodes.length);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * How Kubernetes refuses `g` to the ServiceAccount: the API server's 403 (`cannot list resource
 * "nodes" in API group ""`, quotes possibly JSON-escaped in a log line) or, before an action,
 * the access review's "may not".
 */
function refusalOf(g: Grant): RegExp {
  const q = '\\\\?"';
  const forbidden = `cannot ${g.verb} resource ${q}${escape(g.resource)}${q} in API group ${q}${escape(g.group)}${q}`;
  const reviewed = `${escape(SA_USER)} may not ${g.verb} ${escape(g.group ? `${g.resource}.${g.group}` : g.resource)} in namespace`;
  return new RegExp(`${forbidden}|${reviewed}`);
}

const envOf = (dir: (typeof KUSTOMIZATIONS)[keyof typeof KUSTOMIZATIONS]) => configEnv(render(dir));

describe('Everynode in the cluster (the standalone build, run as the image runs it)', () => {
  beforeAll(async () => {
    admin = process.env.EVERYNODE_KUBECONFIG ?? '';
    if (!admin) throw new Error('EVERYNODE_KUBECONFIG is not set (the integration globalSetup sets it)');
    assertStandaloneBuild();
    work = mkdtempSync(path.join(os.tmpdir(), 'everynode-deploy-test-'));
    chmodSync(work, 0o755); // the image's server runs as uid 10001 and must reach its layout
    await layoutImage(path.join(work, 'image'));
    // A server-side dry run of a fresh install cannot pass (nothing is created, so the namespace
    // "does not exist" for the namespaced objects): the base is applied for real first.
    // A previous run's namespace may still be terminating.
    await kubectl(admin, ['wait', '--for=delete', `namespace/${SA.namespace}`, '--timeout=120s']).catch(() => undefined);
    baseApplyWarnings = await applyKustomization(admin, KUSTOMIZATIONS.base);
    // The console's credentials: a token of the ServiceAccount and the cluster CA, nothing else.
    const token = await createToken(admin, SA.namespace, SA.name);
    saKubeconfig = path.join(work, 'sa.kubeconfig');
    const endpoint = endpointOf(admin);
    writeFileSync(saKubeconfig, serviceAccountKubeconfig(endpoint, token, SA.namespace), { mode: 0o600 });
    if (canMountServiceAccount()) {
      const serviceAccountDir = path.join(work, 'serviceaccount');
      writeServiceAccountVolume(serviceAccountDir, endpoint, token, SA.namespace);
      inCluster = { serviceAccountDir, ...serviceAddress(endpoint) };
    }
    console.info(`deploy test: credentials: ${inCluster ? 'in-cluster service account volume' : 'service-account kubeconfig'}`);
    fixture = await createFixture(admin);
    target = { ctx: IN_CLUSTER_CONTEXT, namespace: fixture.namespace, daemonSet: fixture.daemonSet, nodes: fixture.nodes };
  });

  afterAll(async () => {
    // Pods go first, without a grace period: the namespace then disappears in seconds.
    await kubectl(admin, ['delete', 'pods', '--all', '-n', SA.namespace, '--force', '--grace-period=0']).catch(() => undefined);
    await deleteKustomization(admin, KUSTOMIZATIONS.authProxy).catch(() => undefined);
    await fixture?.cleanup().catch(() => undefined);
    if (work) rmSync(work, { recursive: true, force: true });
    if (necessity.length > 0) {
      console.info(`RBAC necessity (one verb removed at a time):\n${necessity.map((n) => `  − ${n.grant.padEnd(32)} → fails at "${n.failedStep}": ${n.reason.slice(0, 160)}`).join('\n')}`);
    }
  });

  test('the manifests apply server-side, every overlay validates, and restricted Pod Security admits the pods', async () => {
    expect(baseApplyWarnings, 'apply printed warnings (e.g. Pod Security)').not.toMatch(/warning/i);
    for (const dir of Object.values(KUSTOMIZATIONS)) {
      const dryRunWarnings = await applyKustomization(admin, dir, true);
      expect(dryRunWarnings, `${dir}: dry run printed warnings`).not.toMatch(/warning/i);
    }
    // The namespace enforces the restricted level: pods that violate it would not be created.
    await until(
      'the Deployment to create 2 pods',
      async () => {
        const stdout = await kubectl(admin, ['get', 'pods', '-n', SA.namespace, '-l', 'app.kubernetes.io/name=everynode', '-o', 'name']);
        return stdout.trim().split('\n').filter(Boolean).length === 2;
      },
      30_000,
    );
    const stdout = await kubectl(admin, ['get', 'events', '-n', SA.namespace, '--field-selector', 'reason=FailedCreate', '-o', 'name']);
    expect(stdout.trim()).toBe('');
  });

  test('as its ServiceAccount, every page loads and every action works: the ClusterRole is sufficient', async () => {
    await useRole(baseRole);
    const outcome = await exercise(envOf(KUSTOMIZATIONS.base), { readyTimeoutMs: 60_000 });
    expect(outcome.failed, outcome.output).toBeUndefined();
    expect(outcome.ok).toBe(true);
  });

  test.each(grants.map((g) => [grantName(g), g] as const))('without "%s" some page or action fails: the verb is necessary', async (name, grant) => {
    await useRole(withoutGrant(baseRole, grant), grant);
    try {
      const outcome = await exercise(envOf(KUSTOMIZATIONS.base), { readyTimeoutMs: 10_000, liveTimeoutMs: 10_000 });
      expect(outcome.ok, `everything still worked without ${name}`).toBe(false);
      // Not any failure (a timeout, a crash): Kubernetes' refusal of exactly this verb on this
      // resource, as the failing step or the console's log reports it.
      const evidence = `${outcome.failed!.reason}\n${outcome.output}`;
      expect(evidence, `${outcome.failed!.step}: ${outcome.failed!.reason}`).toMatch(refusalOf(grant));
      necessity.push({ grant: name, failedStep: outcome.failed!.step, reason: outcome.failed!.reason });
    } finally {
      await useRole(baseRole);
    }
  });

  test('read-only overlay: its trimmed ClusterRole serves every page, and every action is refused', async () => {
    const readOnly = render(KUSTOMIZATIONS.readOnly);
    const role = findClusterRole(readOnly, 'everynode');
    expect(grantsOf(role).map(grantName).sort(), 'the read-only role is the base role minus its write verbs').toEqual(
      grants.filter((g) => ['list', 'watch'].includes(g.verb)).map(grantName).sort(),
    );
    await useRole(role);
    try {
      const env = configEnv(readOnly);
      expect(env.EVERYNODE_READ_ONLY).toBe('true');
      const outcome = await exercise(env, { readOnly: true, readyTimeoutMs: 60_000 });
      expect(outcome.failed, outcome.output).toBeUndefined();
    } finally {
      await useRole(baseRole);
    }
  });

  describe('auth-proxy overlay', () => {
    const dora = 'dora@example.com'; // may look, may not act
    const oncall = 'platform-oncall'; // a group that may act
    let console_: ConsoleUnderTest;
    const ctx = encodeURIComponent(IN_CLUSTER_CONTEXT);
    const restartPath = () => `/api/clusters/${ctx}/daemonsets/${fixture.namespace}/${fixture.daemonSet}/restart`;
    const as = (user: string, groups?: string) => ({ 'x-forwarded-user': user, ...(groups ? { 'x-forwarded-groups': groups } : {}) });

    beforeAll(async () => {
      await applyKustomization(admin, KUSTOMIZATIONS.authProxy);
      const ns = fixture.namespace;
      const read = { apiGroups: ['apps'], resources: ['daemonsets', 'controllerrevisions'], verbs: ['get', 'list', 'watch'] };
      const readPods = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] };
      const role = (name: string, rules: object[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: ns }, rules });
      const binding = (name: string, subject: object) => ({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name, namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [subject],
      });
      await applyObjects(
        admin,
        [
          role('agent-viewer', [read, readPods]),
          binding('agent-viewer', { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: dora }),
          role('agent-operator', [read, readPods, { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['patch'] }, { apiGroups: [''], resources: ['pods'], verbs: ['delete'] }]),
          binding('agent-operator', { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: oncall }),
        ],
        'everynode-deploy-test',
        { force: true },
      );
      await until('RBAC for the test people', async () => canI(admin, ['patch', 'daemonsets.apps', '-n', ns, '--as=erin@example.com', `--as-group=${oncall}`]), 10_000);
      await resetDaemonSet();
      const env = envOf(KUSTOMIZATIONS.authProxy);
      expect(env.EVERYNODE_AUTH_MODE).toBe('proxy');
      console_ = await startConsole(env);
      await until('the console to be ready', async () => (await console_.fetch('/api/healthz')).status === 200, 60_000);
    });

    afterAll(async () => {
      await console_?.close();
      await applyKustomization(admin, KUSTOMIZATIONS.authProxy).catch(() => undefined); // restores the impersonation binding
    });

    test('the API server refuses an action the person may not do (403 shown), though the ServiceAccount could', async () => {
      expect(await canI(admin, ['patch', 'daemonsets.apps', '-n', fixture.namespace, `--as=${SA_USER}`])).toBe(true);

      const perms = (await (await console_.fetch(`/api/clusters/${ctx}/permissions?namespace=${fixture.namespace}`, { headers: as(dora) })).json()) as PermissionsResponse;
      expect(perms.user).toBe(dora);
      expect(perms.restart.allowed).toBe(false);

      const res = await postAction(console_, restartPath(), {}, as(dora));
      const body = (await res.json()) as ErrorResponse;
      expect(res.status).toBe(403);
      expect(body.error.code).toBe('forbidden');
      // The API server's own words, naming the person, not the ServiceAccount.
      expect(body.error.message).toContain(`User "${dora}" cannot patch resource "daemonsets"`);
    });

    test('a person whose group may act can, and the audit Event names them', async () => {
      const res = await postAction(console_, restartPath(), {}, as('erin@example.com', `${oncall}, everyone`));
      const body = (await res.json()) as ActionResponse;
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(body.changed).toBe(true);
      await until(
        'an audit Event naming erin',
        async () => {
          const stdout = await kubectl(admin, ['get', 'events', '-n', fixture.namespace, '--field-selector', `involvedObject.name=${fixture.daemonSet},reason=EverynodeRestart`, '-o', 'json']);
          return (JSON.parse(stdout) as { items: { message: string }[] }).items.some((e) => e.message.startsWith('erin@example.com restarted'));
        },
        10_000,
      );
    });

    test('without an identity header the action is refused before reaching the cluster', async () => {
      const res = await postAction(console_, restartPath());
      expect(res.status).toBe(401);
    });

    test('without the impersonate grant no action works: the auth-proxy rule is necessary', async () => {
      await kubectl(admin, ['delete', 'clusterrolebinding', 'everynode-impersonate']);
      await until('impersonation to be revoked', async () => !(await canI(admin, ['impersonate', 'users', `--as=${SA_USER}`])), 10_000);
      // Recreate, not restart: erin just restarted, and a repeated restart is answered from memory.
      const recreate = `/api/clusters/${ctx}/nodes/${fixture.nodes[1]}/daemonsets/${fixture.namespace}/${fixture.daemonSet}/recreate`;
      const res = await postAction(console_, recreate, {}, as('erin@example.com', oncall));
      const body = (await res.json()) as ErrorResponse;
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(body.error.message).toMatch(/cannot impersonate/);
    });
  });
});
