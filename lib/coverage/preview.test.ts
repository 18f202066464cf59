import { describe, expect, it } from 'vitest';
import { mkDaemonSet, mkNode, mkPod, mkRevision } from '@/test/support/engine/synthetic';
import { CoverageEngine } from './engine';
import type { KDaemonSet, KNode, KPod } from './k8s';
import { previewAgentChange } from './preview';

const NOW = Date.parse('2025-06-01T00:00:00Z');
const GPU = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };
const DB = { key: 'dedicated', value: 'db', effect: 'NoExecute' };

/**
 * 6 workers (w1..w6, zone a/b, cores 2..12), 2 GPU nodes (NoSchedule), a db node (NoExecute)
 * and an edge node; an agent on the workers (its pods created 0:00:00, Ready 0:00:04).
 */
function cluster(ds: KDaemonSet, extraPods: (ds: KDaemonSet) => KPod[] = () => []) {
  const nodes: KNode[] = [
    ...[1, 2, 3, 4, 5, 6].map((i) => mkNode(`w${i}`, { labels: { zone: i <= 3 ? 'a' : 'b', cores: String(2 * i) } })),
    mkNode('gpu1', { taints: [GPU], labels: { zone: 'a', cores: '64' } }),
    mkNode('gpu2', { taints: [GPU], labels: { zone: 'b', cores: '64' } }),
    mkNode('db1', { taints: [DB], labels: { zone: 'a', cores: '32' } }),
    mkNode('edge1', { labels: { 'node-role.kubernetes.io/edge': '', cores: '1' } }),
  ];
  const e = new CoverageEngine();
  nodes.forEach((n) => e.upsert('Node', n));
  e.upsert('ControllerRevision', mkRevision(ds, 1, 'h1'));
  const pods = [...[1, 2, 3, 4, 5, 6].map((i) => mkPod(ds, `w${i}`, { hash: 'h1', created: '2025-05-31T00:00:00Z', readySince: '2025-05-31T00:00:04Z' })), ...extraPods(ds)];
  pods.forEach((p) => e.upsert('Pod', p));
  e.upsert('DaemonSet', ds);
  return e;
}

function preview(e: CoverageEngine, ds: KDaemonSet, edit: (d: KDaemonSet) => void, templateChanged: boolean) {
  const inputs = e.previewInputs(ds.metadata!.namespace!, ds.metadata!.name!, NOW)!;
  const hypothetical = JSON.parse(JSON.stringify(ds)) as KDaemonSet;
  edit(hypothetical);
  return previewAgentChange({ current: ds, hypothetical, templateChanged, currentHash: inputs.agent.currentHash, nodes: inputs.nodes, pods: inputs.pods, before: inputs.agent.cells, now: NOW });
}

const agent = () => mkDaemonSet('exporter', { affinityTerms: [{ matchExpressions: [{ key: 'node-role.kubernetes.io/edge', operator: 'DoesNotExist' }] }] });

describe('previewAgentChange', () => {
  it('a new image replaces every kept pod, 1 at a time, and estimates from the last rollout', () => {
    const ds = agent();
    const p = preview(cluster(ds), ds, (d) => (d.spec!.template!.spec!.containers![0]!.image = 'example.com/exporter:2'), true);
    expect(p.replace).toEqual(['w1', 'w2', 'w3', 'w4', 'w5', 'w6']);
    expect([p.gain, p.lose, p.counts]).toEqual([[], [], { gain: 0, lose: 0, replace: 6, unchanged: 4 }]);
    expect(p.rollout).toMatchObject({ type: 'RollingUpdate', maxUnavailable: 1, maxSurge: 0, batch: 1, waves: 6, podReadyMs: 4000, estimateMs: 24_000 });
  });

  it('tolerating the GPU taint gains the GPU nodes; nothing is replaced when the template is unchanged elsewhere', () => {
    const ds = agent();
    const p = preview(cluster(ds), ds, (d) => (d.spec!.template!.spec!.tolerations = [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]), true);
    expect(p.gain).toEqual(['gpu1', 'gpu2']);
    // a template change still replaces the pods that stay (the new revision has a new hash)
    expect(p.replace).toHaveLength(6);
    expect(p.settled).toEqual({ desired: 8, current: 8, misscheduled: 0 });
  });

  it('a nodeSelector that excludes nodes loses their pods, with the grid’s reason texts', () => {
    const ds = agent();
    const p = preview(cluster(ds), ds, (d) => (d.spec!.template!.spec!.nodeSelector = { zone: 'a' }), true);
    expect(p.lose.map((l) => l.node)).toEqual(['w4', 'w5', 'w6']);
    expect(p.lose[0]!.reasons.map((r) => r.message)).toEqual(['nodeSelector zone=a (node has zone="b")']);
    expect(p.replace).toEqual(['w1', 'w2', 'w3']);
    expect(p.settled.desired).toBe(3);
  });

  it('Gt / Lt affinity decides on the integer label values', () => {
    const ds = agent();
    const p = preview(cluster(ds), ds, (d) => {
      d.spec!.template!.spec!.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms![0]!.matchExpressions!.push(
        { key: 'cores', operator: 'Gt', values: ['4'] },
        { key: 'cores', operator: 'Lt', values: ['12'] },
      );
    }, true);
    expect(p.lose.map((l) => l.node)).toEqual(['w1', 'w2', 'w6']);
    expect(p.lose[0]!.reasons[0]!.message).toContain('cores Gt 4');
  });

  it('tolerating NoExecute gains the db node; dropping the edge rule gains edge1', () => {
    const ds = agent();
    const p = preview(cluster(ds), ds, (d) => {
      d.spec!.template!.spec!.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute' }];
      delete d.spec!.template!.spec!.affinity;
    }, true);
    expect(p.gain).toEqual(['db1', 'edge1']);
  });

  it('a strategy or minReadySeconds change replaces nothing, and resolves percentages against the new desired count', () => {
    const ds = agent();
    const p = preview(cluster(ds), ds, (d) => {
      d.spec!.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '30%', maxSurge: 0 } };
      d.spec!.minReadySeconds = 10;
    }, false);
    expect([p.replace, p.gain, p.lose, p.counts.unchanged]).toEqual([[], [], [], 10]);
    expect(p.rollout).toMatchObject({ maxUnavailable: 2, batch: 2, waves: 0 }); // ceil(30% × 6) = 2
  });

  it('waves use maxSurge when surging; percentages round up', () => {
    const ds = agent();
    const p = preview(cluster(ds), ds, (d) => {
      d.spec!.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } };
      d.spec!.template!.spec!.containers![0]!.image = 'example.com/exporter:3';
    }, true);
    expect(p.rollout).toMatchObject({ maxSurge: 2, batch: 2, waves: 3 });
  });

  it('OnDelete replaces nothing now and counts the pods left on the old template', () => {
    const ds = agent();
    const p = preview(cluster(ds), ds, (d) => {
      d.spec!.updateStrategy = { type: 'OnDelete' };
      d.spec!.template!.spec!.containers![0]!.image = 'example.com/exporter:2';
    }, true);
    expect([p.replace, p.rollout.type, p.rollout.pendingOnDelete]).toEqual([[], 'OnDelete', 6]);
  });

  it('a NoSchedule-kept pod stays without a template change, and is lost when the rolling update replaces it', () => {
    const ds = agent();
    // a pod on gpu1 from before the taint: kept (misscheduled), NoSchedule does not evict
    const e = cluster(ds, (d) => [mkPod(d, 'gpu1', { hash: 'h1', created: '2025-05-31T00:00:00Z', readySince: '2025-05-31T00:00:04Z' })]);
    const kept = preview(e, ds, (d) => (d.spec!.minReadySeconds = 5), false);
    expect([kept.lose, kept.settled.misscheduled]).toEqual([[], 1]);
    const rolled = preview(e, ds, (d) => (d.spec!.template!.spec!.containers![0]!.image = 'example.com/exporter:2'), true);
    expect(rolled.lose.map((l) => l.node)).toEqual(['gpu1']);
    expect(rolled.lose[0]!.reasons.at(-1)!.message).toContain('rolling update deletes');
  });

  it('paces the estimate by the last rollout’s waves, not only by pod start-up', () => {
    const ds = agent();
    const e = new CoverageEngine();
    ['w1', 'w2', 'w3', 'w4'].forEach((n) => e.upsert('Node', mkNode(n)));
    e.upsert('ControllerRevision', mkRevision(ds, 1, 'h1'));
    // one pod a minute (a maxUnavailable-1 rollout), each Ready 2 s after creation
    ['w1', 'w2', 'w3', 'w4'].forEach((n, i) => e.upsert('Pod', mkPod(ds, n, { hash: 'h1', created: `2025-05-31T00:0${i}:00Z`, readySince: `2025-05-31T00:0${i}:02Z` })));
    e.upsert('DaemonSet', ds);
    const p = preview(e, ds, (d) => (d.spec!.template!.spec!.containers![0]!.image = 'example.com/exporter:2'), true);
    // span 3 min 2 s over 4 waves → 45.5 s a wave, × 4 waves now
    expect(p.rollout).toMatchObject({ podReadyMs: 2000, waves: 4, estimateMs: 4 * 45_500 });
  });

  it('says no estimate when no pod of the current revision has been Ready', () => {
    const ds = agent();
    const e = new CoverageEngine();
    e.upsert('Node', mkNode('w1'));
    e.upsert('DaemonSet', ds);
    const p = preview(e, ds, (d) => (d.spec!.template!.spec!.containers![0]!.image = 'example.com/exporter:2'), true);
    expect([p.rollout.estimateMs, p.rollout.podReadyMs, p.gain]).toEqual([undefined, undefined, []]);
  });

  it('changes nothing it is given: the engine answers with the same snapshot afterwards', () => {
    const ds = agent();
    const e = cluster(ds);
    const before = e.agent('default', 'exporter', NOW)!;
    preview(e, ds, (d) => (d.spec!.template!.spec!.nodeSelector = { zone: 'a' }), true);
    expect(e.agent('default', 'exporter', NOW)).toBe(before);
  });
});
