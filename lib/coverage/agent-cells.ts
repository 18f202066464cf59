import { computeCellInto as importedComputeCellInto, type AgentContext, type CellOutput } from './cell';
import type { Eligibility } from './eligibility';
import type { NodeFacts } from './node';
import type { PodFacts } from './pods';
import { applyCell as importedApplyCell, applyWindow as importedApplyWindow, newTotals, type AgentTotals } from './totals';
import type { Cell } from './types';

/** One agent's cells aligned with a node order, with each cell's CONTRIB bits and the running totals. */
export interface AgentCells {
  /** The node order the arrays are aligned with. */
  names: readonly string[];
  cells: Cell[];
  bits: Uint8Array;
  eligs: Eligibility[];
  totals: AgentTotals;
  /** `cells` was handed out in a result: copy before writing. */
  shared: boolean;
}

/** Nodes in order, their facts aligned with their names. */
export interface NodeList {
  names: readonly string[];
  facts: readonly NodeFacts[];
}

/** One agent's daemon pods by target node. */
export type PodsByNode = ReadonlyMap<string, readonly PodFacts[]>;

export type EligibilityOf = (node: NodeFacts) => Eligibility;

/** What a full computation over the same node order may reuse from the previous one. */
export interface PreviousCells {
  /** Templates to share: an unchanged cell keeps its object. */
  cells: readonly Cell[];
  /** Eligibility per node; omit when the placement rules changed. */
  eligs?: readonly Eligibility[];
  /** Nodes that changed (true: their eligibility must be asked again). */
  nodeChanged?: ReadonlyMap<string, boolean>;
}

export const emptyAgentCells = (): AgentCells => ({ names: [], cells: [], bits: new Uint8Array(0), eligs: [], totals: newTotals(), shared: false });

// The per-cell functions as module constants: the CommonJS output of tsx/esbuild turns every call
// of an imported binding into a getter call, and these run once per cell (100,000 per full pass).
const computeCellInto = importedComputeCellInto;
const applyCell = importedApplyCell;
const applyWindow = importedApplyWindow;

/** Side outputs of computeCellInto; the functions here copy them out before the next call. */
const out: CellOutput = { bits: 0, validFrom: -Infinity, validUntil: Infinity };

/**
 * Every cell of one agent against a set of nodes, into fresh arrays. It changes nothing it is
 * given (pod facts only memoise their pod views), so a preview of a changed DaemonSet or of
 * changed nodes can call it on copies, with `(n) => nodeShouldRunDaemonPod(rules, n)` as
 * `eligibilityOf`, without touching a live engine.
 */
export function computeAgentCells(ctx: AgentContext, nodes: NodeList, pods: PodsByNode | undefined, eligibilityOf: EligibilityOf, now: number, previous?: PreviousCells): AgentCells {
  const { names, facts } = nodes;
  const n = names.length;
  const cells = new Array<Cell>(n);
  const bits = new Uint8Array(n);
  const eligs = new Array<Eligibility>(n);
  const totals = newTotals();
  const prevCells = previous?.cells;
  const prevEligs = previous?.eligs;
  const nodeChanged = previous?.nodeChanged;
  for (let i = 0; i < n; i++) {
    const name = names[i]!;
    const node = facts[i]!;
    const elig = prevEligs !== undefined && nodeChanged?.get(name) !== true ? prevEligs[i]! : eligibilityOf(node);
    // the previous cell only serves as a template to share when nothing in it changed
    const cell = computeCellInto(ctx, node, elig, pods?.get(name), now, out, prevCells?.[i]);
    cells[i] = cell;
    bits[i] = out.bits;
    eligs[i] = elig;
    applyCell(totals, cell, out.bits, 1);
    if (out.validFrom !== -Infinity || out.validUntil !== Infinity) applyWindow(totals, name, out);
  }
  return { names, cells, bits, eligs, totals, shared: false };
}

/** Recompute the cell at index i in place: subtract the old contribution, add the new one. */
export function recomputeCell(a: AgentCells, i: number, ctx: AgentContext, node: NodeFacts, podsHere: readonly PodFacts[] | undefined, elig: Eligibility, now: number): void {
  const name = a.names[i]!;
  const totals = a.totals;
  applyCell(totals, a.cells[i]!, a.bits[i]!, -1);
  totals.until.delete(name);
  const cell = computeCellInto(ctx, node, elig, podsHere, now, out, a.cells[i]);
  if (a.shared) {
    a.cells = a.cells.slice();
    a.shared = false;
  }
  a.cells[i] = cell;
  a.bits[i] = out.bits;
  a.eligs[i] = elig;
  applyCell(totals, cell, out.bits, 1);
  if (out.validFrom !== -Infinity || out.validUntil !== Infinity) applyWindow(totals, name, out);
}

/**
 * Re-align the arrays with a new node order (nodes were added or removed): keep the cells of
 * surviving nodes and drop the others' contributions. New nodes get a placeholder that the
 * caller must recompute; their names are returned.
 */
export function realignAgentCells(a: AgentCells, nodes: NodeList, eligibilityOf: EligibilityOf): string[] {
  const old = a.names;
  const oldIndex = new Map(old.map((name, i) => [name, i]));
  const { names, facts } = nodes;
  const n = names.length;
  const cells = new Array<Cell>(n);
  const bits = new Uint8Array(n);
  const eligs = new Array<Eligibility>(n);
  const kept = new Set<string>();
  const added: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = names[i]!;
    const j = oldIndex.get(name);
    if (j === undefined) {
      // placeholder until recomputed: counted as ineligible so that recomputing it balances
      cells[i] = { node: name, state: 'ineligible', shouldRun: false, shouldContinueRunning: false, reasons: [], pods: [] };
      bits[i] = 0;
      eligs[i] = eligibilityOf(facts[i]!);
      a.totals.states.ineligible += 1;
      added.push(name);
    } else {
      cells[i] = a.cells[j]!;
      bits[i] = a.bits[j]!;
      eligs[i] = a.eligs[j]!;
      kept.add(name);
    }
  }
  old.forEach((name, j) => {
    if (kept.has(name)) return;
    applyCell(a.totals, a.cells[j]!, a.bits[j]!, -1);
    a.totals.until.delete(name);
  });
  a.names = names;
  a.cells = cells;
  a.bits = bits;
  a.eligs = eligs;
  a.shared = false;
  return added;
}
