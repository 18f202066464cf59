/**
 * The three actions against the real cluster, each verified by its effect: restart rolls a new
 * revision out, rollback restores the old template (or says why not, in kubectl's words),
 * recreate leaves a pod with a new UID on the node. Double clicks change nothing twice; each
 * change is recorded as an Event naming the person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1ControllerRevision } from '@kubernetes/client-node';
import * as recreateRoute from '@/app/api/clusters/[ctx]/nodes/[node]/daemonsets/[ns]/[name]/recreate/route';
import * as restartRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/restart/route';
import * as rollbackRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/rollback/route';
import { agentDaemonSet, call, createActionsScenario, post, until, useClusterKubeconfig, type ActionsScenario } from './actions-scenario';

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
    expect(res.body.message).toMatch(/^daemonset\.apps\/agent (already restarted at|restarted \(a moment ago)/);
    expect((await s.apps.readNamespacedDaemonSet({ namespace: s.ns, name: 'agent' })).metadata?.generation).toBe(generation);
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
    await new Promise((r) => setTimeout(r, 1500));
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
    expect(ds.spec?.template.metadata?.annotations?.[RESTARTED_AT]).toBeDefined();
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
    expect(again.body.changed).toBe(false);

    const fresh = await until('a new pod on the node', async () => {
      const pods = await s.podsOn('single', node);
      const p = pods.find((x) => x.metadata?.uid !== old!.metadata?.uid);
      return p && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? p : false;
    });
    expect(fresh.spec?.nodeName).toBe(node);
    await new Promise((r) => setTimeout(r, 500));
    expect((await s.podsOn('single', node)).map((p) => p.metadata?.uid)).toEqual([fresh.metadata?.uid]);
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
