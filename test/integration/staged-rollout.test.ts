/**
 * Staged rollouts on the real local cluster with the real DaemonSet controller: the console's
 * driver runs as a child process (scripts/staged/driver.ts) so the tests can kill it, start it
 * again, or start two. 36 kwok nodes of the test's own; each DaemonSet is the test's own.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CoordinationV1Api } from '@kubernetes/client-node';
import { ANNOTATIONS, leaseName } from '@/lib/staged/annotations';
import { DEFAULT_PLAN, type Plan } from '@/lib/staged/plan';
import { planSteps } from '@/lib/staged/steps';
import { kubectl } from '../support/kubectl';
import { agentDaemonSet, createActionsScenario, until, useClusterKubeconfig, type ActionsScenario } from './actions-scenario';
import { changedTemplate, control, identityOf, readPlan, samplePods, startDriver, startPlan, stepOfDs, waitPhase, watchSteps, type DriverProcess } from './staged-support';
import { rollingUpdate } from '../support/builders';

const NODES = 36;
let s: ActionsScenario;
let kubeconfig: string;
const drivers: DriverProcess[] = [];

beforeAll(async () => {
  const kc = useClusterKubeconfig();
  kubeconfig = process.env.KUBECONFIG!;
  s = await createActionsScenario(kc, 'st', NODES, (ns, id) => [
    { ...agentDaemonSet(ns, 'waves', id), spec: { ...agentDaemonSet(ns, 'waves', id).spec!, updateStrategy: rollingUpdate(3) } },
    { ...agentDaemonSet(ns, 'crashy', id), spec: { ...agentDaemonSet(ns, 'crashy', id).spec!, updateStrategy: rollingUpdate('10%') } },
    { ...agentDaemonSet(ns, 'killed', id), spec: { ...agentDaemonSet(ns, 'killed', id).spec!, updateStrategy: rollingUpdate(4) } },
    agentDaemonSet(ns, 'edited', id),
    agentDaemonSet(ns, 'twice', id),
  ]);
});
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.kill();
});
afterAll(async () => {
  await s?.cleanup();
});

const read = (name: string) => s.apps.readNamespacedDaemonSet({ namespace: s.ns, name });
const hashes = async (name: string) => {
  const pods = await s.core.listNamespacedPod({ namespace: s.ns, labelSelector: `app=${name}` });
  return new Map(pods.items.filter((p) => !p.metadata?.deletionTimestamp).map((p) => [p.spec!.nodeName!, { hash: p.metadata!.labels!['controller-revision-hash']!, uid: p.metadata!.uid! }]));
};
const currentHash = async (name: string) => {
  const revs = await s.apps.listNamespacedControllerRevision({ namespace: s.ns, labelSelector: `app=${name}` });
  return revs.items.sort((a, b) => b.revision - a.revision)[0]!.metadata!.labels!['controller-revision-hash']!;
};
const driver = () => {
  const d = startDriver(kubeconfig);
  drivers.push(d);
  return d;
};
const plan = (p: Partial<Plan>): Plan => ({ ...DEFAULT_PLAN, soakSeconds: 1, readyTimeoutSeconds: 120, ...p });

describe('staged rollout', () => {
  it('replaces pods wave by wave, only on each wave\'s nodes and within maxUnavailable, then restores the strategy', async () => {
    const before = await read('waves');
    const p = plan({ canary: { kind: 'count', count: 2 }, waves: { kind: 'percent', percents: [30, 60, 100] } });
    const predicted = planSteps(p, s.nodes, () => undefined);
    const steps = await watchSteps(s.kc, s, 'waves');
    const sample = await samplePods(s.kc, s, 'waves');
    driver();

    const res = await startPlan(s, 'waves', { template: changedTemplate(before, 'registry.local/agent:2'), plan: p });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('daemonset.apps/waves: staged rollout started (canary on 2 nodes, then 3 waves)');
    const started = await read('waves');
    expect(started.spec?.updateStrategy).toEqual({ type: 'OnDelete' });

    const done = await waitPhase(s, 'waves', 'completed', 150_000);
    steps.stop();
    sample.stop();

    expect(done.spec?.updateStrategy).toEqual(before.spec?.updateStrategy);
    expect(done.metadata?.annotations?.[ANNOTATIONS.originalStrategy]).toBeUndefined();
    const newHash = await currentHash('waves');
    const after = await until('every pod on the new revision', async () => {
      const h = await hashes('waves');
      return h.size === NODES && [...h.values()].every((x) => x.hash === newHash) ? h : false;
    });
    expect(after.size).toBe(NODES);
    // Never more than the DaemonSet's own maxUnavailable (3) nodes without a Ready pod.
    expect(sample.maxUnavailable).toBeGreaterThan(0);
    expect(sample.maxUnavailable).toBeLessThanOrEqual(3);
    // Each wave's old pods were deleted while that wave was current — the predicted waves happened.
    const byStep = predicted.map((_, i) => sample.deletions.filter((d) => predictedStep(predicted, d.node) === i));
    for (const [i, dels] of byStep.entries()) {
      expect(dels.map((d) => d.node).sort()).toEqual([...predicted[i]!.nodes].sort());
      for (const d of dels) expect(steps.stepAt(d.rv), `node ${d.node} of ${predicted[i]!.name}: deleted during step ${steps.stepAt(d.rv)}`).toBe(i);
    }
    expect(sample.deletions).toHaveLength(NODES);
  });

  it('auto-pauses a crash-looping canary naming pod and node; nodes outside keep their pod; abort restores the old revision', async () => {
    const before = await read('crashy');
    const oldHash = await currentHash('crashy');
    const podsBefore = await hashes('crashy');
    driver();
    const p = plan({ canary: { kind: 'count', count: 3 }, waves: { kind: 'percent', percents: [100] }, maxRestarts: 5 });
    const canary = planSteps(p, s.nodes, () => undefined)[0]!.nodes;
    const res = await startPlan(s, 'crashy', { template: changedTemplate(before, 'registry.local/agent:bad', { 'everynode.dev/simulate': 'crash-loop-backoff' }), plan: p });
    expect(res.status).toBe(200);

    const paused = await waitPhase(s, 'crashy', 'paused', 90_000);
    const reason = paused.metadata?.annotations?.[ANNOTATIONS.pausedReason] ?? '';
    expect(reason).toMatch(new RegExp(`^pod crashy-\\S+ on node (${canary.join('|')}): CrashLoopBackOff$`));
    const view = await readPlan(s, 'crashy');
    expect(view.body).toMatchObject({ staged: { phase: 'paused', step: 0, reason, steps: [{ name: 'canary', nodes: canary, state: 'current' }, { name: 'wave 1', state: 'pending' }] } });

    const during = await hashes('crashy');
    for (const node of s.nodes.filter((n) => !canary.includes(n))) expect(during.get(node), node).toEqual(podsBefore.get(node));

    const aborted = await control(s, 'crashy', 'abort');
    expect(aborted.status).toBe(200);
    const ds = await read('crashy');
    expect(ds.spec?.updateStrategy).toEqual(before.spec?.updateStrategy);
    expect(ds.metadata?.annotations?.[ANNOTATIONS.state]).toBe('aborted');
    const restored = await until('the canary nodes back on the old revision', async () => {
      const h = await hashes('crashy');
      return h.size === NODES && [...h.values()].every((x) => x.hash === oldHash) ? h : false;
    }, 90_000);
    // Old-revision pods elsewhere were never touched: same pods as before the plan.
    for (const node of s.nodes.filter((n) => !canary.includes(n))) expect(restored.get(node)?.uid, node).toBe(podsBefore.get(node)?.uid);
    for (const node of canary) expect(restored.get(node)?.uid, node).not.toBe(podsBefore.get(node)?.uid);
  });

  it('continues where it stopped when the driver is killed mid-wave and started again', async () => {
    const before = await read('killed');
    const oldHash = await currentHash('killed');
    const first = driver();
    const p = plan({ canary: { kind: 'count', count: 2 }, waves: { kind: 'percent', percents: [50, 100] } });
    const res = await startPlan(s, 'killed', { template: changedTemplate(before, 'registry.local/agent:3', { 'everynode.dev/simulate': 'slow-ready', 'everynode.dev/ready-after': '2s' }), plan: p });
    expect(res.status).toBe(200);
    const newHash = await until('the new revision', async () => {
      const h = await currentHash('killed');
      return h !== oldHash ? h : false;
    });
    const wave1 = planSteps(p, s.nodes, () => undefined)[1]!.nodes;
    await until('wave 1 under way', async () => {
      const ds = await read('killed');
      const h = await hashes('killed');
      return stepOfDs(ds) === 1 && wave1.some((n) => h.get(n)?.hash === newHash) ? true : false;
    }, 90_000, 100);
    await first.kill('SIGKILL');
    const atKill = await hashes('killed');
    // Nothing moves while no driver runs (OnDelete): the old pods left stay.
    const oldLeft = [...atKill.entries()].filter(([, v]) => v.hash !== newHash).map(([n]) => n);
    expect(oldLeft.length).toBeGreaterThan(0);

    const second = driver();
    const secondId = await identityOf(second);
    const done = await waitPhase(s, 'killed', 'completed', 150_000);
    expect(done.spec?.updateStrategy).toEqual(before.spec?.updateStrategy);
    const lease = await s.kc.makeApiClient(CoordinationV1Api).readNamespacedLease({ namespace: s.ns, name: leaseName('killed') }).catch(() => undefined);
    // The finished plan released its lease (deleted it) — or, if read before release, the second driver held it.
    if (lease) expect(lease.spec?.holderIdentity).toBe(secondId);
    const events = await s.core.listNamespacedEvent({ namespace: s.ns, fieldSelector: 'involvedObject.name=killed' });
    const steps = events.items.filter((e) => e.reason === 'EverynodeStagedStep');
    expect(steps.some((e) => e.message?.includes(secondId) && /completed/.test(e.message))).toBe(true);
    const h = await hashes('killed');
    expect([...h.values()].every((x) => x.hash === newHash)).toBe(true);
  });

  it('with two drivers one drives (Lease) and the other only watches; a hand edit of the template pauses the plan', async () => {
    const before = await read('edited');
    const a = driver();
    const b = driver();
    const ids = [await identityOf(a), await identityOf(b)];
    const p = plan({ canary: { kind: 'count', count: 4 }, waves: { kind: 'percent', percents: [100] }, soakSeconds: 3600 });
    expect((await startPlan(s, 'edited', { template: changedTemplate(before, 'registry.local/agent:4'), plan: p })).status).toBe(200);
    const coordination = s.kc.makeApiClient(CoordinationV1Api);
    const lease = await until('one driver to hold the lease', async () => {
      const l = await coordination.readNamespacedLease({ namespace: s.ns, name: leaseName('edited') }).catch(() => undefined);
      return l?.spec?.holderIdentity ? l : false;
    });
    const holder = lease.spec!.holderIdentity!;
    expect(ids).toContain(holder);
    await until('the canary replaced, soaking', async () => {
      const view = await readPlan(s, 'edited');
      return (view.body as { staged?: { steps: { updated: number }[] } }).staged?.steps[0]?.updated === 4;
    }, 60_000);
    const events = await s.core.listNamespacedEvent({ namespace: s.ns, fieldSelector: 'involvedObject.name=edited' });
    const drove = events.items.filter((e) => e.reason === 'EverynodeStagedStep').map((e) => ids.find((id) => e.message?.includes(id)));
    expect(drove.length).toBeGreaterThan(0);
    expect(new Set(drove)).toEqual(new Set([holder]));

    await kubectl(kubeconfig, ['-n', s.ns, 'patch', 'daemonset', 'edited', '--type', 'merge', '-p', '{"spec":{"template":{"metadata":{"annotations":{"hand":"edit"}}}}}']);
    const paused = await waitPhase(s, 'edited', 'paused', 30_000);
    expect(paused.metadata?.annotations?.[ANNOTATIONS.pausedReason]).toMatch(/^the DaemonSet spec \(pod template\) was changed outside the plan: generation \d+, the plan's is \d+$/);
    const resumed = await control(s, 'edited', 'resume');
    expect(resumed.status).toBe(409);
    expect(resumed.body.error?.message).toMatch(/cannot resume: the DaemonSet spec \(pod template\) was changed outside the plan/);
    expect((await control(s, 'edited', 'abort')).status).toBe(200);
  });

  it('a second Resume seconds after the first acts when the plan paused again in between; a double click does not', async () => {
    // No driver runs: only the person's controls move the plan, all within the repeat window.
    const before = await read('twice');
    expect((await startPlan(s, 'twice', { template: changedTemplate(before, 'registry.local/agent:2'), plan: plan({}) })).status).toBe(200);
    const said = async (c: 'pause' | 'resume') => {
      const res = await control(s, 'twice', c);
      expect(res.status).toBe(200);
      return res.body as { message: string; changed: boolean };
    };
    expect(await said('pause')).toMatchObject({ changed: true });
    expect(await said('resume')).toMatchObject({ changed: true, message: 'daemonset.apps/twice: staged rollout resumed' });
    expect(await said('resume')).toMatchObject({ changed: false }); // the double click
    expect(await said('pause')).toMatchObject({ changed: true });
    expect(await said('resume')).toMatchObject({ changed: true, message: 'daemonset.apps/twice: staged rollout resumed' });
    expect((await read('twice')).metadata?.annotations?.[ANNOTATIONS.state]).toBe('running');
    expect((await control(s, 'twice', 'abort')).status).toBe(200);
  });
});

function predictedStep(steps: { nodes: string[] }[], node: string): number {
  return steps.findIndex((st) => st.nodes.includes(node));
}

