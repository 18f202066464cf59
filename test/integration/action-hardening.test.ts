/**
 * Issue #23, items 2, 3 and 5-8, against the real local cluster, through the route handlers:
 * the repeat guard under concurrency and after someone else's change, proxy groups that could
 * be read two ways, hand-made ControllerRevisions, the audit trail of refused attempts, and the
 * Content-Type of action bodies. Item 4 (error words) is in error-words.test.ts.
 */
import { PatchStrategy, setHeaderOptions, type V1DaemonSet } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as metricsRoute from '@/app/metrics/route';
import * as permissionsRoute from '@/app/api/clusters/[ctx]/permissions/route';
import * as recreateRoute from '@/app/api/clusters/[ctx]/nodes/[node]/daemonsets/[ns]/[name]/recreate/route';
import * as restartRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/restart/route';
import * as rollbackRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/rollback/route';
import { CSRF_HEADER } from '@/lib/api/dto';
import type { AuditRecord } from '@/lib/kube/audit';
import { logger } from '@/lib/log';
import { agentDaemonSet, call, createActionsScenario, get, post, snapshot, until, useClusterKubeconfig, type ActionsScenario } from './actions-scenario';

let s: ActionsScenario;
const NAMES = ['race', 'undo', 'history', 'forged', 'groups'] as const;

beforeAll(async () => {
  s = await createActionsScenario(useClusterKubeconfig(), 'h', 2, (ns, id) => NAMES.map((n) => agentDaemonSet(ns, n, id)));
});
afterEach(() => {
  delete process.env.EVERYNODE_AUTH_MODE;
  delete process.env.EVERYNODE_READ_ONLY;
  vi.restoreAllMocks();
});
afterAll(async () => {
  await s?.cleanup();
});

type PostOpts = Parameters<typeof post>[1];
const restart = (name: string, opts: PostOpts = {}) => call(restartRoute.POST, post(`/api/clusters/${s.ctx}/daemonsets/${s.ns}/${name}/restart`, opts), { ctx: s.ctx, ns: s.ns, name });
const rollback = (name: string, opts: PostOpts = {}) => call(rollbackRoute.POST, post(`/api/clusters/${s.ctx}/daemonsets/${s.ns}/${name}/rollback`, opts), { ctx: s.ctx, ns: s.ns, name });
const recreate = (name: string, node: string, opts: PostOpts = {}) =>
  call(recreateRoute.POST, post(`/api/clusters/${s.ctx}/nodes/${node}/daemonsets/${s.ns}/${name}/recreate`, opts), { ctx: s.ctx, node, ns: s.ns, name });

const readDs = (name: string) => s.apps.readNamespacedDaemonSet({ namespace: s.ns, name });
const imageOf = (ds: V1DaemonSet) => ds.spec?.template.spec?.containers[0]?.image;

async function setImage(name: string, image: string): Promise<void> {
  await s.apps.patchNamespacedDaemonSet(
    { namespace: s.ns, name, body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image }] },
    setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
  );
  await s.waitRolledOut(name);
  await until(`a revision for ${image}`, async () => {
    const revs = await s.apps.listNamespacedControllerRevision({ namespace: s.ns, labelSelector: `app=${name}` });
    return revs.items.some((r) => JSON.stringify(r.data).includes(image));
  });
}

async function auditEvents(name: string, reason: string): Promise<number> {
  const list = await s.core.listNamespacedEvent({ namespace: s.ns, fieldSelector: `reason=${reason},involvedObject.name=${name}` });
  return list.items.length;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('item 2: the repeat guard holds concurrent identical requests', () => {
  it('five concurrent restarts roll out once, with one change and one audit Event', async () => {
    const generation = (await readDs('race')).metadata?.generation ?? 0;
    const results = await Promise.all(Array.from({ length: 5 }, () => restart('race')));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.filter((r) => r.body.changed === true)).toHaveLength(1);
    expect((await readDs('race')).metadata?.generation).toBe(generation + 1);
    await until('the one audit Event', async () => (await auditEvents('race', 'EverynodeRestart')) >= 1);
    expect(await auditEvents('race', 'EverynodeRestart')).toBe(1);
  });

  it('two undo requests 20 ms apart roll back once, not there and back again', async () => {
    await setImage('undo', 'registry.local/agent:2');
    const first = rollback('undo');
    await sleep(20); // the gap the issue reports between the two requests, not a wait for anything
    const second = rollback('undo');
    const results = await Promise.all([first, second]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => r.body.changed).sort()).toEqual([false, true]);
    const ds = await s.waitRolledOut('undo');
    expect(imageOf(ds)).toBe('registry.local/agent:1');
    await until('the one audit Event', async () => (await auditEvents('undo', 'EverynodeRollback')) >= 1);
    expect(await auditEvents('undo', 'EverynodeRollback')).toBe(1);
  });
});

describe('item 3: "already done" only while the DaemonSet is as the action left it', () => {
  it('undo, rollback to another revision, undo again: the second undo acts', async () => {
    await setImage('history', 'registry.local/agent:2');
    await setImage('history', 'registry.local/agent:3');
    const undo = await rollback('history');
    expect(undo.body).toEqual({ ok: true, changed: true, message: 'daemonset.apps/history rolled back' });
    expect(imageOf(await s.waitRolledOut('history'))).toBe('registry.local/agent:2');

    const revs = await s.apps.listNamespacedControllerRevision({ namespace: s.ns, labelSelector: 'app=history' });
    const first = revs.items.find((r) => JSON.stringify(r.data).includes('registry.local/agent:1'))!;
    const to = await rollback('history', { json: { toRevision: first.revision } });
    expect(to.body.changed).toBe(true);
    expect(imageOf(await s.waitRolledOut('history'))).toBe('registry.local/agent:1');

    // Same request as the first undo, within the repeat window, same actor; but the DaemonSet
    // changed since, so it acts: back to the previous template (agent:2, now revision 4).
    const again = await rollback('history');
    expect(again.body).toEqual({ ok: true, changed: true, message: 'daemonset.apps/history rolled back' });
    expect(imageOf(await s.waitRolledOut('history'))).toBe('registry.local/agent:2');
  });
});

describe('item 5: proxy groups are never split inside a name', () => {
  let escapedGroup: string;
  beforeAll(async () => {
    // A real group name with a comma, bound to a Role that may restart.
    escapedGroup = `cn=${s.id}-ops,ou=groups`;
    await s.rbac.createNamespacedRole({
      namespace: s.ns,
      body: { metadata: { name: 'restarter' }, rules: [{ apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['get', 'patch'] }] },
    });
    await s.rbac.createNamespacedRoleBinding({
      namespace: s.ns,
      body: {
        metadata: { name: 'restarters' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'restarter' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: escapedGroup }],
      },
    });
  });
  const as = (user: string, groups: string) => ({ 'x-forwarded-user': user, 'x-forwarded-groups': groups });

  it('refuses a backslash-escaped comma with 400 in words, for actions and permissions, changing nothing', async () => {
    process.env.EVERYNODE_AUTH_MODE = 'proxy';
    const before = await snapshot(s);
    const headers = as(`${s.id}-mallory`, 'cn=ops\\,system:masters');
    const message = 'the x-forwarded-groups header is ambiguous: backslash escapes are not accepted; send each group percent-encoded (a comma in a name as %2C)';
    for (const res of [await restart('groups', { headers }), await rollback('groups', { headers }), await recreate('groups', s.nodes[0]!, { headers })]) {
      expect(res.status).toBe(400);
      expect(res.body.error?.message).toBe(message);
    }
    const perms = await call(permissionsRoute.GET, get(`/api/clusters/${s.ctx}/permissions?namespace=${s.ns}`, headers), { ctx: s.ctx });
    expect(perms.status).toBe(400);
    expect(perms.body.error?.message).toBe(message);
    expect(await snapshot(s)).toEqual(before);
  });

  it('impersonates a percent-encoded group with a comma as one group', async () => {
    process.env.EVERYNODE_AUTH_MODE = 'proxy';
    const person = `${s.id}-carol`;
    const res = await restart('groups', { headers: as(person, `unrelated,${encodeURIComponent(escapedGroup)}`) });
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(true);
    // The same name sent raw is two groups, neither bound: RBAC refuses.
    const raw = await rollback('groups', { headers: as(person, escapedGroup) });
    expect(raw.status).toBe(403);
    expect(raw.body.error?.message).toContain(`User "${person}" cannot`);
  });
});

describe('item 6: rollback ignores hand-made ControllerRevisions', () => {
  it('neither lists nor applies a forged revision, and plain undo still works while it exists', async () => {
    await setImage('forged', 'registry.local/agent:2');
    const ds = await readDs('forged');
    const owner = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'forged', uid: ds.metadata!.uid!, controller: true, blockOwnerDeletion: true };
    const template = { ...ds.spec!.template, spec: { ...ds.spec!.template.spec!, containers: [{ name: 'agent', image: 'evil.local/root:1', securityContext: { privileged: true } }] } };
    // One whose name does not carry its hash, holding only a template; one named as the controller
    // would, whose data also rewrites fields outside the template.
    for (const [name, hash, data] of [
      ['forged-evil', 'bcd2457', { spec: { template: { ...template, $patch: 'replace' } } }],
      ['forged-bcd2458', 'bcd2458', { spec: { template: { ...template, $patch: 'replace' }, updateStrategy: { type: 'OnDelete' }, minReadySeconds: 3600 } }],
    ] as const) {
      await s.apps.createNamespacedControllerRevision({
        namespace: s.ns,
        body: { metadata: { name, labels: { app: 'forged', 'controller-revision-hash': hash }, ownerReferences: [owner] }, revision: name === 'forged-evil' ? 999 : 998, data },
      });
    }

    for (const revision of [999, 998]) {
      const res = await rollback('forged', { json: { toRevision: revision } });
      expect(res.status).toBe(404);
      expect(res.body.error?.message).toBe(`unable to find specified revision ${revision} in history`);
    }
    const undo = await rollback('forged');
    expect(undo.body).toEqual({ ok: true, changed: true, message: 'daemonset.apps/forged rolled back' });
    const after = await s.waitRolledOut('forged');
    expect(imageOf(after)).toBe('registry.local/agent:1');
    expect(after.spec?.updateStrategy?.type).toBe('RollingUpdate');
    expect(after.spec?.minReadySeconds ?? 0).toBe(0);
  });
});

describe('item 7: every attempt is audited, refusals included', () => {
  async function actionCounts(): Promise<Map<string, number>> {
    const res = await metricsRoute.GET();
    const out = new Map<string, number>();
    for (const m of (await res.text()).matchAll(/^everynode_actions_total\{action="(\w+)",result="(\w+)"\} (\d+)$/gm)) out.set(`${m[1]}/${m[2]}`, Number(m[3]));
    return out;
  }
  const client = { 'x-forwarded-for': '203.0.113.7', 'user-agent': 'hardening-test/1.0' };

  it('logs and counts read-only, CSRF, identity, bad-input and not-found refusals, with client and groups', async () => {
    const records: AuditRecord[] = [];
    vi.spyOn(logger, 'warn').mockImplementation(((obj: unknown) => {
      const audit = (obj as { audit?: AuditRecord } | undefined)?.audit;
      if (audit) records.push(audit);
    }) as never);
    const before = await actionCounts();

    process.env.EVERYNODE_READ_ONLY = 'true';
    expect((await restart('groups', { headers: client })).status).toBe(403);
    delete process.env.EVERYNODE_READ_ONLY;
    expect((await rollback('groups', { headers: client, omit: [CSRF_HEADER] })).status).toBe(403);
    expect((await restart('NOT_A_NAME', { headers: client })).status).toBe(400);
    expect((await restart('groups', { headers: { ...client, 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await recreate('groups', `${s.id}-nowhere`, { headers: client })).status).toBe(404);
    process.env.EVERYNODE_AUTH_MODE = 'proxy';
    expect((await restart('groups', { headers: client })).status).toBe(401);
    expect((await restart('groups', { headers: { ...client, 'x-forwarded-user': `${s.id}-dave`, 'x-forwarded-groups': `${s.id}-a,${s.id}-b` } })).status).toBe(403);

    expect(records.map((r) => [r.action, r.result, r.status])).toEqual([
      ['restart', 'refused', 403],
      ['rollback', 'refused', 403],
      ['restart', 'invalid', 400],
      ['restart', 'invalid', 415],
      ['recreate', 'failed', 404],
      ['restart', 'refused', 401],
      ['restart', 'refused', 403],
    ]);
    for (const r of records) expect(r.client).toEqual({ address: '203.0.113.7', userAgent: 'hardening-test/1.0' });
    expect(records[0]).toMatchObject({ ctx: s.ctx, actor: '(not identified)', target: { namespace: s.ns, name: 'groups' }, message: expect.stringMatching(/^read-only mode/) });
    expect(records[2]?.target.name).toBe('NOT_A_NAME');
    expect(records[4]).toMatchObject({ actor: expect.stringMatching(/^kubeconfig user /), target: { node: `${s.id}-nowhere` } });
    expect(records[6]).toMatchObject({ actor: `${s.id}-dave`, groups: [`${s.id}-a`, `${s.id}-b`] });

    const after = await actionCounts();
    const delta = (k: string) => (after.get(k) ?? 0) - (before.get(k) ?? 0);
    expect({ refused: delta('restart/refused'), invalid: delta('restart/invalid'), rollbackRefused: delta('rollback/refused'), recreateFailed: delta('recreate/failed') }).toEqual({
      refused: 3,
      invalid: 2,
      rollbackRefused: 1,
      recreateFailed: 1,
    });
  });
});

describe('item 8: action bodies must be declared application/json', () => {
  it.each([
    ['text/plain', { headers: { 'content-type': 'text/plain' }, body: '{}' }, 'body: Content-Type must be application/json (got text/plain)'],
    ['no Content-Type', { omit: ['content-type'] }, 'body: Content-Type must be application/json (none was sent)'],
    ['a form', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'toRevision=1' }, 'body: Content-Type must be application/json (got application/x-www-form-urlencoded)'],
  ] as const)('refuses %s with 415 on every action, changing nothing', async (_what, opts, message) => {
    const before = await snapshot(s);
    for (const res of [await restart('groups', opts), await rollback('groups', opts), await recreate('groups', s.nodes[0]!, opts)]) {
      expect(res.status).toBe(415);
      expect(res.body.error).toEqual({ code: 'unsupported_media_type', message });
    }
    expect(await snapshot(s)).toEqual(before);
  });

  it('still refuses read-only first', async () => {
    process.env.EVERYNODE_READ_ONLY = 'true';
    const res = await restart('groups', { headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(403);
    expect(res.body.error?.message).toMatch(/^read-only mode/);
  });
});
