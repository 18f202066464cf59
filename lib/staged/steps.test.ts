import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN, type Plan } from './plan';
import { planSteps, stepOf } from './steps';
import { nodeNames } from './test-cells';

const plan = (p: Partial<Plan>): Plan => ({ ...DEFAULT_PLAN, ...p });
const noLabels = () => undefined;

describe('planSteps', () => {
  it('takes the first N nodes in natural order as the canary, then cumulative percentages of the rest', () => {
    const steps = planSteps(plan({ canary: { kind: 'count', count: 2 }, waves: { kind: 'percent', percents: [10, 50, 100] } }), nodeNames(22).reverse(), noLabels);
    expect(steps.map((s) => s.name)).toEqual(['canary', 'wave 1', 'wave 2', 'wave 3']);
    expect(steps[0]!.nodes).toEqual(['node-1', 'node-2']);
    // 20 left: 10 % → 2, 50 % → 10 (8 more), 100 % → the other 10.
    expect(steps.map((s) => s.nodes.length)).toEqual([2, 2, 8, 10]);
    expect(steps[1]!.nodes).toEqual(['node-3', 'node-4']);
  });

  it('rounds a wave up, as the controller rounds maxUnavailable: 10 % of 5 nodes is one node', () => {
    const steps = planSteps(plan({ canary: { kind: 'count', count: 0 }, waves: { kind: 'percent', percents: [10, 100] } }), nodeNames(5), noLabels);
    expect(steps.map((s) => s.nodes.length)).toEqual([0, 1, 4]);
  });

  it('picks canary nodes by label selector or by name, only among eligible nodes', () => {
    const labels: Record<string, Record<string, string>> = { 'node-3': { 'node-role/canary': 'true' }, 'node-9': { 'node-role/canary': 'true' } };
    const bySelector = planSteps(plan({ canary: { kind: 'selector', selector: 'node-role/canary=true' } }), nodeNames(8), (n) => labels[n]);
    expect(bySelector[0]!.nodes).toEqual(['node-3']);
    const byName = planSteps(plan({ canary: { kind: 'nodes', nodes: ['node-7', 'node-2', 'gone'] } }), nodeNames(8), noLabels);
    expect(byName[0]!.nodes).toEqual(['node-2', 'node-7']);
  });

  it('makes one wave per label value, in value order, unlabelled nodes last', () => {
    const zone: Record<string, string> = { 'node-2': 'b', 'node-3': 'a', 'node-4': 'b', 'node-5': 'a' };
    const steps = planSteps(plan({ waves: { kind: 'label', label: 'zone' } }), nodeNames(6), (n): Record<string, string> => {
      const z = zone[n];
      return z ? { zone: z } : {};
    });
    expect(steps.map((s) => [s.name, s.value, s.nodes])).toEqual([
      ['canary', undefined, ['node-1']],
      ['wave 1', 'a', ['node-3', 'node-5']],
      ['wave 2', 'b', ['node-2', 'node-4']],
      ['wave 3', '', ['node-6']],
    ]);
  });

  const planArb = fc.record({
    canary: fc.oneof(
      fc.record({ kind: fc.constant('count' as const), count: fc.nat(12) }),
      fc.record({ kind: fc.constant('nodes' as const), nodes: fc.array(fc.integer({ min: 1, max: 40 }).map((i) => `node-${i}`)) }),
      fc.record({ kind: fc.constant('selector' as const), selector: fc.constantFrom('zone=a', 'zone', 'zone=b,gpu') }),
    ),
    waves: fc.oneof(
      fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 4 }).map((ps) => ({ kind: 'percent' as const, percents: [...ps.sort((a, b) => a - b), 100] })),
      fc.constant({ kind: 'label' as const, label: 'zone' }),
    ),
  });
  const labelsArb = fc.dictionary(fc.integer({ min: 1, max: 40 }).map(String), fc.record({ zone: fc.constantFrom('a', 'b', 'c') }, { requiredKeys: [] }));

  it('partitions the eligible nodes (each in exactly one step), whatever order they come in', () => {
    fc.assert(
      fc.property(planArb, fc.integer({ min: 0, max: 40 }), labelsArb, fc.integer(), (p, n, labels, seed) => {
        const nodes = nodeNames(n);
        const shuffled = [...nodes].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 17 + seed) % 7) || a.localeCompare(b));
        const labelsOf = (node: string) => labels[node.slice(5)];
        const steps = planSteps({ ...DEFAULT_PLAN, ...p }, shuffled, labelsOf);
        const all = steps.flatMap((s) => s.nodes);
        expect(all.sort()).toEqual([...nodes].sort());
        expect(new Set(all).size).toBe(all.length);
        // Deterministic: the same nodes in another order give the same steps.
        expect(planSteps({ ...DEFAULT_PLAN, ...p }, nodes, labelsOf)).toEqual(steps);
        for (const node of nodes) expect(stepOf(steps, node)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
