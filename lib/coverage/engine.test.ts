import { describe, expect, it } from 'vitest';
import { CoverageEngine } from './engine';
import { clone, fixture, FIXTURE_NOW, loadedEngine } from '@/test/support/engine/fixtures';
import { fleetSummary } from '@/test/support/engine/fleet-summary';
import { mkDaemonSet, mkNode, mkPod, mkRevision } from '@/test/support/engine/synthetic';

const loaded = loadedEngine;

const stateByNode = (e: CoverageEngine, ns: string, name: string) => {
  const a = e.agent(ns, name, FIXTURE_NOW)!;
  return Object.fromEntries(e.nodeNames().map((n, i) => [n, a.cells[i]!.state]));
};

describe('CoverageEngine on the fixture cluster', () => {
  it('computes the counts the controller wrote to .status', () => {
    const e = loaded();
    for (const a of e.agents(FIXTURE_NOW)) expect(a.counts, `${a.namespace}/${a.name}`).toEqual(a.status);
  });

  it('gives node-exporter the state of every node', () => {
    expect(stateByNode(loaded(), 'kubesphere-monitoring-system', 'node-exporter')).toEqual({
      'cp-1': 'misscheduled', // untolerated control-plane NoSchedule taint, pod still there
      'db-1': 'ineligible', // dedicated=db:NoExecute
      'edge-1': 'ineligible', // affinity edge DoesNotExist
      'gpu-1': 'ineligible', // nvidia.com/gpu=present:NoSchedule
      'worker-1': 'ready',
      'worker-2': 'failing', // CrashLoopBackOff
      'worker-3': 'outdated', // cordoned, old revision
      'worker-4': 'node-unhealthy', // unreachable
    });
  });

  it('gives logstash-input the state of every node', () => {
    expect(stateByNode(loaded(), 'anyrobot', 'logstash-input')).toEqual({
      'cp-1': 'ineligible',
      'db-1': 'ineligible',
      'edge-1': 'ineligible',
      'gpu-1': 'ineligible',
      'worker-1': 'ready',
      'worker-2': 'ineligible',
      'worker-3': 'ineligible',
      'worker-4': 'node-unhealthy',
    });
  });

  it('names the exact reason a node is excluded', () => {
    const e = loaded();
    const ne = e.agent('kubesphere-monitoring-system', 'node-exporter', FIXTURE_NOW)!;
    expect(ne.excludedByReason).toEqual({
      'untolerated taint dedicated=db:NoExecute': 1,
      'node affinity: node-role.kubernetes.io/edge DoesNotExist (node has node-role.kubernetes.io/edge="")': 1,
      'untolerated taint nvidia.com/gpu=present:NoSchedule': 1,
    });
    const gpu = ne.cells[e.nodeNames().indexOf('gpu-1')]!;
    expect(gpu.taintMismatch).toBe('nvidia.com/gpu=present:NoSchedule');
    expect(gpu.shouldContinueRunning).toBe(true);
    const db = ne.cells[e.nodeNames().indexOf('db-1')]!;
    expect(db.shouldContinueRunning).toBe(false);
    const ls = e.agent('anyrobot', 'logstash-input', FIXTURE_NOW)!;
    expect(ls.excludedByReason['nodeSelector anyrobot-app=true (node has anyrobot-app="false")']).toBe(1);
    // cp-1, db-1, edge-1, gpu-1, worker-3; a node counts under each of its reasons
    expect(ls.excludedByReason['nodeSelector anyrobot-app=true (label missing)']).toBe(5);
    expect(ls.excludedByReason['untolerated taint node-role.kubernetes.io/control-plane:NoSchedule']).toBe(1);
  });

  it('carries restarts and last termination of a failing pod', () => {
    const e = loaded();
    const ne = e.agent('kubesphere-monitoring-system', 'node-exporter', FIXTURE_NOW)!;
    const cell = ne.cells[e.nodeNames().indexOf('worker-2')]!;
    expect(cell.pods[0]).toMatchObject({ restarts: 7, waitingReason: 'CrashLoopBackOff', lastTermination: { reason: 'Error', exitCode: 1 }, revision: 'current' });
    expect(cell.reasons[0]!.message).toMatch(/CrashLoopBackOff; restarts 7; last termination Error \(exit code 1\)/);
    expect(cell.blocking).toBe('bad-pod');
  });

  it('reports the rollout as kubectl does and finds what blocks it', () => {
    const ne = loaded().agent('kubesphere-monitoring-system', 'node-exporter', FIXTURE_NOW)!;
    expect(ne.currentRevision).toBe(2);
    expect(ne.currentHash).toBe('7d9f6c5b8');
    expect(ne.currentRevisionMatched).toBe(true);
    expect(ne.rollout.statusText).toBe('Waiting for daemon set "node-exporter" rollout to finish: 2 out of 3 new pods have been updated...\n');
    expect(ne.rollout.done).toBe(false);
    expect(ne.rollout.budget).toEqual({ maxUnavailable: 1, maxSurge: 0, unavailable: 2 });
    expect(ne.rollout.blocking.badPod.map((b) => b.node)).toEqual(['worker-2']);
    expect(ne.rollout.blocking.badNode.map((b) => b.node)).toEqual(['worker-4']);
    expect(ne.rollout.stuck).toBe(true);
    expect(ne.revisions.map((r) => [r.revision, r.current])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('resolves percentage maxUnavailable against desired, rounding up', () => {
    const ls = loaded().agent('anyrobot', 'logstash-input', FIXTURE_NOW)!;
    expect(ls.strategy).toEqual({ type: 'RollingUpdate', maxUnavailable: 1, maxSurge: 0, raw: { maxUnavailable: '10%', maxSurge: '0' } });
    expect(ls.rollout.statusText).toBe('daemon set "logstash-input" successfully rolled out\n');
  });

  it('gives a per-node view with fix hints and a fleet summary', () => {
    const e = loaded();
    const view = e.nodeView('gpu-1', FIXTURE_NOW)!;
    const ne = view.agents.find((a) => a.name === 'node-exporter')!;
    expect(ne.fixHint).toContain('key: nvidia.com/gpu');
    const fleet = fleetSummary(e, FIXTURE_NOW);
    const w2 = fleet.find((f) => f.node === 'worker-2')!;
    expect(w2.failing.map((a) => a.name)).toEqual(['node-exporter']);
    expect(fleet.find((f) => f.node === 'worker-4')!.problems['node-unhealthy']!.map((a) => a.name)).toEqual(['logstash-input', 'node-exporter']);
  });

  it('returns the same snapshot object until something changes', () => {
    const e = loaded();
    const a1 = e.agent('anyrobot', 'logstash-input', FIXTURE_NOW);
    expect(e.agent('anyrobot', 'logstash-input', FIXTURE_NOW)).toBe(a1);
    const ne1 = e.agent('kubesphere-monitoring-system', 'node-exporter', FIXTURE_NOW);
    e.upsert('Pod', clone(fixture.pods.find((p) => p.metadata!.name === 'logstash-input-q1r2s')!));
    expect(e.agent('kubesphere-monitoring-system', 'node-exporter', FIXTURE_NOW)).toBe(ne1);
    expect(e.agent('anyrobot', 'logstash-input', FIXTURE_NOW)).not.toBe(a1);
  });
});

describe('CoverageEngine events', () => {
  it('a NoSchedule taint added to a node makes its pod misscheduled; NoExecute makes it leave', () => {
    const e = new CoverageEngine();
    const ds = mkDaemonSet('agent');
    e.upsert('DaemonSet', ds);
    e.upsert('ControllerRevision', mkRevision(ds, 1, 'h1'));
    e.upsert('Node', mkNode('n1'));
    e.upsert('Pod', mkPod(ds, 'n1', { hash: 'h1' }));
    expect(e.agent('default', 'agent', 0)!.cells[0]!.state).toBe('ready');
    e.upsert('Node', mkNode('n1', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }));
    let cell = e.agent('default', 'agent', 0)!.cells[0]!;
    expect([cell.state, cell.shouldRun, cell.shouldContinueRunning]).toEqual(['misscheduled', false, true]);
    expect(e.agent('default', 'agent', 0)!.counts.misscheduled).toBe(1);
    e.upsert('Node', mkNode('n1', { taints: [{ key: 'k', effect: 'NoExecute' }] }));
    cell = e.agent('default', 'agent', 0)!.cells[0]!;
    expect([cell.state, cell.shouldContinueRunning, cell.taintMismatch]).toEqual(['misscheduled', false, 'k:NoExecute']);
  });

  it('adding and removing nodes keeps cells aligned with nodeNames()', () => {
    const e = new CoverageEngine();
    const ds = mkDaemonSet('agent');
    e.upsert('DaemonSet', ds);
    e.upsert('Node', mkNode('b'));
    expect(e.agent('default', 'agent', 0)!.cells.map((c) => c.node)).toEqual(['b']);
    e.upsert('Node', mkNode('a'));
    e.upsert('Node', mkNode('c'));
    expect(e.agent('default', 'agent', 0)!.cells.map((c) => c.node)).toEqual(['a', 'b', 'c']);
    e.remove('Node', mkNode('b'));
    const a = e.agent('default', 'agent', 0)!;
    expect(a.cells.map((c) => c.node)).toEqual(['a', 'c']);
    expect(a.counts.desired).toBe(2);
  });

  it('a new current revision turns ready pods into outdated ones', () => {
    const e = new CoverageEngine();
    const ds = mkDaemonSet('agent');
    e.upsert('Node', mkNode('n1'));
    e.upsert('DaemonSet', ds);
    e.upsert('ControllerRevision', mkRevision(ds, 1, 'h1'));
    e.upsert('Pod', mkPod(ds, 'n1', { hash: 'h1', templateGeneration: 1 }));
    expect(e.agent('default', 'agent', 0)!.counts.updated).toBe(1);
    const ds2 = mkDaemonSet('agent', { image: 'example.com/agent:2', generation: 2 });
    e.upsert('DaemonSet', ds2);
    e.upsert('ControllerRevision', mkRevision(ds2, 2, 'h2'));
    const a = e.agent('default', 'agent', 0)!;
    expect(a.currentHash).toBe('h2');
    expect(a.cells[0]!.state).toBe('outdated');
    expect(a.counts.updated).toBe(0);
    expect(a.rollout.percent).toBe(0);
  });

  it('lists in the history only the revisions the controller could have written', () => {
    const e = new CoverageEngine();
    const ds = mkDaemonSet('agent');
    e.upsert('Node', mkNode('n1'));
    e.upsert('DaemonSet', ds);
    e.upsert('ControllerRevision', mkRevision(ds, 1, 'b5c7d'));
    const forged = mkRevision(ds, 2, 'x9z2k');
    forged.data = { spec: { template: { $patch: 'replace' }, updateStrategy: { type: 'OnDelete' } } };
    e.upsert('ControllerRevision', forged);
    const misnamed = mkRevision(ds, 3, 'q2w4r');
    misnamed.metadata!.name = 'agent-elsewhere';
    e.upsert('ControllerRevision', misnamed);
    expect(e.agent('default', 'agent', 0)!.revisions.map((r) => r.name)).toEqual(['agent-b5c7d']);
  });

  it('a pod turns available when now passes readySince + minReadySeconds', () => {
    const e = new CoverageEngine();
    const ds = mkDaemonSet('agent', { minReadySeconds: 30 });
    e.upsert('Node', mkNode('n1'));
    e.upsert('DaemonSet', ds);
    e.upsert('ControllerRevision', mkRevision(ds, 1, 'h1'));
    e.upsert('Pod', mkPod(ds, 'n1', { hash: 'h1', readySince: '2025-01-01T00:00:00Z' }));
    const t0 = Date.parse('2025-01-01T00:00:00Z');
    const early = e.agent('default', 'agent', t0 + 29_000)!;
    expect([early.cells[0]!.state, early.counts.ready, early.counts.available]).toEqual(['starting', 1, 0]);
    const later = e.agent('default', 'agent', t0 + 30_000)!;
    expect([later.cells[0]!.state, later.counts.available, later.counts.unavailable]).toEqual(['ready', 1, 0]);
    expect(e.agent('default', 'agent', t0 + 1_000)!.counts.available).toBe(0);
  });

  it('ignores pods not controlled by a DaemonSet and pods of unknown owners until the owner arrives', () => {
    const e = new CoverageEngine();
    const ds = mkDaemonSet('agent');
    e.upsert('Node', mkNode('n1'));
    const orphan = mkPod(ds, 'n1', { hash: 'h1' });
    orphan.metadata!.ownerReferences = [];
    e.upsert('Pod', orphan);
    e.upsert('Pod', mkPod(ds, 'n1', { hash: 'h1', name: 'owned' }));
    e.upsert('DaemonSet', ds);
    const a = e.agent('default', 'agent', 0)!;
    expect(a.cells[0]!.pods.map((p) => p.name)).toEqual(['owned']);
  });

  it('forgets a deleted DaemonSet', () => {
    const e = new CoverageEngine();
    const ds = mkDaemonSet('agent');
    e.upsert('DaemonSet', ds);
    e.remove('DaemonSet', ds);
    expect(e.agents(0)).toEqual([]);
    expect(e.agent('default', 'agent', 0)).toBeUndefined();
  });
});
