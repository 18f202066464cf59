/**
 * Node changes (taint, label, cordon) against the real controllers, on a renamed copy of the
 * seed: for every generated change, the preview's per-agent sets are exactly what the
 * DaemonSet controller then does (pods vanish from the evicted nodes, appear on the gained
 * ones, stay where scheduling merely stops), and its predicted counts equal `.status` once
 * settled. A stale preview answers 409 and writes nothing; several nodes report per node.
 */
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as nodeChangeRoute from '@/app/api/clusters/[ctx]/nodes/[node]/change/route';
import * as nodePreviewRoute from '@/app/api/clusters/[ctx]/nodes/[node]/preview/route';
import * as nodesChangeRoute from '@/app/api/clusters/[ctx]/nodes/change/route';
import * as nodesPreviewRoute from '@/app/api/clusters/[ctx]/nodes/preview/route';
import * as permissionsRoute from '@/app/api/clusters/[ctx]/permissions/route';
import type { NodeChangePreviewResponse, NodeChangeResponse, NodeChangeSpecDTO, PermissionsResponse } from '@/lib/api/dto';
import { TAINT_EFFECTS } from '@/lib/change/node/syntax';
import { readyCache, stopAllCaches } from '@/lib/kube/cache/registry';
import { currentContext } from '@/lib/kube/contexts';
import { applyScenario, kubectl, loadScenarioYaml, type Scenario, type SettledState } from '../cluster';
import { call, get, post, until, useClusterKubeconfig } from './actions-scenario';

let s: Scenario;
let ctx: string;
let core: CoreV1Api;

beforeAll(async () => {
  useClusterKubeconfig();
  ctx = currentContext();
  s = await applyScenario('changenode', loadScenarioYaml('cluster/scenarios/seed.yaml'));
  core = s.kc.makeApiClient(CoreV1Api);
  await s.waitSettled({ timeoutMs: 180_000 });
});
afterAll(async () => {
  stopAllCaches();
  await s?.cleanup();
});

type Handler = Parameters<typeof call>[0];
const previewOne = (node: string, spec: NodeChangeSpecDTO) => call(nodePreviewRoute.POST as Handler, post('/api/x', { json: spec }), { ctx, node });
const changeOne = (node: string, spec: NodeChangeSpecDTO, resourceVersion: string) =>
  call(nodeChangeRoute.POST as Handler, post('/api/x', { json: { ...spec, resourceVersion } }), { ctx, node });
const previewMany = (nodes: string[], spec: NodeChangeSpecDTO) => call(nodesPreviewRoute.POST as Handler, post('/api/x', { json: { ...spec, nodes } }), { ctx });
const changeMany = (nodes: { name: string; resourceVersion: string }[], spec: NodeChangeSpecDTO) =>
  call(nodesChangeRoute.POST as Handler, post('/api/x', { json: { ...spec, nodes } }), { ctx });

const agentKey = (namespace: string, name: string) => `${namespace}/${name}`;
const mine = (p: NodeChangePreviewResponse) => p.agents.filter((a) => s.namespaces.includes(a.namespace));
const apiRv = async (node: string) => (await core.readNode({ name: node })).metadata?.resourceVersion;

/** The cache has caught up with the settled cluster: same node versions, and every agent's counts equal .status. */
async function cacheCaughtUp(state: SettledState): Promise<void> {
  const cache = await readyCache(ctx);
  await until('the cache to catch up with the cluster', async () => {
    for (const n of s.nodeNames) if (cache.engine.getNode(n)?.metadata?.resourceVersion !== (await apiRv(n))) return false;
    for (const d of state.daemonSets) {
      const c = cache.engine.agent(d.namespace, d.name, Date.now())?.counts;
      if (!c || c.desired !== d.desired || c.current !== d.current || c.misscheduled !== d.misscheduled || c.updated !== d.updated) return false;
    }
    return true;
  });
}

/** Nodes (of `among`) with a live pod of each agent. */
function podNodes(state: SettledState, among: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const p of state.pods) {
    if (p.terminating || !among.includes(p.nodeName)) continue;
    const key = agentKey(p.namespace, p.owner);
    if (!out.has(key)) out.set(key, new Set());
    out.get(key)!.add(p.nodeName);
  }
  return out;
}

/**
 * "Settled" cannot see a DaemonSet whose status the controller has not recomputed yet after a
 * node-only change (no generation moves): on this loaded machine node-exporter was seen keeping
 * desiredNumberScheduled for minutes after an untolerated NoSchedule taint, its pod staying as it
 * should. Any DaemonSet event makes the controller recompute .status, so touch a metadata
 * annotation (no spec change, no rollout) and settle again before comparing counts.
 */
let resyncs = 0;
async function resyncDaemonSets(): Promise<SettledState> {
  resyncs += 1;
  for (const ns of s.namespaces) await kubectl(s.kubeconfig, ['annotate', 'daemonset', '--all', '-n', ns, '--overwrite', `everynode.test/resync=${resyncs}`]);
  return s.waitSettled({ timeoutMs: 120_000 });
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

interface Checked {
  preview: NodeChangePreviewResponse;
  byAgent: Record<string, NodeChangePreviewResponse['agents'][number]>;
  after: SettledState;
}

/**
 * Preview, apply with the previewed resourceVersions, settle, and hold the preview to what the
 * controller did on those nodes: vanished = evicted nodes that had a pod, appeared = gained nodes
 * that had none, a stopped node keeps its pod; desired and misscheduled equal .status.
 */
async function previewApplyAndCompare(nodes: string[], spec: NodeChangeSpecDTO): Promise<Checked> {
  const before = await s.waitSettled();
  await cacheCaughtUp(before);
  const p = nodes.length === 1 ? await previewOne(nodes[0]!, spec) : await previewMany(nodes, spec);
  expect(p.status, p.text).toBe(200);
  const preview = p.body as unknown as NodeChangePreviewResponse;
  expect(preview.nodes.map((n) => n.name)).toEqual(nodes);

  const applied =
    nodes.length === 1 ? await changeOne(nodes[0]!, spec, preview.nodes[0]!.resourceVersion) : await changeMany(preview.nodes.map((n) => ({ name: n.name, resourceVersion: n.resourceVersion })), spec);
  expect(applied.status, applied.text).toBe(200);
  const answer = applied.body as unknown as NodeChangeResponse;
  expect(answer.counts.failed).toBe(0);

  await s.waitSettled({ timeoutMs: 120_000 });
  const after = await resyncDaemonSets();
  const had = podNodes(before, nodes);
  const has = podNodes(after, nodes);
  const byAgent: Checked['byAgent'] = {};
  for (const a of mine(preview)) {
    const key = agentKey(a.namespace, a.name);
    byAgent[a.name] = a;
    const h = had.get(key) ?? new Set<string>();
    const n = has.get(key) ?? new Set<string>();
    const vanished = sorted([...h].filter((x) => !n.has(x)));
    const appeared = sorted([...n].filter((x) => !h.has(x)));
    expect({ agent: key, vanished }).toEqual({ agent: key, vanished: sorted(a.nodes.evicted.filter((x) => h.has(x))) });
    expect({ agent: key, appeared }).toEqual({ agent: key, appeared: sorted(a.nodes.gains.filter((x) => !h.has(x))) });
    for (const stopped of a.nodes.stops) if (h.has(stopped)) expect({ agent: key, stays: n.has(stopped) }).toEqual({ agent: key, stays: true });
    const st = after.daemonSets.find((d) => d.namespace === a.namespace && d.name === a.name)!;
    expect({ agent: key, desired: st.desired, misscheduled: st.misscheduled }).toEqual({ agent: key, desired: a.desired.after, misscheduled: a.misscheduled.after });
  }
  // every agent of the scenario is previewed
  expect(Object.keys(byAgent)).toHaveLength(after.daemonSets.length);
  return { preview, byAgent, after };
}

const moved = (a: Checked['byAgent'][string]) => a.counts.evicted + a.counts.stops + a.counts.gains;

describe('node changes: the preview equals what the controller does', () => {
  // One taint per effect, each on its own worker (generated from the effects the API accepts).
  for (const [i, effect] of TAINT_EFFECTS.entries()) {
    it(`taint ${effect}`, async () => {
      const node = s.nodeName(`worker-1${i}`);
      const { byAgent } = await previewApplyAndCompare([node], { taints: [`everynode.test/gen-${i}=v${i}:${effect}`] });
      const exporter = byAgent['node-exporter']!;
      if (effect === 'NoExecute') {
        expect(exporter.nodes.evicted).toEqual([node]);
        expect(exporter.podsDeleted).toBe(1);
        expect(exporter.reasons).toEqual({ [`untolerated taint everynode.test/gen-${i}=v${i}:NoExecute`]: 1 });
      } else if (effect === 'NoSchedule') {
        expect(exporter.nodes.stops).toEqual([node]);
        expect(exporter.misscheduled.after).toBe(exporter.misscheduled.before + 1);
      } else {
        expect(Object.values(byAgent).map(moved)).toEqual(Object.values(byAgent).map(() => 0));
      }
      // fluent-bit tolerates everything
      expect(moved(byAgent['fluent-bit']!)).toBe(0);
    });
  }

  const labelCases: [string, string, string, (a: Checked['byAgent'][string], node: string) => void][] = [
    ['add', 'worker-20', 'anyrobot-app=true', (a, node) => expect(a.nodes.gains).toEqual([node])],
    ['remove', 'worker-03', 'anyrobot-app-', (a, node) => expect(a.nodes.evicted).toEqual([node])],
    ['change', 'worker-04', 'anyrobot-app=false', (a, node) => expect(a.nodes.evicted).toEqual([node])],
  ];
  for (const [what, name, label, expectLogstash] of labelCases) {
    it(`label ${what} (${label})`, async () => {
      const node = s.nodeName(name);
      const { byAgent, preview } = await previewApplyAndCompare([node], { labels: [label] });
      expectLogstash(byAgent['logstash-input']!, node);
      expect(preview.nodes[0]!.ops[0]).toMatchObject({ change: label, changed: true });
    });
  }

  it('cordon moves no agent, and the preview says why', async () => {
    const node = s.nodeName('worker-21');
    const { byAgent, preview } = await previewApplyAndCompare([node], { unschedulable: true });
    expect(Object.values(byAgent).map(moved)).toEqual(Object.values(byAgent).map(() => 0));
    expect(preview.notes.join(' ')).toContain('DaemonSet pods tolerate node.kubernetes.io/unschedulable');
    const live = await core.readNode({ name: node });
    expect(live.spec?.unschedulable).toBe(true);
    // the node lifecycle controller added the taint the preview assumed
    await until('the unschedulable taint', async () => (await core.readNode({ name: node })).spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unschedulable'));
  });

  it('removing the db NoExecute taint gains the node for the agents that did not tolerate it', async () => {
    const node = s.nodeName('db-1');
    const { byAgent } = await previewApplyAndCompare([node], { taints: ['dedicated-'] });
    expect(byAgent['node-exporter']!.nodes.gains).toEqual([node]);
  });

  it('several nodes at once: counts per agent, one patch per node', async () => {
    const nodes = [s.nodeName('gpu-1'), s.nodeName('gpu-2')];
    const { byAgent } = await previewApplyAndCompare(nodes, { taints: ['nvidia.com/gpu:NoSchedule-'] });
    expect(byAgent['node-exporter']!.counts.gains).toBe(2);
    expect(byAgent['nvidia-device-plugin']!.counts.unchanged).toBe(2);
  });

  it('records an Event on the Node naming the person', async () => {
    const node = s.nodeName('worker-10');
    const events = await until('the audit Event on the node', async () => {
      const list = await core.listNamespacedEvent({ namespace: 'default', fieldSelector: `involvedObject.kind=Node,involvedObject.name=${node},reason=EverynodeNodeChange` });
      return list.items.length > 0 ? list.items : false;
    });
    expect(events[0]!.message).toMatch(/^kubeconfig user .+ changed node .+ \(taint everynode\.test\/gen-0=v0:NoSchedule\) via Everynode$/);
  });
});

describe('node changes: concurrency, repeats and partial failure', () => {
  it('a stale preview answers 409 in words and writes nothing', async () => {
    const node = s.nodeName('worker-22');
    const p = await previewOne(node, { labels: ['everynode.test/stale=yes'] });
    const rv = (p.body as unknown as NodeChangePreviewResponse).nodes[0]!.resourceVersion;
    await kubectl(s.kubeconfig, ['label', 'node', node, 'everynode.test/meanwhile=1']);
    const res = await changeOne(node, { labels: ['everynode.test/stale=yes'] }, rv);
    expect(res.status).toBe(409);
    expect(res.body.error?.message).toBe(`node ${node} changed since the preview; preview again`);
    expect((await core.readNode({ name: node })).metadata?.labels?.['everynode.test/stale']).toBeUndefined();
  });

  it('an immediate identical repeat is answered once, without a second write', async () => {
    const node = s.nodeName('worker-23');
    const rv = (await apiRv(node))!;
    const first = await changeOne(node, { labels: ['everynode.test/once=yes'] }, rv);
    expect(first.body).toMatchObject({ changed: true, message: `node/${node} labeled` });
    const after = await apiRv(node);
    const again = await changeOne(node, { labels: ['everynode.test/once=yes'] }, rv);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ changed: false });
    expect(await apiRv(node)).toBe(after);
  });

  it('across several nodes, a stale one fails on its own and the others change', async () => {
    const nodes = ['worker-24', 'worker-25', 'worker-26'].map((n) => s.nodeName(n));
    const spec = { labels: ['everynode.test/partial=yes'] };
    const p = await previewMany(nodes, spec);
    const previewed = (p.body as unknown as NodeChangePreviewResponse).nodes.map((n) => ({ name: n.name, resourceVersion: n.resourceVersion }));
    await kubectl(s.kubeconfig, ['label', 'node', nodes[1]!, 'everynode.test/meanwhile=1']);
    const res = await changeMany(previewed, spec);
    expect(res.status).toBe(200);
    const answer = res.body as unknown as NodeChangeResponse;
    expect(answer.counts).toEqual({ changed: 2, unchanged: 0, failed: 1 });
    expect(answer.results.map((r) => [r.node, r.result, r.status])).toEqual([
      [nodes[0], 'changed', 200],
      [nodes[1], 'failed', 409],
      [nodes[2], 'changed', 200],
    ]);
    expect(answer.message).toContain(`2 of 3 nodes changed, 1 failed (first: node ${nodes[1]} changed since the preview; preview again)`);
    const labelOf = async (n: string) => (await core.readNode({ name: n })).metadata?.labels?.['everynode.test/partial'];
    expect(await Promise.all(nodes.map(labelOf))).toEqual(['yes', undefined, 'yes']);
  });

  it('the permissions route says the person may change nodes', async () => {
    const res = await call(permissionsRoute.GET as Handler, get(`/api/x?namespace=${s.namespaces[0]}`), { ctx });
    expect((res.body as unknown as PermissionsResponse).changeNode).toEqual({ allowed: true });
  });
});
