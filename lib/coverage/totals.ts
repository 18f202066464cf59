import { CONTRIB, type CellOutput } from './cell';
import type { Cell, CellState, Counts } from './types';

/**
 * An agent's running totals over its cells. They change by subtracting a cell's old
 * contribution and adding its new one, so one event costs one cell, not one pass over the nodes.
 */
export interface AgentTotals extends Omit<Counts, 'unavailable'> {
  budgetUnavailable: number;
  surgeInUse: number;
  states: Record<CellState, number>;
  /** Ineligible node count per reason message. */
  excluded: Map<string, number>;
  /** Node → its cell, for cells that block a rolling update. */
  blocking: Map<string, Cell>;
  /** Latest minReadySeconds mark already passed by any cell (reading before it needs a recompute). */
  validFrom: number;
  /** Node → the moment its cell changes (a pod turns available); and the earliest of them. */
  until: Map<string, number>;
  validUntil: number;
}

export const newTotals = (): AgentTotals => ({
  desired: 0,
  current: 0,
  ready: 0,
  available: 0,
  updated: 0,
  misscheduled: 0,
  budgetUnavailable: 0,
  surgeInUse: 0,
  states: { failing: 0, missing: 0, 'node-unhealthy': 0, misscheduled: 0, starting: 0, outdated: 0, ready: 0, ineligible: 0 },
  excluded: new Map(),
  blocking: new Map(),
  validFrom: -Infinity,
  until: new Map(),
  validUntil: Infinity,
});

function bump<K>(m: Map<K, number>, k: K, d: number): void {
  const v = (m.get(k) ?? 0) + d;
  if (v === 0) m.delete(k);
  else m.set(k, v);
}

// The bits as module constants: read once per cell eight times, and an imported binding can cost a
// property lookup per read (CommonJS output of tsx/esbuild turns it into a getter call).
const { desired: B_DESIRED, current: B_CURRENT, ready: B_READY, available: B_AVAILABLE, updated: B_UPDATED, misscheduled: B_MISSCHEDULED, budgetUnavailable: B_BUDGET, surgeInUse: B_SURGE } = CONTRIB;

/** Add (sign 1) or subtract (sign -1) a cell and its CONTRIB bits. */
export function applyCell(t: AgentTotals, c: Cell, bits: number, sign: 1 | -1): void {
  if (bits !== 0) {
    if (bits & B_DESIRED) t.desired += sign;
    if (bits & B_CURRENT) t.current += sign;
    if (bits & B_READY) t.ready += sign;
    if (bits & B_AVAILABLE) t.available += sign;
    if (bits & B_UPDATED) t.updated += sign;
    if (bits & B_MISSCHEDULED) t.misscheduled += sign;
    if (bits & B_BUDGET) t.budgetUnavailable += sign;
    if (bits & B_SURGE) t.surgeInUse += sign;
  }
  t.states[c.state] += sign;
  if (c.state === 'ineligible') for (const reason of c.reasons) bump(t.excluded, reason.message, sign);
  if (c.blocking) {
    if (sign > 0) t.blocking.set(c.node, c);
    else t.blocking.delete(c.node);
  }
}

/** Record a freshly computed cell's validity window. */
export function applyWindow(t: AgentTotals, node: string, out: CellOutput): void {
  if (out.validFrom > t.validFrom) t.validFrom = out.validFrom;
  if (out.validUntil !== Infinity) {
    t.until.set(node, out.validUntil);
    if (out.validUntil < t.validUntil) t.validUntil = out.validUntil;
  }
}

/** Nodes whose cells a pod crossing its minReadySeconds mark has changed by `now`. */
export function nodesDue(t: AgentTotals, now: number): string[] {
  const due: string[] = [];
  for (const [node, until] of t.until) if (now >= until) due.push(node);
  return due;
}

/** Re-derive the earliest mark after the cells due were recomputed. */
export function resetValidUntil(t: AgentTotals): void {
  t.validUntil = Infinity;
  for (const until of t.until.values()) if (until < t.validUntil) t.validUntil = until;
}
