import { naturalCompare } from './order';
import { matchesSelector, type Plan } from './plan';

/** One step of a plan: the canary or a wave, and the nodes it replaces pods on. */
export interface Step {
  /** "canary", "wave 1", … */
  name: string;
  /** Set for label waves: the label value this wave covers ('' for nodes without the label). */
  value?: string;
  nodes: string[];
}

export type LabelsOf = (node: string) => Record<string, string> | undefined;

/**
 * The plan's steps over the eligible nodes. Deterministic: nodes are sorted by name (naturally:
 * node-2 before node-10) within each choice, so a restarted console, another replica and the
 * person's preview all compute the same waves from the same nodes.
 */
export function planSteps(plan: Plan, eligible: readonly string[], labelsOf: LabelsOf): Step[] {
  const sorted = [...new Set(eligible)].sort(naturalCompare);
  const canary = canaryNodes(plan, sorted, labelsOf);
  const inCanary = new Set(canary);
  const rest = sorted.filter((n) => !inCanary.has(n));
  return [{ name: 'canary', nodes: canary }, ...waves(plan, rest, labelsOf)];
}

function canaryNodes(plan: Plan, sorted: string[], labelsOf: LabelsOf): string[] {
  const c = plan.canary;
  switch (c.kind) {
    case 'count':
      return sorted.slice(0, c.count);
    case 'selector':
      return sorted.filter((n) => matchesSelector(labelsOf(n), c.selector));
    case 'nodes': {
      const named = new Set(c.nodes);
      return sorted.filter((n) => named.has(n));
    }
  }
}

function waves(plan: Plan, rest: string[], labelsOf: LabelsOf): Step[] {
  const w = plan.waves;
  if (w.kind === 'percent') {
    const out: Step[] = [];
    let from = 0;
    w.percents.forEach((pct, i) => {
      // Cumulative and rounded up, as the controller rounds maxUnavailable: 10 % of 5 nodes is 1 node.
      const to = i === w.percents.length - 1 ? rest.length : Math.min(rest.length, Math.ceil((pct * rest.length) / 100));
      out.push({ name: `wave ${i + 1}`, nodes: rest.slice(from, Math.max(from, to)) });
      from = Math.max(from, to);
    });
    return out;
  }
  const byValue = new Map<string, string[]>();
  for (const n of rest) {
    const v = labelsOf(n)?.[w.label] ?? '';
    const list = byValue.get(v) ?? [];
    list.push(n);
    byValue.set(v, list);
  }
  const values = [...byValue.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : naturalCompare(a, b)));
  return values.map((v, i) => ({ name: `wave ${i + 1}`, value: v, nodes: byValue.get(v)! }));
}

/** The step a node belongs to, or -1 when the plan does not cover it. */
export function stepOf(steps: readonly Step[], node: string): number {
  return steps.findIndex((s) => s.nodes.includes(node));
}
