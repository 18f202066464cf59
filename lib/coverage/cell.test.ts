import { describe, expect, it } from 'vitest';
import { computeCell, type AgentContext } from './cell';
import { compileEligibility, nodeShouldRunDaemonPod } from './eligibility';
import { nodeFacts } from './node';
import { podFacts } from './pods';
import { mkDaemonSet, mkNode, mkPod, type NodeOptions, type PodOptions } from '@/test/support/engine/synthetic';

const ds = mkDaemonSet('agent');
const T = Date.parse('2025-01-01T01:00:00Z');

function cell(pods: PodOptions[], nodeOpts: NodeOptions = {}, ctx: Partial<AgentContext> = {}, now = T) {
  const node = nodeFacts(mkNode('n1', nodeOpts));
  const elig = nodeShouldRunDaemonPod(compileEligibility(ds), node);
  const c: AgentContext = { minReadySeconds: 0, hash: 'new', templateGeneration: undefined, rollingUpdate: true, ...ctx };
  return computeCell(c, node, elig, pods.map((o, i) => podFacts(mkPod(ds, 'n1', { name: `p${i}`, ...o }))), now);
}

const counts = (r: ReturnType<typeof cell>) => ({ desired: r.desired, current: r.current, ready: r.ready, available: r.available, updated: r.updated, misscheduled: r.misscheduled });

describe('computeCell: state', () => {
  it.each<[string, PodOptions[], NodeOptions, string]>([
    ['no pod → missing', [], {}, 'missing'],
    ['ready current pod → ready', [{ hash: 'new' }], {}, 'ready'],
    ['ready old pod → outdated', [{ hash: 'old' }], {}, 'outdated'],
    ['not ready → starting', [{ hash: 'new', ready: false }], {}, 'starting'],
    ['CrashLoopBackOff → failing', [{ hash: 'new', ready: false, waiting: 'CrashLoopBackOff' }], {}, 'failing'],
    ['ImagePullBackOff → failing', [{ hash: 'new', ready: false, waiting: 'ImagePullBackOff' }], {}, 'failing'],
    ['ErrImagePull → failing', [{ hash: 'new', ready: false, waiting: 'ErrImagePull' }], {}, 'failing'],
    ['CreateContainerConfigError → failing', [{ hash: 'new', ready: false, waiting: 'CreateContainerConfigError' }], {}, 'failing'],
    ['ContainerCreating → starting', [{ hash: 'new', ready: false, waiting: 'ContainerCreating' }], {}, 'starting'],
    ['phase Failed → failing', [{ hash: 'new', ready: false, phase: 'Failed' }], {}, 'failing'],
    ['only a terminating pod → starting (replacement follows)', [{ hash: 'old', deleting: true }], {}, 'starting'],
    ['NotReady node → node-unhealthy', [{ hash: 'new' }], { ready: 'Unknown' }, 'node-unhealthy'],
    ['NotReady node without pod, only health taints → node-unhealthy', [], { ready: 'False', taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] }, 'node-unhealthy'],
    ['NoSchedule taint added under a pod → misscheduled', [{ hash: 'new' }], { taints: [{ key: 'k', effect: 'NoSchedule' }] }, 'misscheduled'],
    ['excluded, no pod → ineligible', [], { taints: [{ key: 'k', effect: 'NoSchedule' }] }, 'ineligible'],
  ])('%s', (_name, pods, nodeOpts, state) => {
    expect(cell(pods, nodeOpts).cell.state).toBe(state);
  });

  it('counts a terminal pod that is being deleted as absent (getNodesToDaemonPods)', () => {
    const r = cell([{ hash: 'new', phase: 'Failed', ready: false, deleting: true }]);
    expect(r.cell.state).toBe('missing');
    expect(r.current).toBe(false);
    expect(r.cell.pods).toHaveLength(1);
  });

  it('counts a failed pod that is not yet deleted as current, not ready', () => {
    expect(counts(cell([{ hash: 'new', phase: 'Failed', ready: false }]))).toEqual({ desired: true, current: true, ready: false, available: false, updated: true, misscheduled: false });
  });
});

describe('computeCell: several pods on one node', () => {
  it('status follows the oldest bound pod (podByCreationTimestampAndPhase)', () => {
    const r = cell([
      { hash: 'new', ready: false, created: '2025-01-01T00:10:00Z' },
      { hash: 'old', ready: true, created: '2025-01-01T00:00:00Z' },
    ]);
    expect(counts(r)).toEqual({ desired: true, current: true, ready: true, available: true, updated: false, misscheduled: false });
    expect(r.cell.state).toBe('outdated');
  });

  it('a bound pod outranks an older unbound one', () => {
    const r = cell([
      { hash: 'new', ready: false, unscheduled: true, created: '2025-01-01T00:00:00Z' },
      { hash: 'old', ready: true, created: '2025-01-01T00:10:00Z' },
    ]);
    expect(r.updated).toBe(false);
    expect(r.ready).toBe(true);
  });

  it('equal creation times fall back to name order', () => {
    const r = cell([
      { name: 'b', hash: 'new' },
      { name: 'a', hash: 'old' },
    ]);
    expect(r.updated).toBe(false);
  });

  it("lists a node's pods oldest first whatever order they arrived in (a fresh LIST gives another)", () => {
    const pods = (order: PodOptions[]) => cell(order).cell.pods.map((p) => p.name);
    const older = { name: 'z', created: '2025-01-01T00:00:00Z' };
    const newer = { name: 'a', created: '2025-01-01T00:05:00Z' };
    const tie = { name: 'b', created: '2025-01-01T00:05:00Z' };
    expect(pods([tie, newer, older])).toEqual(['z', 'a', 'b']);
    expect(pods([older, tie, newer])).toEqual(['z', 'a', 'b']);
  });

  it('a terminating old pod still counts for status while its replacement starts', () => {
    const r = cell([
      { hash: 'old', deleting: true, created: '2025-01-01T00:00:00Z' },
      { hash: 'new', ready: false, created: '2025-01-01T00:10:00Z' },
    ]);
    expect(counts(r)).toEqual({ desired: true, current: true, ready: true, available: true, updated: false, misscheduled: false });
    expect(r.cell.state).toBe('starting');
  });

  it('surge: old ready + new starting uses surge budget and no unavailability beyond one', () => {
    const r = cell([
      { hash: 'old', created: '2025-01-01T00:00:00Z' },
      { hash: 'new', ready: false, created: '2025-01-01T00:10:00Z' },
    ]);
    expect([r.budgetUnavailable, r.surgeInUse]).toEqual([true, true]);
  });

  it('two new pods on a node: excess, counted unavailable and as surge', () => {
    const r = cell([{ hash: 'new' }, { hash: 'new' }]);
    expect([r.budgetUnavailable, r.surgeInUse]).toEqual([true, true]);
  });

  it('a failing surge pod makes the cell failing and blocking', () => {
    const r = cell([
      { hash: 'old', created: '2025-01-01T00:00:00Z' },
      { hash: 'new', ready: false, waiting: 'ImagePullBackOff', created: '2025-01-01T00:10:00Z' },
    ]);
    expect([r.cell.state, r.cell.blocking]).toEqual(['failing', 'bad-pod']);
  });
});

describe('computeCell: minReadySeconds and revisions', () => {
  it.each<[number, number, boolean]>([
    [0, 0, true],
    [30, 29_000, false],
    [30, 30_000, true],
  ])('minReadySeconds %i, %i ms after ready → available %s', (minReady, after, available) => {
    const readySince = '2025-01-01T00:00:00Z';
    const r = cell([{ hash: 'new', readySince }], {}, { minReadySeconds: minReady }, Date.parse(readySince) + after);
    expect(r.available).toBe(available);
    expect(r.ready).toBe(true);
    expect(r.cell.state).toBe(available ? 'ready' : 'starting');
  });

  it('pod-template-generation equal to the DaemonSet annotation counts as updated (IsPodUpdated)', () => {
    expect(cell([{ hash: 'old', templateGeneration: 3 }], {}, { templateGeneration: '3' }).updated).toBe(true);
    expect(cell([{ hash: 'old', templateGeneration: 2 }], {}, { templateGeneration: '3' }).updated).toBe(false);
  });

  it('an empty current hash never matches', () => {
    expect(cell([{ hash: '' }], {}, { hash: '' }).updated).toBe(false);
  });
});

describe('computeCell: blocking', () => {
  it('marks unhealthy nodes bad-node and unschedulable pods bad-pod', () => {
    expect(cell([{ hash: 'new' }], { ready: 'Unknown' }).cell.blocking).toBe('bad-node');
    expect(cell([{ hash: 'new', ready: false, unschedulableReason: '0/1 nodes are available: 1 Insufficient cpu.' }]).cell.blocking).toBe('bad-pod');
    expect(cell([{ hash: 'new', ready: false }]).cell.blocking).toBeUndefined();
  });
  it('never marks OnDelete agents', () => {
    expect(cell([{ hash: 'new', ready: false, waiting: 'CrashLoopBackOff' }], {}, { rollingUpdate: false }).cell.blocking).toBeUndefined();
  });
});
