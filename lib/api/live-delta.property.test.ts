import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoverageEngine } from '@/lib/coverage/engine';
import type { KindName } from '@/lib/coverage/k8s';
import { coverageResponse, daemonSetDetailResponse } from '@/lib/api/map';
import { filterCoverage, filterDaemonSet, type Visibility } from '@/lib/api/read-filter';
import { mkDaemonSet, mkNode, mkPod, mkRevision } from '@/test/support/engine/synthetic';
import type { LiveViewName, ViewDelta } from './dto';
import { applyDelta, daemonSetView, diffViews, serialise, splitView, type LiveSnapshot } from './live-delta';

/**
 * "Deltas applied == snapshot": for any sequence of engine events, grouped into versions, a client
 * that starts from the first snapshot and applies the server's deltas (through JSON, as on the
 * wire) holds exactly what the route would answer at every version — also when it skips versions
 * and catches up through the chain, and for proxy-filtered answers.
 */

const NODES = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'];
const T0 = Date.parse('2025-01-01T00:00:00Z');
const NOW = T0 + 90_000;
const uid = (ds: string) => `uid-${ds}`;

type Op = { op: 'upsert' | 'remove'; kind: KindName; obj: unknown };

const nodeOp = fc
  .record({
    name: fc.constantFrom(...NODES),
    zone: fc.constantFrom(undefined, 'a', 'b'),
    gpu: fc.boolean(),
    ready: fc.constantFrom<'True' | 'False'>('True', 'True', 'False'),
    cordon: fc.boolean(),
    remove: fc.integer({ min: 0, max: 6 }),
  })
  .map(({ name, zone, gpu, ready, cordon, remove }): Op => ({
    op: remove === 0 ? 'remove' : 'upsert',
    kind: 'Node',
    obj: mkNode(name, { labels: zone ? { zone } : {}, taints: gpu ? [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] : [], ready, unschedulable: cordon }),
  }));

// a0 is the agent whose page is followed: it changes but never goes away; a1 may.
const dsOp = fc
  .record({ name: fc.constantFrom('a0', 'a1'), generation: fc.integer({ min: 1, max: 3 }), zone: fc.constantFrom(undefined, 'a'), tolerateGpu: fc.boolean(), remove: fc.integer({ min: 0, max: 4 }) })
  .map(({ name, generation, zone, tolerateGpu, remove }): Op => ({
    op: remove === 0 && name === 'a1' ? 'remove' : 'upsert',
    kind: 'DaemonSet',
    obj: mkDaemonSet(name, { uid: uid(name), generation, nodeSelector: zone ? { zone } : undefined, tolerations: tolerateGpu ? [{ key: 'gpu', operator: 'Exists' }] : [], strategy: { type: 'RollingUpdate', maxUnavailable: 2 } }),
  }));

const podOp = fc
  .record({
    id: fc.integer({ min: 0, max: 9 }),
    ds: fc.constantFrom('a0', 'a1'),
    node: fc.constantFrom(...NODES),
    hash: fc.constantFrom('h1', 'h2'),
    ready: fc.boolean(),
    waiting: fc.constantFrom(undefined, undefined, 'CrashLoopBackOff', 'ImagePullBackOff'),
    restarts: fc.integer({ min: 0, max: 3 }),
    deleting: fc.boolean(),
    remove: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ id, ds, node, hash, ready, waiting, restarts, deleting, remove }): Op => ({
    op: remove === 0 ? 'remove' : 'upsert',
    kind: 'Pod',
    obj: mkPod(mkDaemonSet(ds, { uid: uid(ds) }), node, { name: `${ds}-pod-${id}`, hash, ready, waiting, restarts, deleting }),
  }));

const revOp = fc
  .record({ ds: fc.constantFrom('a0', 'a1'), revision: fc.integer({ min: 1, max: 2 }), hash: fc.constantFrom('h1', 'h2') })
  .map(({ ds, revision, hash }): Op => ({ op: 'upsert', kind: 'ControllerRevision', obj: mkRevision(mkDaemonSet(ds, { uid: uid(ds) }), revision, hash) }));

const opArb = fc.oneof(nodeOp, dsOp, { arbitrary: podOp, weight: 3 }, revOp);
/** Versions: each a batch of events, as the cache applies them between two notifications. */
const versionsArb = fc.array(fc.array(opArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 });

function apply(engine: CoverageEngine, ops: readonly Op[]): void {
  for (const o of ops) {
    if (o.op === 'upsert') engine.upsert(o.kind, o.obj);
    else engine.remove(o.kind, o.obj);
  }
}

const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Someone who may not list nodes, nor pods in "default": the proxy-mode cut of both views. */
const narrow: Visibility = { nodes: false, clusterEvents: false, rights: () => ({ daemonsets: true, pods: false, controllerrevisions: false, events: false }) };
const podNodes = (e: CoverageEngine) => new Set(e.nodeNames().filter((_, i) => i % 2 === 0));

type Read = (e: CoverageEngine, version: number) => LiveSnapshot;
const READS: { name: string; view: LiveViewName; read: Read }[] = [
  { name: 'DaemonSet detail', view: daemonSetView('default', 'a0'), read: (e, v) => daemonSetDetailResponse('ctx', v, e, e.agent('default', 'a0', NOW)!) },
  { name: 'coverage', view: 'coverage', read: (e, v) => coverageResponse('ctx', v, { state: 'ready', version: v }, e, NOW) },
  { name: 'DaemonSet detail, filtered', view: daemonSetView('default', 'a0'), read: (e, v) => filterDaemonSet(daemonSetDetailResponse('ctx', v, e, e.agent('default', 'a0', NOW)!), narrow, podNodes(e)) },
  { name: 'coverage, filtered', view: 'coverage', read: (e, v) => filterCoverage(coverageResponse('ctx', v, { state: 'ready', version: v }, e, NOW), narrow, podNodes(e)) },
];

describe.each(READS)('deltas applied == snapshot: $name', ({ view, read }) => {
  it('a client applying every delta holds the snapshot of every version', () => {
    fc.assert(
      fc.property(fc.array(nodeOp, { minLength: 1, maxLength: 4 }), versionsArb, (seed, versions) => {
        const engine = new CoverageEngine();
        apply(engine, [...seed, { op: 'upsert', kind: 'DaemonSet', obj: mkDaemonSet('a0', { uid: uid('a0') }) }]);
        let version = 1;
        let served = serialise(splitView(view, read(engine, version)));
        let client = wire(read(engine, version));
        for (const ops of versions) {
          apply(engine, ops);
          version += 1;
          const snapshot = read(engine, version);
          const next = serialise(splitView(view, snapshot));
          const delta = wire(diffViews(view, version - 1, version, served, next));
          served = next;
          client = applyDelta(client, delta);
          expect(client).toStrictEqual(wire(snapshot));
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000); // hundreds of runs: seconds on a busy 2-core machine

  it('a client that skipped versions catches up through the chain of deltas', () => {
    fc.assert(
      fc.property(versionsArb, fc.integer({ min: 0, max: 11 }), (versions, lagFrom) => {
        const engine = new CoverageEngine();
        apply(engine, [{ op: 'upsert', kind: 'Node', obj: mkNode('n0') }, { op: 'upsert', kind: 'DaemonSet', obj: mkDaemonSet('a0', { uid: uid('a0') }) }]);
        let served = serialise(splitView(view, read(engine, 0)));
        const chain: ViewDelta[] = [];
        let client = wire(read(engine, 0));
        versions.forEach((ops, i) => {
          apply(engine, ops);
          const next = serialise(splitView(view, read(engine, i + 1)));
          chain.push(wire(diffViews(view, i, i + 1, served, next)));
          served = next;
          // the client stops reading after `lagFrom` versions, then takes the chain at the end
          if (i < lagFrom) client = applyDelta(client, chain[i]!);
        });
        for (const d of chain.slice(Math.min(lagFrom, chain.length))) client = applyDelta(client, d);
        expect(client).toStrictEqual(wire(read(engine, versions.length)));
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});

describe('applyDelta', () => {
  it('refuses a delta that starts from another version than the snapshot holds', () => {
    const engine = new CoverageEngine();
    apply(engine, [{ op: 'upsert', kind: 'Node', obj: mkNode('n0') }, { op: 'upsert', kind: 'DaemonSet', obj: mkDaemonSet('a0', { uid: uid('a0') }) }]);
    const s = coverageResponse('ctx', 5, { state: 'ready', version: 5 }, engine, NOW);
    expect(() => applyDelta(s, { view: 'coverage', from: 4, to: 6 })).toThrow(/from version 4 does not apply to version 5/);
  });

  it('sends only the rows that changed: one pod going unready is one row and the counts', () => {
    const engine = new CoverageEngine();
    const ds = mkDaemonSet('a0', { uid: uid('a0') });
    apply(engine, [...NODES.map((n): Op => ({ op: 'upsert', kind: 'Node', obj: mkNode(n) })), { op: 'upsert', kind: 'DaemonSet', obj: ds }, { op: 'upsert', kind: 'ControllerRevision', obj: mkRevision(ds, 1, 'h1') }]);
    apply(engine, NODES.map((n): Op => ({ op: 'upsert', kind: 'Pod', obj: mkPod(ds, n, { name: `p-${n}`, hash: 'h1' }) })));
    const view = daemonSetView('default', 'a0');
    const read = (v: number) => daemonSetDetailResponse('ctx', v, engine, engine.agent('default', 'a0', NOW)!);
    const before = serialise(splitView(view, read(1)));
    apply(engine, [{ op: 'upsert', kind: 'Pod', obj: mkPod(ds, 'n3', { name: 'p-n3', hash: 'h1', ready: false, waiting: 'CrashLoopBackOff' }) }]);
    const delta = diffViews(view, 1, 2, before, serialise(splitView(view, read(2))));
    expect(delta.rows?.nodes?.order).toBeUndefined();
    expect(delta.rows?.nodes?.upsert?.map(([k]) => k)).toEqual(['n3']);
    expect(Object.keys(delta.set ?? {}).sort()).toEqual(['agent', 'rollout', 'version']);
    // Applied where it stands: the node table (and every other cell) is the same object as before.
    const held = wire(read(1));
    const next = applyDelta(held, wire(delta)) as typeof held;
    expect(next.nodes).toBe(held.nodes);
    expect(next.cells.filter((c, i) => c !== held.cells[i]).map((c) => c.node)).toEqual(['n3']);
    expect(next).toStrictEqual(wire(read(2)));
  });
});
