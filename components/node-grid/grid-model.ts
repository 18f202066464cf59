import type { CellState, GridCellDTO, NodeTable } from '@/lib/api/dto';
import { STATE_META } from '@/components/cell-state/meta';
import { naturalCompare } from '@/components/ui/natural-order';
import { groupValue, labelsOf, matchesLabel } from '@/lib/nodes/labels';
import { keptFor } from '@/lib/kept';

export interface GridItem {
  /** Position in the response's node order (stable across filters). */
  index: number;
  node: string;
  state: CellState;
  /** Why the cell is in its state, in words ('' for a healthy cell). */
  reason: string;
  /** Untolerated taint, when that is why the node is excluded. */
  taint?: string;
  ready: boolean;
  cordoned: boolean;
  labels: Map<string, string>;
  cell: GridCellDTO;
}

/** Words for a cell: the engine's reasons, else the kubelet's waiting reason of its pod. */
export function cellReason(cell: GridCellDTO): string {
  const reasons = cell.reasons.map((r) => r.message);
  if (reasons.length) return reasons.join('; ');
  const pod = cell.pods.find((p) => p.waitingReason) ?? cell.pods[0];
  if (pod?.waitingReason) return pod.waitingMessage ? `${pod.waitingReason}: ${pod.waitingMessage}` : pod.waitingReason;
  return '';
}

/** Short reasons used for the reason filter: kubelet reasons, engine messages and the cause's label, one per entry. */
export function reasonKeys(cell: GridCellDTO): string[] {
  const keys = cell.reasons.map((r) => r.message);
  for (const pod of cell.pods) if (pod.waitingReason) keys.push(pod.waitingReason);
  if (cell.cause) keys.push(cell.cause.label);
  return [...new Set(keys)];
}

/**
 * Items per node table and cell object. A live delta replaces a few cells and keeps the table, so
 * a render at 5,000 nodes builds items (and decodes labels) only for the cells that changed.
 */
const itemsByTable = new WeakMap<NodeTable, WeakMap<GridCellDTO, GridItem>>();

export function buildItems(nodes: NodeTable, cells: GridCellDTO[]): GridItem[] {
  const kept = keptFor(itemsByTable, nodes, () => new WeakMap<GridCellDTO, GridItem>());
  return cells.map((cell, index) => {
    let item = kept.get(cell);
    if (item?.index !== index) kept.set(cell, (item = buildItem(nodes, cell, index)));
    return item;
  });
}

function buildItem(nodes: NodeTable, cell: GridCellDTO, index: number): GridItem {
  return {
    index,
    node: cell.node,
    state: cell.state,
    reason: cellReason(cell),
    // Highlighted only where the taint is why the node is left out (not on an unhealthy node).
    taint: cell.state === 'ineligible' ? (cell.taintMismatch ?? cell.reasons.find((r) => r.kind === 'taint')?.taint) : undefined,
    ready: nodes.ready[index] !== 'N',
    cordoned: nodes.cordoned[index] === '1',
    labels: labelsOf(nodes, index),
    cell,
  };
}

export interface GridFilter {
  states: CellState[];
  reason?: string;
  label?: string;
  name?: string;
}

export function filterItems(items: GridItem[], f: GridFilter): GridItem[] {
  const states = f.states.length ? new Set(f.states) : undefined;
  const name = f.name?.trim().toLowerCase();
  return items.filter(
    (it) =>
      (!states || states.has(it.state)) &&
      (!f.reason || reasonKeys(it.cell).includes(f.reason)) &&
      (!f.label || matchesLabel(it.labels, f.label)) &&
      (!name || it.node.toLowerCase().includes(name)),
  );
}

export interface ReasonCount {
  reason: string;
  count: number;
  taint: boolean;
}

/** Every reason present with its node count, most common first (for the filter and side list). */
export function reasonCounts(items: GridItem[]): ReasonCount[] {
  const counts = new Map<string, ReasonCount>();
  for (const it of items)
    for (const reason of reasonKeys(it.cell)) {
      const c = counts.get(reason) ?? { reason, count: 0, taint: it.cell.reasons.some((r) => r.kind === 'taint' && r.message === reason) };
      c.count++;
      counts.set(reason, c);
    }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/**
 * The reasons the reason filter offers: the `limit` most common, plus the selected one wherever it
 * ranks. Pod sentences name their pod, so a fleet mid-rollout has a reason per node; the rest are
 * counted, not listed.
 */
export function reasonChoices(reasons: ReasonCount[], selected: string | undefined, limit: number): { shown: ReasonCount[]; hidden: number } {
  const shown = reasons.slice(0, limit);
  const picked = selected && !shown.some((r) => r.reason === selected) ? reasons.find((r) => r.reason === selected) : undefined;
  if (picked) shown.push(picked);
  return { shown, hidden: reasons.length - shown.length };
}

export function stateCounts(items: GridItem[]): Partial<Record<CellState, number>> {
  const out: Partial<Record<CellState, number>> = {};
  for (const it of items) out[it.state] = (out[it.state] ?? 0) + 1;
  return out;
}

/** Nodes excluded by each untolerated taint, for the side list. */
export function taintMismatches(items: GridItem[]): { taint: string; nodes: string[] }[] {
  const byTaint = new Map<string, string[]>();
  for (const it of items) {
    if (!it.taint) continue;
    const nodes = byTaint.get(it.taint);
    if (nodes) nodes.push(it.node);
    else byTaint.set(it.taint, [it.node]);
  }
  return [...byTaint.entries()].map(([taint, nodes]) => ({ taint, nodes })).sort((a, b) => b.nodes.length - a.nodes.length || a.taint.localeCompare(b.taint));
}

export interface GridGroup {
  /** '' when ungrouped, or the group's label value ('' value is shown as "no label"). */
  value: string;
  items: GridItem[];
}

/** Groups by a label key (sorted, nodes without the label last); one group when no key. */
export function groupItems(items: GridItem[], key?: string): GridGroup[] {
  if (!key) return [{ value: '', items }];
  const groups = new Map<string, GridItem[]>();
  for (const it of items) {
    const v = groupValue(it.labels, key);
    const list = groups.get(v);
    if (list) list.push(it);
    else groups.set(v, [it]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : naturalCompare(a, b)))
    .map(([value, list]) => ({ value, items: list }));
}

export type GridRow =
  | { kind: 'header'; group: GridGroup; key: string }
  | { kind: 'cells'; items: GridItem[]; key: string; /** flat position of items[0] */ start: number };

/**
 * Lays groups out in rows of `columns` cells (the unit the virtualiser renders). Flat positions
 * number the visible cells in reading order, for keyboard navigation.
 */
export function layoutRows(groups: GridGroup[], columns: number, withHeaders: boolean): GridRow[] {
  const cols = Math.max(1, columns);
  const rows: GridRow[] = [];
  let flat = 0;
  for (const group of groups) {
    if (withHeaders) rows.push({ kind: 'header', group, key: `h:${group.value}` });
    for (let i = 0; i < group.items.length; i += cols) {
      rows.push({ kind: 'cells', items: group.items.slice(i, i + cols), key: `c:${group.value}:${i}`, start: flat });
      flat += Math.min(cols, group.items.length - i);
    }
  }
  return rows;
}

export type NavKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

/**
 * Next focused flat position after a key, moving across group boundaries: up/down keep the
 * column where the target row is long enough, else land on its last cell.
 */
export function moveFocus(rows: GridRow[], position: number, key: NavKey): number {
  const cellRows = rows.filter((r): r is Extract<GridRow, { kind: 'cells' }> => r.kind === 'cells');
  const total = cellRows.reduce((n, r) => n + r.items.length, 0);
  if (total === 0) return 0;
  const pos = Math.min(Math.max(position, 0), total - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return total - 1;
  if (key === 'ArrowLeft') return Math.max(0, pos - 1);
  if (key === 'ArrowRight') return Math.min(total - 1, pos + 1);
  const rowIdx = cellRows.findIndex((r) => pos >= r.start && pos < r.start + r.items.length);
  const row = cellRows[rowIdx];
  if (!row) return pos;
  const col = pos - row.start;
  const target = cellRows[key === 'ArrowUp' ? rowIdx - 1 : rowIdx + 1];
  if (!target) return pos;
  return target.start + Math.min(col, target.items.length - 1);
}

/** The filtered items in flat (reading) order, for mapping a position back to an item. */
export function flatItems(groups: GridGroup[]): GridItem[] {
  return groups.flatMap((g) => g.items);
}

export function stateLabel(item: GridItem): string {
  return item.taint && item.state === 'ineligible' ? `${STATE_META.ineligible.label} (taint)` : STATE_META[item.state].label;
}
