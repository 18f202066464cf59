/**
 * Who may act, checked by Kubernetes for the person: in auth-proxy mode requests impersonate the
 * user the proxy names, so a read-only Role is refused with an explained 403 (and reported as not
 * permitted), while a group bound to an operator Role may act. Cross-origin and header-less
 * requests, and every action in read-only mode, are refused before anything changes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PermissionsResponse } from '@/lib/api/dto';
import * as permissionsRoute from '@/app/api/clusters/[ctx]/permissions/route';
import * as recreateRoute from '@/app/api/clusters/[ctx]/nodes/[node]/daemonsets/[ns]/[name]/recreate/route';
import * as restartRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/restart/route';
import * as rollbackRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/rollback/route';
import { CSRF_HEADER } from '@/lib/api/dto';
import { resetKubeConfig } from '@/lib/kube/contexts';
import { agentDaemonSet, call, createActionsScenario, get, post, snapshot, until, useClusterKubeconfig, type ActionsScenario } from './actions-scenario';

let s: ActionsScenario;
let viewer: string;
let opsGroup: string;

const READ = ['get', 'list', 'watch'];

beforeAll(async () => {
  s = await createActionsScenario(useClusterKubeconfig(), 's', 2, (ns, id) => [agentDaemonSet(ns, 'agent', id)]);
  // A second revision, so a rollback would really change something.
  await s.apps.patchNamespacedDaemonSet(
    { namespace: s.ns, name: 'agent', body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'registry.local/agent:2' }] },
    setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
  );
  await s.waitRolledOut('agent');
  viewer = `${s.id}-viewer`;
  opsGroup = `${s.id}-operators`;
  const rules = (extra: { apiGroups: string[]; resources: string[]; verbs: string[] }[]) => [
    { apiGroups: ['apps'], resources: ['daemonsets', 'controllerrevisions'], verbs: READ },
    { apiGroups: [''], resources: ['pods'], verbs: READ },
    ...extra,
  ];
  await s.rbac.createNamespacedRole({ namespace: s.ns, body: { metadata: { name: 'viewer' }, rules: rules([]) } });
  await s.rbac.createNamespacedRole({
    namespace: s.ns,
    body: {
      metadata: { name: 'operator' },
      rules: rules([
        { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['patch'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
      ]),
    },
  });
  const bind = (name: string, role: string, subject: { kind: string; name: string }) =>
    s.rbac.createNamespacedRoleBinding({
      namespace: s.ns,
      body: { metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', ...subject }] },
    });
  await bind('viewer', 'viewer', { kind: 'User', name: viewer });
  await bind('operators', 'operator', { kind: 'Group', name: opsGroup });
});

afterEach(() => {
  delete process.env.EVERYNODE_AUTH_MODE;
  delete process.env.EVERYNODE_READ_ONLY;
});

afterAll(async () => {
  await s?.cleanup();
});

const restartPath = () => `/api/clusters/${s.ctx}/daemonsets/${s.ns}/agent/restart`;
const restart = (opts: Parameters<typeof post>[1] = {}) => call(restartRoute.POST, post(restartPath(), opts), { ctx: s.ctx, ns: s.ns, name: 'agent' });
const rollback = (opts: Parameters<typeof post>[1] = {}) =>
  call(rollbackRoute.POST, post(`/api/clusters/${s.ctx}/daemonsets/${s.ns}/agent/rollback`, opts), { ctx: s.ctx, ns: s.ns, name: 'agent' });
const recreate = (opts: Parameters<typeof post>[1] = {}) => {
  const node = s.nodes[0]!;
  return call(recreateRoute.POST, post(`/api/clusters/${s.ctx}/nodes/${node}/daemonsets/${s.ns}/agent/recreate`, opts), { ctx: s.ctx, node, ns: s.ns, name: 'agent' });
};
const permissions = async (headers: Record<string, string> = {}) => {
  const res = await call(permissionsRoute.GET, get(`/api/clusters/${s.ctx}/permissions?namespace=${s.ns}`, headers), { ctx: s.ctx });
  return { status: res.status, body: res.body as unknown as PermissionsResponse & { error?: { message: string } } };
};
const as = (user: string, groups?: string) => ({ 'x-forwarded-user': user, ...(groups ? { 'x-forwarded-groups': groups } : {}) });

describe('auth-proxy mode: Kubernetes RBAC decides for the person', () => {
  it('refuses every action of a user bound to a read-only Role with an explained 403, changing nothing', async () => {
    process.env.EVERYNODE_AUTH_MODE = 'proxy';
    const before = await snapshot(s);
    const r1 = await restart({ headers: as(viewer) });
    expect(r1.status).toBe(403);
    expect(r1.body.error?.message).toBe(`daemonsets.apps "agent" is forbidden: User "${viewer}" cannot patch resource "daemonsets" in API group "apps" in the namespace "${s.ns}"`);
    const r2 = await rollback({ headers: as(viewer) });
    expect(r2.status).toBe(403);
    expect(r2.body.error?.message).toBe(
      `failed restoring revision 1: daemonsets.apps "agent" is forbidden: User "${viewer}" cannot patch resource "daemonsets" in API group "apps" in the namespace "${s.ns}"`,
    );
    const r3 = await recreate({ headers: as(viewer) });
    expect(r3.status).toBe(403);
    expect(r3.body.error?.message).toMatch(new RegExp(`User "${viewer}" cannot delete resource "pods" in API group "" in the namespace "${s.ns}"`));
    expect(await snapshot(s)).toEqual(before);
  });

  it('reports the read-only user as not permitted, with reasons', async () => {
    process.env.EVERYNODE_AUTH_MODE = 'proxy';
    const { status, body } = await permissions(as(viewer));
    expect(status).toBe(200);
    expect(body.user).toBe(viewer);
    expect(body.readOnly).toBe(false);
    expect(body.restart).toEqual({ allowed: false, reason: `${viewer} may not patch daemonsets.apps in namespace "${s.ns}"` });
    expect(body.rollback).toEqual({ allowed: false, reason: `${viewer} may not patch daemonsets.apps in namespace "${s.ns}"` });
    expect(body.recreate).toEqual({ allowed: false, reason: `${viewer} may not delete pods in namespace "${s.ns}"` });
  });

  it('lets a member of a group bound to an operator Role act, as that person', async () => {
    process.env.EVERYNODE_AUTH_MODE = 'proxy';
    const person = `${s.id}-alice@example.com`;
    const { body } = await permissions(as(person, `unrelated, ${opsGroup}`));
    expect(body).toEqual({
      readOnly: false,
      user: person,
      restart: { allowed: true },
      rollback: { allowed: true },
      recreate: { allowed: true },
      change: { allowed: true },
      // the operator Role grants no pods/log: the log controls stay hidden
      logs: { allowed: false, reason: expect.stringContaining(`${person} may not get pods/log`) },
      // a namespaced Role grants nothing on nodes (cluster-scoped): the node change controls stay hidden
      changeNode: { allowed: false, reason: expect.stringContaining(`${person} may not get nodes`) },
    });

    const res = await restart({ headers: as(person, opsGroup) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, changed: true, message: 'daemonset.apps/agent restarted' });
    const ev = await until('audit Event', async () => {
      const list = await s.core.listNamespacedEvent({ namespace: s.ns, fieldSelector: 'reason=EverynodeRestart' });
      return list.items[0] ?? false;
    });
    expect(ev.message).toBe(`${person} restarted the DaemonSet via Everynode`);
    await s.waitRolledOut('agent');
  });

  it('answers 401 when the proxy names nobody, for actions and permissions alike', async () => {
    process.env.EVERYNODE_AUTH_MODE = 'proxy';
    const before = await snapshot(s);
    const res = await restart();
    expect(res.status).toBe(401);
    expect(res.body.error?.message).toBe('not signed in: the auth proxy sent no x-forwarded-user header');
    expect((await permissions()).status).toBe(401);
    expect(await snapshot(s)).toEqual(before);
  });
});

describe('auth-proxy mode: unusable identity headers', () => {
  it.each([
    ['a group name with a control character', as('erin@example.com', `ok,bad\u0001name`)],
    ['a group name longer than 256 characters', as('erin@example.com', `ok, ${'g'.repeat(257)}`)],
  ])('refuses %s with 401 before anything reaches the cluster', async (_what, headers) => {
    process.env.EVERYNODE_AUTH_MODE = 'proxy';
    const before = await snapshot(s);
    for (const res of [await restart({ headers }), await rollback({ headers }), await recreate({ headers })]) {
      expect(res.status).toBe(401);
      expect(res.body.error?.message).toBe('the x-forwarded-groups header holds an unusable group name');
    }
    const perms = await permissions(headers);
    expect(perms.status).toBe(401);
    expect(perms.body.error?.message).toBe('the x-forwarded-groups header holds an unusable group name');
    expect(await snapshot(s)).toEqual(before);
  });

  it('refuses a user name longer than 256 characters with 401', async () => {
    process.env.EVERYNODE_AUTH_MODE = 'proxy';
    const res = await restart({ headers: as('u'.repeat(257)) });
    expect(res.status).toBe(401);
    expect(res.body.error?.message).toBe('the x-forwarded-user header is not a usable user name');
  });
});

describe('kubeconfig credentials the API server does not accept', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'everynode-security-'));
  let saved: string | undefined;

  beforeAll(() => {
    saved = process.env.KUBECONFIG;
    // Same cluster and context name, a token nobody issued: every review is refused (401).
    const cluster = s.kc.getCurrentCluster()!;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [cluster],
      users: [{ name: 'nobody', token: 'not-a-token' }],
      contexts: [{ name: s.ctx, cluster: cluster.name, user: 'nobody' }],
      currentContext: s.ctx,
    });
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, kc.exportConfig(), { mode: 0o600 });
    process.env.KUBECONFIG = file;
    resetKubeConfig();
  });

  afterAll(() => {
    process.env.KUBECONFIG = saved;
    resetKubeConfig();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the kubeconfig user when the API server cannot say who it is, and reports each refused review', async () => {
    const { status, body } = await permissions();
    expect(status).toBe(200);
    // SelfSubjectReview refused too: the fallback is the kubeconfig's user entry.
    expect(body.user).toBe('kubeconfig user nobody');
    expect(body.readOnly).toBe(false);
    for (const p of [body.restart, body.rollback, body.recreate]) {
      expect(p).toEqual({ allowed: false, reason: 'could not check permission to get daemonsets.apps: the Kubernetes API did not accept the credentials' });
    }
  });
});

describe('kubeconfig mode', () => {
  it('reports what the kubeconfig identity may do', async () => {
    const { status, body } = await permissions();
    expect(status).toBe(200);
    expect(body).toMatchObject({ readOnly: false, restart: { allowed: true }, rollback: { allowed: true }, recreate: { allowed: true } });
    expect(typeof body.user).toBe('string');
  });
});

describe('cross-site request forgery', () => {
  it.each([
    ['another origin', { headers: { origin: 'http://evil.example' } }, 'cross-origin request refused'],
    ['no Origin header', { omit: ['origin'] }, 'cross-origin request refused (no Origin header)'],
    ['no CSRF header', { omit: [CSRF_HEADER] }, 'missing CSRF header (x-everynode-csrf: 1)'],
    ['a wrong CSRF header value', { headers: { [CSRF_HEADER]: 'yes' } }, 'missing CSRF header (x-everynode-csrf: 1)'],
  ] as const)('refuses %s with 403 and changes nothing', async (_what, opts, message) => {
    const before = await snapshot(s);
    for (const res of [await restart(opts), await rollback(opts), await recreate(opts)]) {
      expect(res.status).toBe(403);
      expect(res.body.error?.message).toBe(message);
    }
    expect(await snapshot(s)).toEqual(before);
  });
});

describe('read-only mode', () => {
  it('refuses every action with 403 and reports nothing permitted', async () => {
    process.env.EVERYNODE_READ_ONLY = 'true';
    const before = await snapshot(s);
    for (const res of [await restart(), await rollback(), await recreate()]) {
      expect(res.status).toBe(403);
      expect(res.body.error?.message).toMatch(/^read-only mode/);
    }
    expect(await snapshot(s)).toEqual(before);
    const { body } = await permissions();
    expect(body.readOnly).toBe(true);
    for (const p of [body.restart, body.rollback, body.recreate]) expect(p).toEqual({ allowed: false, reason: expect.stringMatching(/^read-only mode/) });
  });
});
