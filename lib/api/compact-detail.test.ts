import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoverageEngine } from '@/lib/coverage/engine';
import { daemonSetDetailResponse } from '@/lib/api/map';
import { mkDaemonSet, mkNode, mkPod, mkRevision } from '@/test/support/engine/synthetic';
import type { DaemonSetDetailResponse } from './dto';
import { compactDetail, expandDetail, isCompactDetail } from './compact-detail';

const NOW = Date.parse('2025-01-01T00:10:00Z');

/** A detail of `n` nodes: taints, selectors, crashing and unready pods, an old revision. */
function detail(n: number, seed: number): DaemonSetDetailResponse {
  const e = new CoverageEngine();
  const ds = mkDaemonSet('agent', { uid: 'uid-agent', generation: 2, tolerations: [{ key: 'soft', operator: 'Exists' }] });
  e.upsert('DaemonSet', ds);
  e.upsert('ControllerRevision', mkRevision(ds, 1, 'h1'));
  e.upsert('ControllerRevision', mkRevision(ds, 2, 'h2'));
  for (let i = 0; i < n; i++) {
    const k = (i * 7 + seed) % 11;
    e.upsert('Node', mkNode(`node-${String(i).padStart(4, '0')}`, { labels: { zone: `z${i % 3}` }, taints: k === 0 ? [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] : [], ready: k === 1 ? 'False' : 'True' }));
    if (k > 1) e.upsert('Pod', mkPod(ds, `node-${String(i).padStart(4, '0')}`, { name: `agent-${i}`, hash: k === 2 ? 'h1' : 'h2', ready: k !== 3 && k !== 4, waiting: k === 4 ? 'CrashLoopBackOff' : undefined, restarts: k === 4 ? 3 : 0 }));
  }
  return JSON.parse(JSON.stringify(daemonSetDetailResponse('ctx', 7, e, e.agent('default', 'agent', NOW)!))) as DaemonSetDetailResponse;
}

/** What the compact form leaves out: the pods of cells whose pods are all ready and settled. */
const withoutReadyPods = (d: DaemonSetDetailResponse): DaemonSetDetailResponse => ({
  ...d,
  cells: d.cells.map((c) => (c.pods.every((p) => p.ready && !p.waitingReason && !p.deletionTimestamp) ? { ...c, pods: [] } : c)),
});
const wire = <T,>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('compact first-page detail', () => {
  it('expands to the detail itself, only cells of ready pods without their pods (reasons quoting them intact)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 10 }), (n, seed) => {
        const d = detail(n, seed);
        const c = wire(compactDetail(d));
        expect(isCompactDetail(c)).toBe(true);
        expect(expandDetail(c)).toStrictEqual(withoutReadyPods(d));
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('carries cell fields it does not know, per cell', () => {
    const d = detail(12, 3);
    const cells = d.cells.map((c, i) => (i % 4 === 0 ? { ...c, cause: { source: 'controller' as const, category: 'quota', label: 'creation refused: quota', message: 'exceeded quota: q', count: 3, lastSeen: '2025-01-01T00:00:00Z', object: 'DaemonSet/agent FailedCreate', backoff: true } } : c));
    const e = expandDetail(wire(compactDetail({ ...d, cells })));
    expect(e.cells.filter((c) => 'cause' in c).map((c) => c.node)).toEqual(cells.filter((_, i) => i % 4 === 0).map((c) => c.node));
    expect(e).toStrictEqual(withoutReadyPods({ ...d, cells }));
  });

  it('at 5,000 nodes, 1 in 50 pods not ready, it is under a tenth of the detail and 200 KB', () => {
    const e = new CoverageEngine();
    const ds = mkDaemonSet('agent-00', { uid: 'uid-agent' });
    e.upsert('DaemonSet', ds);
    e.upsert('ControllerRevision', mkRevision(ds, 1, 'h1'));
    for (let i = 0; i < 5000; i++) {
      const name = `bench-node-${String(i).padStart(5, '0')}`;
      e.upsert('Node', mkNode(name, { labels: { 'topology.kubernetes.io/zone': `zone-${i % 3}`, 'node-role.kubernetes.io/worker': '' } }));
      e.upsert('Pod', mkPod(ds, name, { name: `agent-00-${(i * 7919).toString(36).padStart(5, 'x')}`, hash: 'h1', ready: i % 50 !== 0 }));
    }
    const d = wire(daemonSetDetailResponse('ctx', 7, e, e.agent('default', 'agent-00', NOW)!));
    const compact = JSON.stringify(compactDetail(d)).length;
    expect(compact).toBeLessThan(JSON.stringify(d).length / 10);
    expect(compact).toBeLessThan(200_000);
    expect(expandDetail(wire(compactDetail(d)))).toStrictEqual(withoutReadyPods(d));
  }, 60_000);
});
