import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, livePod, type DecideInput } from './decide';
import { DEFAULT_PLAN, type Plan, type Progress } from './plan';
import { planSteps } from './steps';
import { cell, nodeNames, pod, type PodSpec } from './test-cells';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const plan: Plan = { ...DEFAULT_PLAN, canary: { kind: 'count', count: 2 }, waves: { kind: 'percent', percents: [50, 100] }, soakSeconds: 60 };
const progress = (p: Partial<Progress> = {}): Progress => ({ phase: 'running', step: 0, stepStartedAt: T0, promoted: false, acked: {}, ...p });

function input(pods: Record<string, PodSpec>, over: Partial<DecideInput> = {}, n = 10): DecideInput {
  const nodes = nodeNames(n);
  const cells = nodes.map((node) => cell(node, [pod(node, pods[node] ?? {})]));
  return { plan, progress: progress(), steps: planSteps(plan, nodes, () => undefined), cells, maxUnavailable: 2, now: T0 + 1000, ...over };
}

describe('decide', () => {
  it('deletes the canary nodes\' old pods first, and nothing outside the canary', () => {
    const d = decide(input({}));
    expect(d).toMatchObject({ type: 'delete' });
    expect(d.type === 'delete' && d.pods.map((p) => p.node)).toEqual(['node-1', 'node-2']);
  });

  it('keeps within maxUnavailable: nodes already without an available pod use the budget', () => {
    const d = decide(input({ 'node-5': { ready: false } }, { progress: progress({ step: 1 }) }));
    // node-5 (wave 1) is unavailable: old and not ready, deleted at once, it costs nothing; one more fits.
    expect(d.type === 'delete' && d.pods.map((p) => p.node)).toEqual(['node-5', 'node-1']);
    const full = decide(input({ 'node-9': { revision: 'current', ready: false }, 'node-10': { revision: 'current', ready: false } }));
    expect(full).toMatchObject({ type: 'wait', why: '2 old pods waiting: 2 of 2 unavailable' });
  });

  it('waits for the new pods to be Ready, then soaks from their last container start', () => {
    const starting = decide(input({ 'node-1': { revision: 'current' }, 'node-2': { revision: 'current', ready: false } }));
    expect(starting).toEqual({ type: 'wait', why: 'waiting for pod agent-node-2-current on node node-2 to be Ready and available' });
    const started = '2026-12-01T10:00:30Z';
    const soaking = decide(input({ 'node-1': { revision: 'current' }, 'node-2': { revision: 'current', startedAt: started } }, { now: T0 + 45_000 }));
    expect(soaking).toMatchObject({ type: 'wait', soak: { since: Date.parse(started), until: Date.parse(started) + 60_000 } });
    const passed = decide(input({ 'node-1': { revision: 'current' }, 'node-2': { revision: 'current', startedAt: started } }, { now: Date.parse(started) + 60_000 }));
    expect(passed).toEqual({ type: 'advance', to: 1, why: 'canary passed its gate' });
  });

  it('pauses on a crash-looping new pod, naming pod and node; auto-abort aborts instead', () => {
    const pods = { 'node-2': { revision: 'current' as const, ready: false, waitingReason: 'CrashLoopBackOff', restarts: 1 } };
    expect(decide(input(pods))).toEqual({
      type: 'pause',
      reason: 'pod agent-node-2-current on node node-2: CrashLoopBackOff',
      pod: { node: 'node-2', pod: 'agent-node-2-current', uid: 'uid-node-2-current' },
    });
    expect(decide(input(pods, { plan: { ...plan, autoAbort: true } }))).toMatchObject({ type: 'abort' });
  });

  it('pauses when restarts exceed maxRestarts, counting only those after a person acknowledged the pod', () => {
    const pods = { 'node-1': { revision: 'current' as const, restarts: 3 } };
    expect(decide(input(pods))).toMatchObject({ type: 'pause', reason: 'pod agent-node-1-current on node node-1 restarted 3 times' });
    expect(decide(input(pods, { progress: progress({ acked: { 'uid-node-1-current': 2 } }) }))).toMatchObject({ type: 'delete' });
    expect(decide(input({ 'node-1': { revision: 'current', restarts: 5 } }, { progress: progress({ acked: { 'uid-node-1-current': 2 } }) }))).toMatchObject({ type: 'pause' });
  });

  it('pauses on a new pod not Ready within readyTimeoutSeconds', () => {
    const d = decide(input({ 'node-1': { revision: 'current', ready: false } }, { now: T0 + (plan.readyTimeoutSeconds + 1) * 1000 }));
    expect(d).toMatchObject({ type: 'pause', reason: `pod agent-node-1-current on node node-1 not Ready after ${plan.readyTimeoutSeconds + 1} s` });
  });

  it('completes after the last wave\'s gate; promote skips the soak', () => {
    const all = Object.fromEntries(nodeNames(10).map((n) => [n, { revision: 'current' as const }]));
    expect(decide(input(all, { progress: progress({ step: 2 }), now: T0 + 61_000 }))).toEqual({ type: 'complete', why: 'every wave passed its gate' });
    expect(decide(input(all, { progress: progress({ step: 0, promoted: true }), now: T0 + 1 }))).toMatchObject({ type: 'complete' });
    expect(decide(input({}, { progress: progress({ step: 0, promoted: true }) }))).toMatchObject({ type: 'delete' });
  });

  it('treats a pod it just deleted as gone even while its cache still shows it', () => {
    const d = decide(input({}, { deleting: new Set(['uid-node-1-old', 'uid-node-2-old']) }));
    expect(d).toEqual({ type: 'wait', why: 'waiting for the new pod on node node-1' });
  });

  it('never deletes outside the targets, nor takes an available pod past the budget (property)', () => {
    const podArb = fc.record({
      revision: fc.constantFrom('current' as const, 'old' as const),
      ready: fc.boolean(),
      terminating: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(podArb, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 5 }), fc.nat(3), (specs, budget, step) => {
        const nodes = nodeNames(specs.length);
        const cells = nodes.map((n, i) => cell(n, [pod(n, specs[i]!)]));
        const steps = planSteps(plan, nodes, () => undefined);
        const d = decide({ plan: { ...plan, readyTimeoutSeconds: 1e6 }, progress: progress({ step }), steps, cells, maxUnavailable: budget, now: T0 + 1 });
        if (d.type !== 'delete') return;
        const targets = new Set(steps.slice(0, step + 1).flatMap((s) => s.nodes));
        for (const p of d.pods) expect(targets.has(p.node)).toBe(true);
        const unavailable = cells.filter((c) => !livePod(c)?.available).length;
        const availableTaken = d.pods.filter((p) => livePod(cells.find((c) => c.node === p.node)!)?.available).length;
        expect(unavailable + availableTaken).toBeLessThanOrEqual(Math.max(budget, unavailable));
      }),
    );
  });
});
