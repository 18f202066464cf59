import type { Result } from 'axe-core';

export type Impact = 'critical' | 'serious' | 'moderate' | 'minor';
const IMPACTS: Impact[] = ['critical', 'serious', 'moderate', 'minor'];

export interface AxeFinding {
  rule: string;
  impact: Impact;
  /** How many elements break the rule. */
  nodes: number;
  /** A few CSS targets, enough to find the elements. */
  examples: string[];
}

export interface AxeSummary {
  scene: string;
  findings: AxeFinding[];
}

/** axe's violations reduced to what a person fixing them needs: rule, impact, count, where. */
export function summarise(scene: string, violations: Result[]): AxeSummary {
  return {
    scene,
    findings: violations.map((v) => ({
      rule: v.id,
      impact: (v.impact ?? 'minor') as Impact,
      nodes: v.nodes.length,
      examples: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    })),
  };
}

/** Elements in violation per impact, e.g. { serious: 4, minor: 30 }. */
export function countByImpact(s: AxeSummary): Record<Impact, number> {
  const out = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const f of s.findings) out[f.impact] += f.nodes;
  return out;
}

/** One line per scene: element counts per impact, then the rules behind them. */
export function axeTable(results: AxeSummary[]): string {
  const width = Math.max(5, ...results.map((r) => r.scene.length));
  const head = `${'scene'.padEnd(width)}  ${IMPACTS.map((i) => i.padStart(8)).join('')}  rules`;
  const lines = results.map((r) => {
    const counts = countByImpact(r);
    const rules = r.findings.map((f) => `${f.rule}(${f.impact} ×${f.nodes})`).join(', ') || '—';
    return `${r.scene.padEnd(width)}  ${IMPACTS.map((i) => String(counts[i]).padStart(8)).join('')}  ${rules}`;
  });
  return [head, ...lines].join('\n');
}
