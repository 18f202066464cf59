/**
 * The three actions against the real cluster, each verified by its effect: restart rolls a new
 * revision out, rollback restores the old template (or says why not, in kubectl's words),
 * recreate leaves a pod with a new UID on the node. Double clicks change nothing twice; each
 * change is recorded as an Event naming the person.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CoreV1Api, type V1ControllerRevision, type V1DaemonSet, type V1Pod } from '@kubernetes/client-node';
import * as recreateRoute from '@/app/api/clusters/[ctx]/nodes/[node]/daemonsets/[ns]/[name]/recreate/route';
import * as restartRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/restart/route';
import * as rollbackRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/rollback/route';
import { REPEAT_WINDOW_MS } from '@/lib/kube/actions/repeat-guard';
import { restartDaemonSet } from '@/lib/kube/actions/restart';
import { logger } from '@/lib/log';
import { daemonSet } from '../support/builders';
import { agentDaemonSet, call, createActionsScenario, LABEL, post, until, useClusterKubeconfig, type ActionsScenario } from './actions-scenario';

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
let s: ActionsScenario;

beforeAll(async () => {
  s = await createActionsScenario(useClusterKubeconfig(), 'a', 3, (ns, id) => [
    agentDaemonSet(ns, 'agent', id),
    agentDaemonSet(ns, 'single', id),
    agentDaemonSet(ns, 'manual', id, { onDelete: true }),
  ]);
});
afterAll(async () => {
  await s?.cleanup();
});

const restart = (name: string) => call(restartRoute.POST, post(`/api/clusters/${s.ctx}/daemonsets/${s.ns}/${name}/restart`), { ctx: s.ctx, ns: s.ns, name });
const rollback = (name: string, json?: unknown) =>
  call(rollbackRoute.POST, post(`/api/clusters/${s.ctx}/daemonsets/${s.ns}/${name}/rollback`, { json }), { ctx: s.ctx, ns: s.ns, name });
const recreate = (name: string, node: string) =>
  call(recreateRoute.POST, post(`/api/clusters/${s.ctx}/nodes/${node}/daemonsets/${s.ns}/${name}/recreate`), { ctx: s.ctx, node, ns: s.ns, name });

async function revisions(name: string): Promise<V1ControllerRevision[]> {
  const list = await s.apps.listNamespacedControllerRevision({ namespace: s.ns, labelSelector: `app=${name}` });
  return list.items.sort((a, b) => a.revision - b.revision);
}
const hashOf = (r: V1ControllerRevision | undefined) => r?.metadata?.labels?.['controller-revision-hash'];

async function podHashes(name: string): Promise<string[]> {
  const pods = await s.core.listNamespacedPod({ namespace: s.ns, labelSelector: `app=${name}` });
  return pods.items.filter((p) => !p.metadata?.deletionTimestamp).map((p) => p.metadata?.labels?.['controller-revision-hash'] ?? '');
}

describe('restart', () => {
  it('stamps restartedAt, and a new revision rolls out to every node', async () => {
    const before = await revisions('agent');
    expect(before).toHaveLength(1);

    const res = await restart('agent');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, changed: true, message: 'daemonset.apps/agent restarted' });

    const ds = await s.waitRolledOut('agent');
    const stamp = ds.spec?.template.metadata?.annotations?.[RESTARTED_AT];
    expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const after = await revisions('agent');
    expect(after).toHaveLength(2);
    const newest = after[after.length - 1];
    expect(hashOf(newest)).not.toBe(hashOf(before[0]));
    await until('every pod on the new revision', async () => {
      const hashes = await podHashes('agent');
      return hashes.length === 3 && hashes.every((h) => h === hashOf(newest));
    });
  });

  it('answers a double click without a second rollout', async () => {
    const generation = (await s.apps.readNamespacedDaemonSet({ namespace: s.ns, name: 'agent' })).metadata?.generation;
    const res = await restart('agent');
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(false);
    expect(res.body.message).toBe('daemonset.apps/agent restarted (a moment ago; repeated request ignored)');
    expect((await s.apps.readNamespacedDaemonSet({ namespace: s.ns, name: 'agent' })).metadata?.generation).toBe(generation);
  });

  it('without the repeat guard (another console, later), a fresh restartedAt still prevents a second rollout', async () => {
    const ds = await s.apps.readNamespacedDaemonSet({ namespace: s.ns, name: 'agent' });
    const stamp = ds.spec?.template.metadata?.annotations?.[RESTARTED_AT];
    expect(stamp).toBeDefined();
    // The restart itself, called directly (no guard), as if 3 s after the stamp.
    const outcome = await restartDaemonSet(s.ctx, s.ns, 'agent', { name: 'test' }, new Date(Date.parse(stamp!) + 3_000));
    expect(outcome).toEqual({ changed: false, uid: ds.metadata?.uid, state: String(ds.metadata?.generation), message: `daemonset.apps/agent already restarted at ${stamp}` });
    expect((await s.apps.readNamespacedDaemonSet({ namespace: s.ns, name: 'agent' })).metadata?.generation).toBe(ds.metadata?.generation);
  });

  it('records the action as an Event on the DaemonSet naming who did it', async () => {
    const events = await until('audit Event', async () => {
      const list = await s.core.listNamespacedEvent({ namespace: s.ns, fieldSelector: 'reason=EverynodeRestart' });
      return list.items.length > 0 ? list.items : false;
    });
    const ev = events[0]!;
    expect(ev.involvedObject).toMatchObject({ kind: 'DaemonSet', name: 'agent', namespace: s.ns });
    expect(ev.source?.component).toBe('everynode');
    expect(ev.message).toMatch(/^kubeconfig user .+ restarted the DaemonSet via Everynode$/);
  });

  it('restarts an OnDelete DaemonSet and says its pods change only when recreated', async () => {
    const hashes = await podHashes('manual');
    const res = await restart('manual');
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(true);
    expect(res.body.message).toMatch(/^daemonset\.apps\/manual restarted \(OnDelete strategy/);
    // Once the controller has taken the new template in (new revision, status observed), no pod moved.
    await until('the controller to observe the new template', async () => {
      const ds = await s.apps.readNamespacedDaemonSet({ namespace: s.ns, name: 'manual' });
      return ds.status?.observedGeneration === ds.metadata?.generation && (await revisions('manual')).length === 2 ? ds : false;
    });
    expect((await s.apps.readNamespacedDaemonSet({ namespace: s.ns, name: 'manual' })).status?.updatedNumberScheduled ?? 0).toBe(0);
    expect(await podHashes('manual')).toEqual(hashes);
  });
});

describe('rollback', () => {
  it('restores the previous template (kubectl rollout undo)', async () => {
    const [first, second] = await revisions('agent');
    expect(second).toBeDefined();

    const res = await rollback('agent');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, changed: true, message: 'daemonset.apps/agent rolled back' });

    const ds = await s.waitRolledOut('agent');
    // Revision 1 had no restartedAt: the template is the old one again, and the controller
    // renumbers that revision to 3 rather than creating a new one.
    expect(ds.spec?.template.metadata?.annotations?.[RESTARTED_AT]).toBeUndefined();
    const after = await until('revision renumbered', async () => {
      const revs = await revisions('agent');
      return revs.length === 2 && revs[1]?.revision === 3 ? revs : false;
    });
    expect(hashOf(after[1])).toBe(hashOf(first));
    await until('every pod back on the first revision', async () => {
      const hashes = await podHashes('agent');
      return hashes.length === 3 && hashes.every((h) => h === hashOf(first));
    });
  });

  it('ignores an immediate repeat instead of flipping back', async () => {
    const res = await rollback('agent');
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(false);
    expect(res.body.message).toBe('daemonset.apps/agent rolled back (a moment ago; repeated request ignored)');
    expect((await s.apps.readNamespacedDaemonSet({ namespace: s.ns, name: 'agent' })).spec?.template.metadata?.annotations?.[RESTARTED_AT]).toBeUndefined();
  });

  it('after the repeat window, the same request acts again', async () => {
    const before = await s.apps.readNamespacedDaemonSet({ namespace: s.ns, name: 'agent' });
    // Only Date moves: the guard's clock, nothing the cluster sees.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + REPEAT_WINDOW_MS + 1_000 });
    let res;
    try {
      res = await rollback('agent');
    } finally {
      vi.useRealTimers();
    }
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, changed: true, message: 'daemonset.apps/agent rolled back' });
    // `undo` went back to the previous revision: the restart's template, restartedAt again.
    const ds = await s.waitRolledOut('agent');
    expect(ds.metadata?.generation).toBeGreaterThan(before.metadata!.generation!);
    expect(ds.spec?.template.metadata?.annotations?.[RESTARTED_AT]).toBeDefined();
  });

  it('skips when the template already matches the requested revision', async () => {
    const current = (await revisions('agent')).at(-1)!;
    const res = await rollback('agent', { toRevision: current.revision });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, changed: false, message: `skipped rollback (current template already matches revision ${current.revision})` });
  });

  it('rolls back to an explicit older revision', async () => {
    const revs = await revisions('agent');
    const older = revs[0]!;
    const res = await rollback('agent', { toRevision: older.revision });
    expect(res.body).toEqual({ ok: true, changed: true, message: 'daemonset.apps/agent rolled back' });
    const ds = await s.waitRolledOut('agent');
    const stored = (older.data as { spec: { template: { metadata?: { annotations?: Record<string, string> } } } }).spec.template;
    expect(ds.spec?.template.metadata?.annotations?.[RESTARTED_AT]).toBe(stored.metadata?.annotations?.[RESTARTED_AT]);
    await until('every pod on the older revision', async () => {
      const hashes = await podHashes('agent');
      return hashes.length === 3 && hashes.every((h) => h === hashOf(older));
    });
  });

  it("passes the API server's 422 on in words when the stored template is invalid, changing nothing", async () => {
    const ds = await s.apps.readNamespacedDaemonSet({ namespace: s.ns, name: 'agent' });
    // A revision as the controller stores them (owned by the DaemonSet, named <ds>-<hash>, holding
    // only the template patch), whose template lost its image.
    const hash = 'b2c4d5f6g7';
    await s.apps.createNamespacedControllerRevision({
      namespace: s.ns,
      body: {
        metadata: {
          name: `agent-${hash}`,
          labels: { app: 'agent', 'controller-revision-hash': hash },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.metadata!.uid!, controller: true }],
        },
        revision: 50,
        data: { spec: { template: { $patch: 'replace', metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: '' }] } } } },
      },
    });
    try {
      const res = await rollback('agent', { toRevision: 50 });
      expect(res.status).toBe(422);
      expect(res.body.error?.code).toBe('invalid');
      expect(res.body.error?.message).toMatch(/^failed restoring revision 50: .*spec\.template\.spec\.containers\[0\]\.image: Required value/);
      expect((await s.apps.readNamespacedDaemonSet({ namespace: s.ns, name: 'agent' })).metadata?.generation).toBe(ds.metadata?.generation);
    } finally {
      await s.apps.deleteNamespacedControllerRevision({ namespace: s.ns, name: `agent-${hash}` });
    }
  });

  it("passes the API server's 404 on in words when the DaemonSet does not exist", async () => {
    const res = await rollback('no-such-agent');
    expect(res.status).toBe(404);
    expect(res.body.error?.message).toBe('daemonsets.apps "no-such-agent" not found');
  });

  it('names a revision that does not exist', async () => {
    const res = await rollback('agent', { toRevision: 99 });
    expect(res.status).toBe(404);
    expect(res.body.error?.message).toBe('unable to find specified revision 99 in history');
  });

  it('says there is no last revision when the DaemonSet has only one', async () => {
    const res = await rollback('single');
    expect(res.status).toBe(409);
    expect(res.body.error?.message).toBe('no last revision to roll back to');
  });
});

describe('recreate', () => {
  it("deletes the agent's pod on that node and the controller puts a new one there", async () => {
    const node = s.nodes[1]!;
    const [old] = await s.podsOn('single', node);
    expect(old).toBeDefined();

    const res = await recreate('single', node);
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(true);
    expect(res.body.message).toBe(`pod "${old!.metadata!.name}" deleted; the DaemonSet controller recreates it on ${node}`);

    // A double click right after must not delete the replacement.
    const again = await recreate('single', node);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ok: true, changed: false, message: `${res.body.message} (a moment ago; repeated request ignored)` });

    const fresh = await until('a new pod on the node', async () => {
      const pods = await s.podsOn('single', node);
      const p = pods.find((x) => x.metadata?.uid !== old!.metadata?.uid);
      return p && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? p : false;
    });
    expect(fresh.spec?.nodeName).toBe(node);
    await s.waitRolledOut('single');
    expect((await s.podsOn('single', node)).map((p) => p.metadata?.uid)).toEqual([fresh.metadata?.uid]);
  });

  it('on a pod already terminating, deletes nothing and says the controller recreates it', async () => {
    const node = s.nodes[2]!;
    const [pod] = await s.podsOn('single', node);
    const name = pod!.metadata!.name!;
    // A finalizer holds the pod in Terminating (as a slow shutdown would).
    await s.core.patchNamespacedPod({ namespace: s.ns, name, body: [{ op: 'add', path: '/metadata/finalizers', value: ['everynode.test/hold'] }] });
    await s.core.deleteNamespacedPod({ namespace: s.ns, name });
    try {
      const res = await recreate('single', node);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true, changed: false, message: `pod "${name}" already terminating; the controller recreates it on ${node}` });
      expect((await s.core.readNamespacedPod({ namespace: s.ns, name })).metadata?.uid).toBe(pod!.metadata!.uid);
    } finally {
      await s.core.patchNamespacedPod({ namespace: s.ns, name, body: [{ op: 'remove', path: '/metadata/finalizers' }] });
    }
    await until('a new pod on the node', async () => (await s.podsOn('single', node)).some((p) => p.metadata?.uid !== pod!.metadata!.uid));
    await s.waitRolledOut('single');
  });

  it('when the pod is replaced between reading and deleting, the UID precondition keeps the replacement', async () => {
    const node = s.nodes[0]!;
    const [pod] = await s.podsOn('single', node);
    const name = pod!.metadata!.name!;
    let replacement: V1Pod | undefined;
    // Right after the action lists the pods, a pod of the same name but another UID takes the place
    // (no labels, so the controller does not adopt it): the API server must refuse the delete.
    const list = CoreV1Api.prototype.listNamespacedPod;
    const spy = vi.spyOn(CoreV1Api.prototype, 'listNamespacedPod').mockImplementationOnce(async function (this: CoreV1Api, ...args) {
      const answer = await list.apply(this, args);
      await s.core.deleteNamespacedPod({ namespace: s.ns, name, gracePeriodSeconds: 0 });
      await until('the old pod gone', () => s.core.readNamespacedPod({ namespace: s.ns, name }).then(() => false, () => true));
      replacement = await s.core.createNamespacedPod({ namespace: s.ns, body: { metadata: { name }, spec: { nodeName: node, containers: [{ name: 'agent', image: 'registry.local/agent:1' }] } } });
      return answer;
    });
    try {
      const res = await recreate('single', node);
      expect(spy).toHaveBeenCalled();
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true, changed: false, message: `the pod of daemonset.apps/single on ${node} was already replaced` });
      expect((await s.core.readNamespacedPod({ namespace: s.ns, name })).metadata?.uid).toBe(replacement?.metadata?.uid);
    } finally {
      spy.mockRestore();
      await s.core.deleteNamespacedPod({ namespace: s.ns, name, gracePeriodSeconds: 0 }).catch(() => undefined);
    }
    await s.waitRolledOut('single');
  });

  it('picks up a pending template on an OnDelete DaemonSet', async () => {
    const node = s.nodes[0]!;
    const current = hashOf((await revisions('manual')).at(-1));
    const res = await recreate('manual', node);
    expect(res.body.changed).toBe(true);
    await until('the recreated pod to run the current revision', async () => {
      const pods = await s.podsOn('manual', node);
      return pods.length === 1 && pods[0]?.metadata?.labels?.['controller-revision-hash'] === current;
    });
  });

  it('answers 404 in words when the agent has no pod on the node', async () => {
    const res = await recreate('single', `${s.id}-nowhere`);
    expect(res.status).toBe(404);
    expect(res.body.error?.message).toBe(`daemonset.apps/single has no pod on node "${s.id}-nowhere"`);
  });
});

describe('audit', () => {
  it('an action whose audit Event cannot be created still succeeds, and says so in the log', async () => {
    // A namespace being deleted refuses new objects (the Event) but not changes to existing ones;
    // a finalizer keeps the DaemonSet there meanwhile.
    const ns = `${s.id}-gone`;
    await s.core.createNamespace({ body: { metadata: { name: ns, labels: { [LABEL]: s.id } } } });
    const ds = daemonSet(ns, 'doomed', { nodeSelector: { [LABEL]: s.id } });
    await s.apps.createNamespacedDaemonSet({ namespace: ns, body: { ...ds, metadata: { ...ds.metadata, finalizers: ['everynode.test/hold'] } } as V1DaemonSet });
    await s.core.deleteNamespace({ name: ns });
    await until('the namespace to be terminating', async () => (await s.core.readNamespace({ name: ns })).status?.phase === 'Terminating');
    const warn = vi.spyOn(logger, 'warn');
    try {
      const res = await call(restartRoute.POST, post(`/api/clusters/${s.ctx}/daemonsets/${ns}/doomed/restart`), { ctx: s.ctx, ns, name: 'doomed' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true, changed: true, message: 'daemonset.apps/doomed restarted' });
      const patched = await s.apps.readNamespacedDaemonSet({ namespace: ns, name: 'doomed' });
      expect(patched.spec?.template.metadata?.annotations?.[RESTARTED_AT]).toBeDefined();
      expect((await s.core.listNamespacedEvent({ namespace: ns, fieldSelector: 'reason=EverynodeRestart' })).items).toEqual([]);
      const line = warn.mock.calls.find((c) => c[1] === 'could not record audit Event');
      expect(line?.[0]).toMatchObject({ audit: { action: 'restart', target: { namespace: ns, name: 'doomed' } }, err: expect.stringMatching(/being terminated/) });
    } finally {
      warn.mockRestore();
      await s.apps.patchNamespacedDaemonSet({ namespace: ns, name: 'doomed', body: [{ op: 'remove', path: '/metadata/finalizers' }] }).catch(() => undefined);
    }
  });
});
