import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { CoverageEngine } from './engine';
import type { KindName, KTaint, KToleration } from './k8s';
import { mkDaemonSet, mkNode, mkPod, mkRevision, type DaemonSetOptions } from '@/test/support/engine/synthetic';

const NODE_NAMES = ['n0', 'n1', 'n2', 'n3', 'n4'];
const DS_NAMES = ['a0', 'a1', 'a2'];
const T0 = Date.parse('2025-01-01T00:00:00Z');

const taintArb: fc.Arbitrary<KTaint> = fc.constantFrom<KTaint>(
  { key: 'gpu', value: 'present', effect: 'NoSchedule' },
  { key: 'dedicated', value: 'db', effect: 'NoExecute' },
  { key: 'soft', effect: 'PreferNoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
);
const tolerationArb: fc.Arbitrary<KToleration> = fc.constantFrom<KToleration>(
  { operator: 'Exists' },
  { key: 'gpu', operator: 'Exists' },
  { key: 'gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' },
  { key: 'dedicated', value: 'db' },
  { operator: 'Exists', effect: 'NoExecute' },
);

const nodeArb = fc.record({
  name: fc.constantFrom(...NODE_NAMES),
  zone: fc.constantFrom(undefined, 'a', 'b'),
  edge: fc.boolean(),
  cores: fc.constantFrom(undefined, '4', '16'),
  taints: fc.uniqueArray(taintArb, { maxLength: 3, selector: (t) => `${t.key}:${t.effect}` }),
  ready: fc.constantFrom<'True' | 'False' | 'Unknown'>('True', 'True', 'False', 'Unknown'),
});

const dsArb = fc.record({
  name: fc.constantFrom(...DS_NAMES),
  generation: fc.integer({ min: 1, max: 3 }),
  selector: fc.constantFrom(undefined, { zone: 'a' }),
  affinity: fc.constantFrom<DaemonSetOptions['affinityTerms']>(
    undefined,
    [{ matchExpressions: [{ key: 'edge', operator: 'DoesNotExist' }] }],
    [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }, { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }],
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }, { key: 'edge', operator: 'Exists' }] }],
  ),
  tolerations: fc.uniqueArray(tolerationArb, { maxLength: 2, selector: (t) => JSON.stringify(t) }),
  hostNetwork: fc.boolean(),
  strategy: fc.constantFrom<DaemonSetOptions['strategy']>({ type: 'OnDelete' }, { type: 'RollingUpdate' }, { type: 'RollingUpdate', maxUnavailable: 0, maxSurge: '50%' }, { type: 'RollingUpdate', maxUnavailable: '30%', maxSurge: 0 }),
  minReadySeconds: fc.constantFrom(0, 60, 60),
});

const podArb = fc.record({
  id: fc.integer({ min: 0, max: 11 }),
  ds: fc.constantFrom(...DS_NAMES),
  node: fc.constantFrom(...NODE_NAMES),
  hash: fc.constantFrom('h1', 'h2', 'h3'),
  ready: fc.boolean(),
  readyAfter: fc.integer({ min: 0, max: 120 }),
  createdAfter: fc.integer({ min: 0, max: 3 }),
  phase: fc.constantFrom(undefined, undefined, 'Failed'),
  waiting: fc.constantFrom(undefined, undefined, 'CrashLoopBackOff', 'ContainerCreating'),
  deleting: fc.boolean(),
  unscheduled: fc.boolean(),
});

const revArb = fc.record({ ds: fc.constantFrom(...DS_NAMES), revision: fc.integer({ min: 1, max: 3 }), hash: fc.constantFrom('h1', 'h2', 'h3') });

type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Op = { op: 'upsert' | 'remove'; kind: KindName; obj: unknown; key: string };

const uidOf = (name: string) => `uid-${name}`;

function toOp(kind: KindName, remove: boolean, v: unknown): Op {
  switch (kind) {
    case 'Node': {
      const n = v as Of<typeof nodeArb>;
      const labels: Record<string, string> = {};
      if (n.zone) labels.zone = n.zone;
      if (n.edge) labels.edge = '';
      if (n.cores) labels.cores = n.cores;
      return { op: remove ? 'remove' : 'upsert', kind, key: `Node/${n.name}`, obj: mkNode(n.name, { labels, taints: n.taints, ready: n.ready }) };
    }
    case 'DaemonSet': {
      const d = v as Of<typeof dsArb>;
      const ds = mkDaemonSet(d.name, { uid: uidOf(d.name), generation: d.generation, nodeSelector: d.selector, affinityTerms: d.affinity, tolerations: d.tolerations, hostNetwork: d.hostNetwork, strategy: d.strategy, minReadySeconds: d.minReadySeconds });
      return { op: remove ? 'remove' : 'upsert', kind, key: `DaemonSet/${d.name}`, obj: ds };
    }
    case 'Pod': {
      const p = v as Of<typeof podArb>;
      const owner = mkDaemonSet(p.ds, { uid: uidOf(p.ds) });
      const pod = mkPod(owner, p.node, {
        name: `pod-${p.id}`,
        hash: p.hash,
        ready: p.ready,
        readySince: new Date(T0 + p.readyAfter * 1000).toISOString(),
        created: new Date(T0 + p.createdAfter * 1000).toISOString(),
        phase: p.phase,
        waiting: p.waiting,
        deleting: p.deleting,
        unscheduled: p.unscheduled,
      });
      return { op: remove ? 'remove' : 'upsert', kind, key: `Pod/pod-${p.id}`, obj: pod };
    }
    case 'ControllerRevision': {
      const r = v as Of<typeof revArb>;
      const owner = mkDaemonSet(r.ds, { uid: uidOf(r.ds) });
      const rev = mkRevision(owner, r.revision, `${r.hash}`);
      return { op: remove ? 'remove' : 'upsert', kind, key: `ControllerRevision/${rev.metadata!.name}`, obj: rev };
    }
  }
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  nodeArb.map((v) => toOp('Node', false, v)),
  fc.tuple(fc.integer({ min: 0, max: 9 }), dsArb).map(([r, v]) => toOp('DaemonSet', r === 0, v)),
  fc.tuple(fc.integer({ min: 0, max: 3 }), podArb).map(([r, v]) => toOp('Pod', r === 0, v)),
  fc.tuple(fc.integer({ min: 0, max: 4 }), revArb).map(([r, v]) => toOp('ControllerRevision', r === 0, v)),
);
const nodeOpArb = fc.tuple(fc.integer({ min: 0, max: 5 }), nodeArb).map(([r, v]) => toOp('Node', r === 0, v));
const opsArb = fc.array(fc.oneof({ arbitrary: opArb, weight: 3 }, { arbitrary: nodeOpArb, weight: 1 }), { minLength: 1, maxLength: 60 });
const nowArb = fc.integer({ min: 0, max: 200 }).map((s) => T0 + s * 1000);

function applyOps(e: CoverageEngine, ops: Op[], live = new Map<string, Op>()): Map<string, Op> {
  for (const o of ops) {
    if (o.op === 'upsert') {
      e.upsert(o.kind, o.obj);
      live.set(o.key, o);
    } else {
      e.remove(o.kind, o.obj);
      live.delete(o.key);
    }
  }
  return live;
}

describe('CoverageEngine properties', () => {
  it('incremental engine == fresh engine after any sequence of events, at any moment', () => {
    fc.assert(
      fc.property(opsArb, fc.array(nowArb, { minLength: 1, maxLength: 4 }), (ops, nows) => {
        const inc = new CoverageEngine();
        // read in between so memoised state exists before later events
        const half = Math.floor(ops.length / 2);
        const live = applyOps(inc, ops.slice(0, half));
        for (const now of [...nows].sort((x, y) => y - x)) inc.agents(now);
        applyOps(inc, ops.slice(half), live);
        // a fresh engine per moment sees only the surviving objects, in another order (DaemonSets last)
        const order: KindName[] = ['Pod', 'ControllerRevision', 'Node', 'DaemonSet'];
        for (const now of [...nows].sort((x, y) => x - y)) {
          const fresh = new CoverageEngine();
          for (const k of order) for (const o of live.values()) if (o.kind === k) fresh.upsert(o.kind, o.obj);
          expect(inc.nodeNames()).toEqual(fresh.nodeNames());
          expect(inc.agents(now)).toEqual(fresh.agents(now));
        }
      }),
      { numRuns: 500 },
    );
  }, 60_000); // 500 runs: seconds on a busy 2-core machine

  it('counts are consistent and desired == count(shouldRun)', () => {
    fc.assert(
      fc.property(opsArb, nowArb, (ops, now) => {
        const e = new CoverageEngine();
        applyOps(e, ops);
        for (const a of e.agents(now)) {
          const c = a.counts;
          expect(a.cells).toHaveLength(e.nodeNames().length);
          expect(c.desired).toBe(a.cells.filter((x) => x.shouldRun).length);
          expect(c.misscheduled).toBe(a.cells.filter((x) => !x.shouldRun && x.pods.some((p) => !(p.deletionTimestamp && (p.phase === 'Failed' || p.phase === 'Succeeded')))).length);
          expect(c.current).toBeLessThanOrEqual(c.desired);
          expect(c.ready).toBeLessThanOrEqual(c.current);
          expect(c.available).toBeLessThanOrEqual(c.ready);
          expect(c.updated).toBeLessThanOrEqual(c.current);
          expect(c.unavailable).toBe(c.desired - c.available);
          const stateTotal = Object.values(a.states).reduce((s, n) => s + n, 0);
          expect(stateTotal).toBe(a.cells.length);
          expect(a.cells.filter((x) => x.state === 'ready').every((x) => x.shouldRun && x.revision === 'current')).toBe(true);
          expect(a.cells.filter((x) => x.state === 'ineligible').every((x) => !x.shouldRun && x.reasons.length > 0)).toBe(true);
          expect(a.cells.filter((x) => x.state === 'missing').every((x) => x.shouldRun)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('node churn past the class-table bound (forgetClasses) keeps the incremental engine equal to a fresh one', () => {
    // The class tables hold at most 2·nodes+64 classes; a rule on node names gives every node its
    // own class, so ~70 nodes coming and going with only a few alive at a time overflow it.
    const forget = vi.spyOn(CoverageEngine.prototype as unknown as { forgetClasses: () => unknown }, 'forgetClasses');
    try {
      fc.assert(
        fc.property(
          fc.array(fc.record({ zone: fc.constantFrom(undefined, 'a', 'b'), taints: fc.uniqueArray(taintArb, { maxLength: 2, selector: (t) => `${t.key}:${t.effect}` }) }), { minLength: 80, maxLength: 90 }),
          fc.array(fc.tuple(tolerationArb, fc.constantFrom(undefined, { zone: 'a' })), { minLength: 1, maxLength: 3 }),
          nowArb,
          (churn, agents, now) => {
            const inc = new CoverageEngine();
            const pinned = ['c3', 'c40', 'c77'];
            const sets = agents.map(([toleration, selector], i) =>
              mkDaemonSet(`p${i}`, { uid: uidOf(`p${i}`), nodeSelector: selector, tolerations: [toleration], affinityTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: pinned }] }] }),
            );
            for (const ds of sets) inc.upsert('DaemonSet', ds);
            const live = new Map<string, unknown>();
            churn.forEach((n, i) => {
              const node = mkNode(`c${i}`, { labels: n.zone ? { zone: n.zone } : {}, taints: n.taints });
              inc.upsert('Node', node);
              live.set(`c${i}`, node);
              inc.agents(now); // reading memoises a class per node
              if (i >= 3) {
                inc.remove('Node', live.get(`c${i - 3}`));
                live.delete(`c${i - 3}`);
              }
            });
            const fresh = new CoverageEngine();
            for (const node of live.values()) fresh.upsert('Node', node);
            for (const ds of sets) fresh.upsert('DaemonSet', ds);
            expect(inc.nodeNames()).toEqual(fresh.nodeNames());
            expect(inc.agents(now)).toEqual(fresh.agents(now));
          },
        ),
        { numRuns: 60 },
      );
      expect(forget).toHaveBeenCalled();
    } finally {
      forget.mockRestore();
    }
  }, 60_000);
});
