/**
 * Changing an agent against the real controller: for each generated change (image, tolerations
 * added and removed, nodeSelector, affinity with every operator incl. Gt/Lt, strategy only) the
 * preview's gain / lose / replace sets must be what the DaemonSet controller then does — pods
 * appear and vanish on exactly those nodes, replaced ones get new pods, the rest keep theirs —
 * and its settled counts must equal .status. Also: the API server's dry-run refusal comes back
 * field by field, a stale preview is refused with 409 and writes nothing, bad input is refused
 * before anything is sent. Works on its own renamed copy of the seed's nodes and node-exporter.
 */
import { AppsV1Api, CoreV1Api, type V1DaemonSet } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as changeRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/change/route';
import * as previewRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/preview/route';
import type { AgentPreviewResponse } from '@/lib/api/dto';
import type { AgentPatch, RequirementInput, TermInput, TolerationInput } from '@/lib/change/agent/schema';
import { readyCache } from '@/lib/kube/cache/registry';
import { SCENARIO_LABEL } from '@/cluster/lib/scenario';
import { applyScenario, loadScenarioYaml, type KubeObject, type Scenario } from '../cluster';
import { call, post, until, useClusterKubeconfig } from './actions-scenario';

const CORES = 'everynode.test/cores';
let s: Scenario;
let ctx: string;
let ns: string;
let apps: AppsV1Api;
let core: CoreV1Api;
const NAME = 'node-exporter';

/** The seed's nodes (each worker gets an integer label for Gt/Lt), node-exporter and its namespace. */
function seedCopy(): KubeObject[] {
  const objects = loadScenarioYaml('cluster/scenarios/seed.yaml').filter(
    (o) => o.kind === 'Node' || o.metadata.namespace === 'kubesphere-monitoring-system' || (o.kind === 'Namespace' && o.metadata.name === 'kubesphere-monitoring-system'),
  );
  for (const o of objects) {
    const m = /^worker-(\d+)$/.exec(o.metadata.name);
    if (o.kind === 'Node' && m && !o.metadata.annotations?.['everynode.dev/apply']) o.metadata.labels = { ...o.metadata.labels, [CORES]: String(Number(m[1]) * 2) };
  }
  return objects;
}

beforeAll(async () => {
  const kc = useClusterKubeconfig();
  ctx = kc.getCurrentContext();
  s = await applyScenario('change', seedCopy());
  await s.waitSettled({ timeoutMs: 180_000 });
  ns = s.nsName('kubesphere-monitoring-system');
  apps = kc.makeApiClient(AppsV1Api);
  core = kc.makeApiClient(CoreV1Api);
});
afterAll(async () => {
  await s?.cleanup();
});

const params = () => ({ ctx, ns, name: NAME });
const url = (what: string) => `/api/clusters/${ctx}/daemonsets/${ns}/${NAME}/${what}`;
const preview = (json: unknown) => call(previewRoute.POST, post(url('preview'), { json }), params());
const change = (json: unknown) => call(changeRoute.POST, post(url('change'), { json }), params());
const unscope = (node: string) => node.slice(s.id.length + 1);
const read = () => apps.readNamespacedDaemonSet({ namespace: ns, name: NAME });

/** Live pods of node-exporter by (unscoped) node → pod uid; terminating ones left out. */
async function podsByNode(): Promise<Map<string, string>> {
  const ds = await read();
  const pods = await core.listNamespacedPod({ namespace: ns });
  const out = new Map<string, string>();
  for (const p of pods.items) {
    if (p.metadata?.deletionTimestamp || !p.metadata?.ownerReferences?.some((r) => r.uid === ds.metadata?.uid)) continue;
    out.set(unscope(p.spec!.nodeName!), p.metadata!.uid!);
  }
  return out;
}

/** Until the controller has finished: spec observed, every desired pod updated and available, nothing terminating. */
async function settled(): Promise<V1DaemonSet> {
  return until(
    'node-exporter to settle',
    async () => {
      const ds = await read();
      const st = ds.status!;
      const pods = await core.listNamespacedPod({ namespace: ns });
      const done =
        st.observedGeneration === ds.metadata?.generation &&
        (st.updatedNumberScheduled ?? 0) === st.desiredNumberScheduled &&
        (st.numberAvailable ?? 0) === st.desiredNumberScheduled &&
        st.currentNumberScheduled === st.desiredNumberScheduled &&
        pods.items.every((p) => !p.metadata?.deletionTimestamp);
      return done ? ds : false;
    },
    120_000,
    250,
  );
}

/** Until the in-process cache (what the preview reads) shows the same counts as .status. */
async function cacheCaughtUp(ds: V1DaemonSet): Promise<void> {
  await until('the cache to catch up', async () => {
    const agent = (await readyCache(ctx)).engine.agent(ns, NAME, Date.now());
    const st = ds.status!;
    return (
      agent !== undefined &&
      agent.observedGeneration === ds.metadata?.generation &&
      agent.counts.desired === st.desiredNumberScheduled &&
      agent.counts.updated === (st.updatedNumberScheduled ?? 0) &&
      agent.counts.available === (st.numberAvailable ?? 0) &&
      agent.counts.misscheduled === st.numberMisscheduled
    );
  });
}

/** The live template's own lists, so each change keeps the scenario's isolation (its taint and node label). */
async function liveRules(): Promise<{ tolerations: TolerationInput[]; terms: TermInput[] }> {
  const spec = (await read()).spec!.template.spec!;
  const tolerations = (spec.tolerations ?? []).map((t) => ({ key: t.key, operator: t.operator as 'Exists' | 'Equal', value: t.value, effect: t.effect as TolerationInput['effect'] }));
  const terms = spec.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms.map((t) => ({
    matchExpressions: (t.matchExpressions ?? []).map((e) => ({ key: e.key, operator: e.operator as RequirementInput['operator'], values: e.values })),
  }));
  return { tolerations, terms };
}
const scenarioToleration = (t: TolerationInput) => t.key === SCENARIO_LABEL;
const scenarioExpression = { key: SCENARIO_LABEL, operator: 'In' as const };

/** Preview, apply as previewed, settle; then the controller's work must equal the preview. */
async function checkChange(patch: AgentPatch): Promise<AgentPreviewResponse> {
  await cacheCaughtUp(await settled());
  const before = await podsByNode();
  const res = await preview(patch);
  expect(res.status, res.text).toBe(200);
  const p = res.body as unknown as AgentPreviewResponse;
  expect(p.dryRun.ok).toBe(true);

  const applied = await change({ ...patch, resourceVersion: p.resourceVersion });
  expect(applied.status, applied.text).toBe(200);
  expect(applied.body.changed).toBe(true);
  const ds = await settled();
  const after = await podsByNode();

  const gained = [...after.keys()].filter((n) => !before.has(n)).sort();
  const lost = [...before.keys()].filter((n) => !after.has(n)).sort();
  const replaced = [...after.keys()].filter((n) => before.has(n) && before.get(n) !== after.get(n)).sort();
  expect({ gained, lost, replaced }).toEqual({ gained: p.gain.map(unscope).sort(), lost: p.lose.map((l) => unscope(l.node)).sort(), replaced: p.replace.map(unscope).sort() });
  expect({ desired: ds.status!.desiredNumberScheduled, current: ds.status!.currentNumberScheduled, misscheduled: ds.status!.numberMisscheduled }).toEqual(p.settled);
  return p;
}

const workers = (...ns: number[]) => ns.map((n) => `worker-${String(n).padStart(2, '0')}`);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('agent changes: the preview is what the controller does', () => {
  it('1. a strategy-only change (maxUnavailable 100%) replaces nothing', async () => {
    const p = await checkChange({ strategy: { type: 'RollingUpdate', maxUnavailable: '100%' }, changeCause: 'faster rollouts for the test' });
    expect([p.templateChanged, p.counts.replace, p.counts.gain, p.counts.lose]).toEqual([false, 0, 0, 0]);
    expect(p.rollout).toMatchObject({ maxUnavailable: 29, batch: 29, waves: 0 });
  });

  it('2. a new image replaces every pod (29 of the seed) and nothing else', async () => {
    const p = await checkChange({ images: { 'node-exporter': 'prom/node-exporter:v1.8.2' } });
    expect(p.replace.map(unscope).sort()).toEqual(workers(...range(1, 29)));
    expect(p.summary).toContain('29 pods replaced, 29 at a time (1 wave)');
    expect(p.diff).toMatch(/^-\s+image: prom\/node-exporter:v1\.3\.1\n\+\s+image: prom\/node-exporter:v1\.8\.2$/m);
  });

  it('3. tolerating the GPU taint gains the 4 GPU nodes', async () => {
    const { tolerations } = await liveRules();
    const p = await checkChange({ tolerations: [...tolerations, { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(p.gain.map(unscope).sort()).toEqual(['gpu-1', 'gpu-2', 'gpu-3', 'gpu-4']);
  });

  it('4. dropping the GPU toleration again loses them: the rolling update deletes their old pods', async () => {
    const { tolerations } = await liveRules();
    const p = await checkChange({ tolerations: tolerations.filter((t) => t.key !== 'nvidia.com/gpu') });
    expect(p.lose.map((l) => unscope(l.node)).sort()).toEqual(['gpu-1', 'gpu-2', 'gpu-3', 'gpu-4']);
    expect(p.lose[0]!.reasons.map((r) => r.message)).toContain('untolerated taint nvidia.com/gpu=present:NoSchedule');
  });

  it('5. tolerating dedicated=db:NoExecute gains db-1; 6. dropping it evicts (shouldContinueRunning false)', async () => {
    const { tolerations } = await liveRules();
    const gained = await checkChange({ tolerations: [...tolerations, { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute' }] });
    expect(gained.gain.map(unscope)).toEqual(['db-1']);
    const lost = await checkChange({ tolerations: tolerations.filter(scenarioToleration) });
    expect(lost.lose.map((l) => unscope(l.node))).toEqual(['db-1']);
    expect(lost.lose[0]!.reasons[0]!.message).toBe('untolerated taint dedicated=db:NoExecute');
  });

  it('7. a nodeSelector on one zone loses the others, 8. an empty one gains them back', async () => {
    const p = await checkChange({ nodeSelector: { 'topology.kubernetes.io/zone': 'cn-east-1a' } });
    expect(p.counts.lose).toBeGreaterThan(0);
    expect(p.lose[0]!.reasons[0]!.message).toMatch(/^nodeSelector topology\.kubernetes\.io\/zone=cn-east-1a \(node has topology\.kubernetes\.io\/zone="cn-east-1[bc]"\)$/);
    const back = await checkChange({ nodeSelector: {} });
    expect(back.counts.gain).toBe(p.counts.lose);
  });

  it('9. affinity In / NotIn / Exists / DoesNotExist', async () => {
    const { terms } = await liveRules();
    const mine = terms[0]!.matchExpressions!.find((e) => e.key === SCENARIO_LABEL)!;
    const p = await checkChange({
      requiredNodeAffinity: [
        {
          matchExpressions: [
            mine,
            { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6i.4xlarge', 'm6i.2xlarge'] },
            { key: 'topology.kubernetes.io/zone', operator: 'NotIn', values: ['cn-east-1c'] },
            { key: 'node-role.kubernetes.io/worker', operator: 'Exists' },
            { key: 'node-role.kubernetes.io/edge', operator: 'DoesNotExist' },
          ],
        },
      ],
    });
    expect(p.counts.lose).toBeGreaterThan(0);
    expect(p.counts.replace).toBeGreaterThan(0);
  });

  it('10. affinity Gt / Lt on an integer label (two terms, ORed)', async () => {
    const { terms } = await liveRules();
    const mine = terms[0]!.matchExpressions!.find((e) => e.key === SCENARIO_LABEL)!;
    const p = await checkChange({
      requiredNodeAffinity: [
        { matchExpressions: [mine, { key: CORES, operator: 'Gt', values: ['20'] }, { key: CORES, operator: 'Lt', values: ['40'] }] },
        { matchExpressions: [mine, { key: CORES, operator: 'Lt', values: ['5'] }] },
      ],
    });
    // cores = 2 × n: Gt 20 & Lt 40 → workers 11–19; Lt 5 → workers 1–2
    const kept = [...(await podsByNode()).keys()].sort();
    expect(kept).toEqual(workers(1, 2, ...range(11, 19)));
    expect(p.lose.find((l) => unscope(l.node) === 'worker-05')!.reasons[0]!.message).toContain(`${CORES} Gt 20`);
  });

  it('11. restoring the seed’s affinity gains the nodes back; 12. minReadySeconds only replaces nothing', async () => {
    const back = await checkChange({ requiredNodeAffinity: [{ matchExpressions: [{ ...scenarioExpression, values: [s.id] }, { key: 'node-role.kubernetes.io/edge', operator: 'DoesNotExist' }] }] });
    expect(back.counts.gain).toBeGreaterThan(0);
    const quiet = await checkChange({ minReadySeconds: 1 });
    expect([quiet.templateChanged, quiet.counts.replace, quiet.counts.gain, quiet.counts.lose]).toEqual([false, 0, 0, 0]);
  });

  it('records an Event naming the person, and the change-cause in the revision history', async () => {
    const events = await core.listNamespacedEvent({ namespace: ns });
    const mine = events.items.filter((e) => e.reason === 'EverynodeChange');
    expect(mine.length).toBeGreaterThanOrEqual(12);
    expect(mine.some((e) => /changed the DaemonSet \(update strategy, change-cause\): faster rollouts for the test via Everynode$/.test(e.message ?? ''))).toBe(true);
    const revisions = await apps.listNamespacedControllerRevision({ namespace: ns });
    expect(revisions.items.some((r) => r.metadata?.annotations?.['kubernetes.io/change-cause'] === 'faster rollouts for the test')).toBe(true);
  });
});

describe('refusals change nothing', () => {
  /** resourceVersion and generation of the DaemonSet, and its pods' uids. */
  const state = async () => {
    const ds = await read();
    return { rv: ds.metadata?.resourceVersion, generation: ds.metadata?.generation, pods: [...(await podsByNode()).entries()].sort() };
  };

  it('the API server’s dry-run refusal comes back as 422, field by field', async () => {
    await settled();
    const before = await state();
    const yaml = `metadata:\n  labels:\n    app: something-else\nspec:\n  containers:\n  - name: node-exporter\n    image: prom/node-exporter:v1.8.2\n`;
    const res = await preview({ templateYaml: yaml });
    expect(res.status, res.text).toBe(422);
    const causes = (res.body.error as { causes?: { field: string; message: string }[] }).causes ?? [];
    expect(causes.map((c) => c.field)).toContain('spec.template.metadata.labels');
    expect(res.body.error!.message).toContain('selector');
    expect(await state()).toEqual(before);
  });

  it('a stale preview is refused with 409 in words, and nothing is written', async () => {
    await settled();
    const res = await preview({ images: { 'node-exporter': 'prom/node-exporter:v9.9.9' } });
    expect(res.status, res.text).toBe(200);
    const { resourceVersion } = res.body as unknown as AgentPreviewResponse;
    // someone else changes the DaemonSet in between
    await apps.patchNamespacedDaemonSet({ namespace: ns, name: NAME, body: [{ op: 'add', path: '/metadata/labels/touched', value: 'yes' }] });
    const before = await state();
    const applied = await change({ images: { 'node-exporter': 'prom/node-exporter:v9.9.9' }, resourceVersion });
    expect(applied.status).toBe(409);
    expect(applied.body.error!.message).toBe(`${NAME} changed since the preview; preview again`);
    expect(await state()).toEqual(before);
    expect((await read()).spec!.template.spec!.containers[0]!.image).not.toBe('prom/node-exporter:v9.9.9');
  });

  it.each([
    ['an invalid image', { images: { 'node-exporter': 'prom/Node Exporter' } }, 400, 'images.node-exporter'],
    ['a container the template lacks', { images: { sidecar: 'nginx:1' } }, 400, 'images.sidecar'],
    ['an unknown operator', { requiredNodeAffinity: [{ matchExpressions: [{ key: 'zone', operator: 'Near', values: ['a'] }] }] }, 400, 'requiredNodeAffinity.0.matchExpressions.0.operator'],
    ['Gt with a non-integer', { requiredNodeAffinity: [{ matchExpressions: [{ key: CORES, operator: 'Gt', values: ['many'] }] }] }, 400, 'Gt needs an integer value'],
    ['an illegal toleration key', { tolerations: [{ key: 'bad key!', operator: 'Exists' }] }, 400, 'tolerations.0.key'],
    ['unknown fields', { images: {}, replicas: 3 }, 400, 'replicas'],
    ['a 1 MB body', { templateYaml: 'x'.repeat(1024 * 1024) }, 413, '65536 bytes'],
  ])('%s → 4xx naming it, on preview and apply', async (_what, body, status, words) => {
    const before = await state();
    for (const res of [await preview(body), await change({ ...body, resourceVersion: before.rv })]) {
      expect(res.status, res.text).toBe(status);
      expect(res.body.error!.message).toContain(words);
    }
    expect(await state()).toEqual(before);
  });
});
