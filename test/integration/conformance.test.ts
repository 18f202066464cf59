/**
 * Conformance of the coverage engine (lib/coverage) with the real DaemonSet controller: a generated
 * scenario of 24 nodes × 8 agents mixing taints of every effect, tolerations of every form,
 * nodeSelector, required node affinity with every operator (and matchFields), template nodeName,
 * cordoned and NotReady nodes. At every settled moment — after the first settle and repeatedly
 * during rolling updates (maxUnavailable, maxSurge and percentage variants) — for every agent:
 *   - the nodes holding its pods are exactly the nodes the engine says shouldRun (plus the ones
 *     it calls misscheduled), and
 *   - every engine count equals what the controller wrote to .status.
 * Any disagreement is a bug in the engine.
 */
import { AppsV1Api, CoreV1Api, type V1ControllerRevision, type V1DaemonSet, type V1Node, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_LABEL } from '@/cluster/lib/scenario';
import { CoverageEngine } from '@/lib/coverage/engine';
import type { KNodeSelectorTerm, KTaint, KToleration } from '@/lib/coverage/k8s';
import { targetNodeName } from '@/lib/coverage/pods';
import { ClusterCache } from '@/lib/kube/cache/cluster-cache';
import { applyScenario, kubectl, type Scenario } from '../cluster';
import { capacity, daemonSet, kwokNode, type DaemonSetObject, type KwokNode } from '../support/builders';
import { until } from '../support/until';

const NS = 'conformance';
const NODE_COUNT = 24;
const nodeName = (i: number) => `n-${String(i).padStart(2, '0')}`;

/** Node i's labels and taints: a deterministic mix so every rule meets matching and failing nodes. */
function nodeSpec(i: number): { labels: Record<string, string>; taints: KTaint[]; cordoned: boolean; notReady: boolean } {
  const labels: Record<string, string> = { tier: i % 5 === 0 ? 'batch' : 'web', cores: ['2', '8', '32', 'many'][i % 4]! };
  const zone = ['a', 'b', 'c', undefined][(i + 1) % 4];
  if (zone) labels.zone = zone;
  if (i % 7 === 0) labels['node-role.kubernetes.io/edge'] = '';
  if (i % 3 === 0) labels.role = 'log';
  const taints: KTaint[] = [];
  if (i % 6 === 1) taints.push({ key: 'dedicated', value: 'db', effect: 'NoExecute' });
  if (i % 6 === 2) taints.push({ key: 'k', value: 'v', effect: 'NoSchedule' });
  if (i % 6 === 3) taints.push({ key: 'soft', effect: 'PreferNoSchedule' });
  if (i % 8 === 4) taints.push({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' });
  if (i % 9 === 5) taints.push({ key: 'gpu', value: 'present', effect: 'NoSchedule' }, { key: 'gpu', value: 'present', effect: 'NoExecute' });
  return { labels, taints, cordoned: i === 10 || i === 17, notReady: i === 11 || i === 22 };
}

function node(i: number): KwokNode {
  const { labels, taints, cordoned, notReady } = nodeSpec(i);
  const name = nodeName(i);
  return kwokNode(name, {
    labels: { 'kubernetes.io/arch': 'amd64', ...labels, ...(notReady ? { 'everynode.dev/simulate': 'node-not-ready' } : {}) },
    taints,
    unschedulable: cordoned,
    status: {
      ...capacity({ cpu: '8', memory: '32Gi', pods: '110' }),
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: 'containerd://2.1.4',
        kernelVersion: '6.8.0',
        kubeProxyVersion: '',
        kubeletVersion: 'v1.36.3',
        machineID: '',
        operatingSystem: 'linux',
        osImage: 'Ubuntu 24.04',
        systemUUID: '',
      },
    },
  });
}

interface AgentSpec {
  name: string;
  nodeSelector?: Record<string, string>;
  terms?: KNodeSelectorTerm[];
  tolerations?: KToleration[];
  hostNetwork?: boolean;
  nodeName?: string;
  annotations?: Record<string, string>;
  minReadySeconds?: number;
  rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string };
}

const SLOW = { 'everynode.dev/simulate': 'slow-ready', 'everynode.dev/ready-after': '3s' };

const AGENTS: AgentSpec[] = [
  // no rules: every node without an untolerated NoSchedule/NoExecute taint (cordoned ones included)
  { name: 'plain', annotations: SLOW, rollingUpdate: { maxUnavailable: 2, maxSurge: 0 } },
  // empty key + Exists: everything, NotReady nodes included
  { name: 'tolerate-all', tolerations: [{ operator: 'Exists' }], hostNetwork: true },
  // nodeSelector, Equal toleration with value and effect
  { name: 'selector', nodeSelector: { zone: 'a' }, tolerations: [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }], annotations: SLOW, rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
  // In + NotIn ANDed; key-only Exists toleration (every effect of that key)
  {
    name: 'in-notin',
    terms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }, { key: 'tier', operator: 'NotIn', values: ['batch'] }] }],
    tolerations: [{ key: 'dedicated', operator: 'Exists' }],
    annotations: SLOW,
    rollingUpdate: { maxUnavailable: '25%', maxSurge: 0 },
  },
  // three ORed terms: Exists, Gt (non-integer label values never match), matchFields; empty key + effect
  {
    name: 'or-terms',
    terms: [
      { matchExpressions: [{ key: 'node-role.kubernetes.io/edge', operator: 'Exists' }] },
      { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] },
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName(13)] }] },
    ],
    tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
    rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' },
    annotations: SLOW,
  },
  // DoesNotExist + Lt; operator defaulted to Equal with empty effect (both gpu taints); minReadySeconds
  {
    name: 'not-edge',
    terms: [{ matchExpressions: [{ key: 'node-role.kubernetes.io/edge', operator: 'DoesNotExist' }, { key: 'cores', operator: 'Lt', values: ['16'] }] }],
    tolerations: [{ key: 'gpu', value: 'present' }],
    annotations: { 'everynode.dev/simulate': 'slow-ready', 'everynode.dev/ready-after': '2s' },
    minReadySeconds: 2,
  },
  // pinned by template nodeName
  { name: 'pinned', nodeName: nodeName(6) },
  // tolerates NotReady (not-ready NoSchedule) and crash-loops
  {
    name: 'crashy',
    terms: [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'batch'] }] }],
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }, { key: 'soft', operator: 'Exists' }],
    annotations: { 'everynode.dev/simulate': 'crash-loop-backoff' },
  },
];

function agentDaemonSet(a: AgentSpec): DaemonSetObject {
  return daemonSet(NS, a.name, {
    image: `example.com/${a.name}:1`,
    minReadySeconds: a.minReadySeconds,
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: a.rollingUpdate ?? { maxUnavailable: 1 } },
    templateAnnotations: { 'everynode.dev/rev': '1', ...(a.annotations ?? {}) },
    nodeSelector: a.nodeSelector,
    podSpec: {
      ...(a.nodeName ? { nodeName: a.nodeName } : {}),
      ...(a.terms ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: a.terms } } } } : {}),
      ...(a.tolerations ? { tolerations: a.tolerations } : {}),
      ...(a.hostNetwork ? { hostNetwork: true } : {}),
    },
  });
}

let s: Scenario;
let ns: string;

beforeAll(async () => {
  const objects = [...Array.from({ length: NODE_COUNT }, (_, k) => node(k + 1)), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }, ...AGENTS.map(agentDaemonSet)];
  s = await applyScenario('conformance', objects);
  live = new ClusterCache('conformance', s.kc, new CoverageEngine()).start();
  await live.whenReady(60_000);
  ns = s.nsName(NS);
  await s.waitSettled({ timeoutMs: 240_000 });
});

afterAll(async () => {
  live?.stop();
  await s?.cleanup();
});

interface Snapshot {
  engine: CoverageEngine;
  daemonSets: V1DaemonSet[];
  pods: V1Pod[];
  revisions: V1ControllerRevision[];
  now: number;
}

const fingerprint = (items: { metadata?: { uid?: string; resourceVersion?: string } }[]) =>
  items
    .map((o) => `${o.metadata?.uid}@${o.metadata?.resourceVersion}`)
    .sort()
    .join(',');

/** A consistent read of the scenario (DaemonSets and pods unchanged across two reads), fed to a fresh engine. */
async function snapshot(): Promise<Snapshot> {
  const core = s.kc.makeApiClient(CoreV1Api);
  const apps = s.kc.makeApiClient(AppsV1Api);
  for (let attempt = 0; attempt < 20; attempt++) {
    const [nodes, daemonSets, pods, revisions] = await Promise.all([
      core.listNode({ labelSelector: `${SCENARIO_LABEL}=${s.id}` }),
      apps.listNamespacedDaemonSet({ namespace: ns }),
      core.listNamespacedPod({ namespace: ns }),
      apps.listNamespacedControllerRevision({ namespace: ns }),
    ]);
    const now = Date.now();
    const [daemonSets2, pods2] = await Promise.all([apps.listNamespacedDaemonSet({ namespace: ns }), core.listNamespacedPod({ namespace: ns })]);
    if (fingerprint(daemonSets.items) !== fingerprint(daemonSets2.items) || fingerprint(pods.items) !== fingerprint(pods2.items)) {
      await new Promise((r) => setTimeout(r, 300));
      continue;
    }
    const engine = new CoverageEngine();
    // typed client-node objects go in as they come (Dates, class instances)
    nodes.items.forEach((n: V1Node) => engine.upsert('Node', n));
    revisions.items.forEach((r: V1ControllerRevision) => engine.upsert('ControllerRevision', r));
    pods.items.forEach((p: V1Pod) => engine.upsert('Pod', p));
    daemonSets.items.forEach((d: V1DaemonSet) => engine.upsert('DaemonSet', d));
    return { engine, daemonSets: daemonSets.items, pods: pods.items, revisions: revisions.items, now };
  }
  throw new Error('the scenario kept changing; no consistent snapshot');
}

/**
 * Every disagreement between an engine and the controller, in words ([] when they agree). The
 * engine is the snapshot's fresh one unless another is given (the watch-fed one also sees the
 * rest of the cluster: only the scenario's nodes are compared).
 */
function disagreements(snap: Snapshot, engine = snap.engine, label = 'fresh'): string[] {
  const { daemonSets, pods, now } = snap;
  const all = engine.nodeNames();
  const mine = all.map((n, i) => [n, i] as const).filter(([n]) => s.nodeNames.includes(n));
  const names = mine.map(([n]) => n);
  const out: string[] = [];
  expect(names).toHaveLength(NODE_COUNT);
  for (const ds of daemonSets) {
    const whole = engine.agent(ns, ds.metadata!.name!, now)!;
    const a = { ...whole, cells: mine.map(([, i]) => whole.cells[i]!) };
    const podNodes = [
      ...new Set(
        pods
          .filter((p) => p.metadata?.ownerReferences?.some((r) => r.controller && r.uid === ds.metadata!.uid) && !p.metadata?.deletionTimestamp)
          .map((p) => targetNodeName(p) ?? '?'),
      ),
    ].sort();
    const shouldRun = names.filter((_, i) => a.cells[i]!.shouldRun);
    const misscheduled = names.filter((_, i) => !a.cells[i]!.shouldRun && a.cells[i]!.pods.length > 0);
    const expected = [...new Set([...shouldRun, ...misscheduled])].sort();
    if (JSON.stringify(podNodes) !== JSON.stringify(expected)) {
      out.push(`${a.name} (${label}): pods on [${podNodes.join(' ')}], engine shouldRun [${shouldRun.join(' ')}] + misscheduled [${misscheduled.join(' ')}]`);
    }
    if (JSON.stringify(a.counts) !== JSON.stringify(a.status)) out.push(`${a.name} (${label}): engine counts ${JSON.stringify(a.counts)} != .status ${JSON.stringify(a.status)}`);
  }
  return out;
}

/**
 * The engine as the console runs it: one long-lived instance fed by the cache's watches, event by
 * event, in the API server's order. At every moment it must agree with the controller too.
 */
let live: ClusterCache<CoverageEngine>;

/**
 * A consistent snapshot that the watch-fed engine holds too (same DaemonSets, pods, revisions):
 * mid-rollout the cluster may move on before the watches catch up; then another snapshot is taken.
 */
async function snapshotSeenByCache(): Promise<Snapshot> {
  const inNs = (kind: 'DaemonSet' | 'Pod' | 'ControllerRevision') =>
    fingerprint([...live.objects(kind)].filter((o) => o.metadata?.namespace === ns) as { metadata?: { uid?: string; resourceVersion?: string } }[]);
  const seen = (snap: Snapshot) => inNs('DaemonSet') === fingerprint(snap.daemonSets) && inNs('Pod') === fingerprint(snap.pods) && inNs('ControllerRevision') === fingerprint(snap.revisions);
  return until(
    'a snapshot the watch-fed engine holds too',
    async () => {
      const snap = await snapshot();
      const caughtUp = await until('the watches to catch up', () => seen(snap), { timeoutMs: 2_000, everyMs: 20 }).then(() => true, () => false);
      return caughtUp ? snap : undefined;
    },
    { timeoutMs: 60_000, everyMs: 50, retryErrors: false },
  );
}

const rolled = AGENTS.filter((a) => a.rollingUpdate).map((a) => a.name);

describe('coverage engine vs the real DaemonSet controller', () => {
  it('agrees on placement and counts once settled', async () => {
    const snap = await snapshotSeenByCache();
    expect(disagreements(snap)).toEqual([]);
    expect(disagreements(snap, live.engine, 'watch-fed')).toEqual([]);
    // the scenario exercises what it claims: exclusions by taint, selector, affinity and nodeName
    const reasons = new Set(snap.engine.agents(snap.now).flatMap((a) => a.cells.flatMap((c) => c.reasons.map((r) => r.kind))));
    expect([...reasons].sort()).toEqual(expect.arrayContaining(['affinity', 'nodeName', 'nodeSelector', 'taint']));
    const states = new Set(snap.engine.agents(snap.now).flatMap((a) => a.cells.map((c) => c.state)));
    expect([...states]).toEqual(expect.arrayContaining(['ready', 'ineligible', 'failing', 'node-unhealthy']));
  });

  it('agrees at every settled moment of rolling updates (maxUnavailable, maxSurge, percentages)', { timeout: 300_000 }, async () => {
    for (const name of rolled) {
      await kubectl(s.kubeconfig, ['-n', ns, 'patch', 'daemonset', name, '--type', 'merge', '-p', JSON.stringify({ spec: { template: { metadata: { annotations: { 'everynode.dev/rev': '2' } } } } })]);
    }
    let moments = 0;
    let midRollout = 0;
    const deadline = Date.now() + 240_000;
    for (;;) {
      // Quiet moments count even while slow pods are starting: those are the mid-rollout moments.
      await s.waitSettled({ quietMs: 1_000, timeoutMs: 120_000, waitForStartingPods: false });
      const snap = await snapshotSeenByCache();
      expect(disagreements(snap), `moment ${moments}`).toEqual([]);
      expect(disagreements(snap, live.engine, 'watch-fed'), `moment ${moments}`).toEqual([]);
      moments++;
      const agents = snap.engine.agents(snap.now).filter((a) => rolled.includes(a.name));
      const done = agents.every((a) => a.counts.updated === a.counts.desired && a.counts.available === a.counts.desired && a.observedGeneration === a.generation);
      if (!done) midRollout++;
      if (done || Date.now() > deadline) break;
    }
    expect(moments).toBeGreaterThan(1);
    expect(midRollout).toBeGreaterThan(0);
  });

  it('evicts exactly the pods the engine says may not continue running (NoExecute taint added)', { timeout: 180_000 }, async () => {
    // n-03: untainted, zone a, tier web: plain, selector, tolerate-all, in-notin and crashy run there.
    const node = s.nodeName(nodeName(3));
    const podsThere = (snap: Snapshot) =>
      snap.daemonSets
        .filter((ds) => snap.pods.some((p) => p.spec?.nodeName === node && !p.metadata?.deletionTimestamp && p.metadata?.ownerReferences?.some((r) => r.uid === ds.metadata!.uid)))
        .map((ds) => ds.metadata!.name!)
        .sort();
    const before = await snapshot();
    expect(podsThere(before)).toEqual(['crashy', 'in-notin', 'plain', 'selector', 'tolerate-all']);

    await kubectl(s.kubeconfig, ['taint', 'node', node, 'dedicated=db:NoExecute']);
    const ready = await until('the engine to see the taint', async () => {
      const snap = await snapshot();
      const i = snap.engine.nodeNames().indexOf(node);
      return snap.engine.agent(ns, 'plain', snap.now)?.cells[i]?.taintMismatch === 'dedicated=db:NoExecute' ? snap : undefined;
    });
    const i = ready.engine.nodeNames().indexOf(node);
    const mayContinue = ready.engine.agents(ready.now).filter((a) => a.cells[i]!.shouldContinueRunning && a.cells[i]!.pods.length > 0).map((a) => a.name).sort();
    expect(mayContinue).toEqual(['in-notin', 'tolerate-all']); // they tolerate dedicated (Exists / everything)

    await s.waitSettled({ quietMs: 2_000, timeoutMs: 120_000, waitForStartingPods: false });
    const after = await snapshotSeenByCache();
    expect(podsThere(after)).toEqual(mayContinue);
    expect(disagreements(after)).toEqual([]);
    expect(disagreements(after, live.engine, 'watch-fed')).toEqual([]);
  });
});
