import { keptFor } from '@/lib/kept';
import type { CoverageResponse, DaemonSetDetailResponse, LiveViewName, NodeTable, RowsDelta, ViewDelta } from './dto';

/**
 * Deltas between two snapshots of one live view, and their application in the browser. Pure, and
 * generic over what a cell or an agent summary holds: rows are compared by their serialised form,
 * so a field added to cells tomorrow travels in deltas without a change here.
 *
 * A view is split into keyed row lists plus the remaining top-level fields:
 * - DaemonSet detail: `nodes` rows keyed by node name = the node's table entry and its cell;
 * - coverage: `nodes` rows = the node's table entry and its grid character of every agent (in agent
 *   order), `agents` rows keyed by namespace/name = the agent summary without its grid.
 * Joining the rows back rebuilds the exact response, label interning included (first use order, as
 * lib/api/map.ts builds it).
 */

export type LiveSnapshot = CoverageResponse | DaemonSetDetailResponse;

interface RowList {
  keys: string[];
  rows: unknown[];
}
export interface SplitView {
  rest: Record<string, unknown>;
  lists: Record<string, RowList>;
}

/** A node's entry in a NodeTable: readiness char, cordon char, its "key=value" labels in order. */
export type NodeEntry = [ready: string, cordoned: string, labels: string[]];

/** Entries of a node table, once per table (the server keeps one table while no node changes). */
const entriesOf = new WeakMap<NodeTable, NodeEntry[]>();

export function nodeEntries(t: NodeTable): NodeEntry[] {
  return keptFor(entriesOf, t, () => t.names.map((_, i) => [t.ready[i] ?? 'R', t.cordoned[i] ?? '0', (t.labels[i] ?? []).map((j) => t.labelPairs[j]!)]));
}

/** The NodeTable of these entries, labels interned in first-use order (as nodeTable() does). */
export function nodeTableOf(names: string[], entries: readonly NodeEntry[]): NodeTable {
  const pairIndex = new Map<string, number>();
  const labelPairs: string[] = [];
  const labels: number[][] = [];
  let ready = '';
  let cordoned = '';
  for (const [r, c, pairs] of entries) {
    ready += r;
    cordoned += c;
    labels.push(
      pairs.map((pair) => {
        let i = pairIndex.get(pair);
        if (i === undefined) {
          i = labelPairs.length;
          labelPairs.push(pair);
          pairIndex.set(pair, i);
        }
        return i;
      }),
    );
  }
  return { names, ready, cordoned, labelPairs, labels };
}

const withoutGrid = (a: CoverageResponse['agents'][number]) => {
  const summary: Partial<CoverageResponse['agents'][number]> = { ...a };
  delete summary.grid;
  return summary;
};

const agentKey = (a: { namespace: string; name: string }) => `${a.namespace}/${a.name}`;

export function isCoverageView(view: LiveViewName): view is 'coverage' {
  return view === 'coverage';
}

export function splitView(view: LiveViewName, s: LiveSnapshot): SplitView {
  const entries = nodeEntries(s.nodes);
  if (isCoverageView(view)) {
    const { nodes, agents, ...rest } = s as CoverageResponse;
    return {
      rest,
      lists: {
        agents: { keys: agents.map(agentKey), rows: agents.map(withoutGrid) },
        nodes: { keys: nodes.names, rows: entries.map((e, i) => ({ n: e, g: agents.map((a) => a.grid[i] ?? '').join('') })) },
      },
    };
  }
  const { nodes, cells, ...rest } = s as DaemonSetDetailResponse;
  return { rest, lists: { nodes: { keys: nodes.names, rows: entries.map((e, i) => ({ n: e, c: cells[i] })) } } };
}

export function joinView(view: LiveViewName, v: SplitView): LiveSnapshot {
  const nodeList = v.lists.nodes!;
  const rows = nodeList.rows as { n: NodeEntry; g?: string; c?: unknown }[];
  const nodes = nodeTableOf(nodeList.keys, rows.map((r) => r.n));
  if (isCoverageView(view)) {
    const summaries = v.lists.agents!.rows as Omit<CoverageResponse['agents'][number], 'grid'>[];
    const agents = summaries.map((summary, j) => ({ ...summary, grid: rows.map((r) => r.g![j] ?? '').join('') }));
    return { ...(v.rest as Omit<CoverageResponse, 'nodes' | 'agents'>), nodes, agents };
  }
  return { ...(v.rest as Omit<DaemonSetDetailResponse, 'nodes' | 'cells'>), nodes, cells: rows.map((r) => r.c) as DaemonSetDetailResponse['cells'] };
}

/**
 * A row as its fields' JSON texts, alternating key and text in field order. A field the server
 * kept since the last read (a node's entry, an unchanged cell) is the very same string, so rows
 * compare in a few pointer checks and only changed rows are ever joined into one text.
 */
export type RowParts = readonly string[];

/** A split view with every row and field serialised: what the server keeps to diff the next version against. */
export interface SerialView {
  rest: Map<string, string>;
  lists: Record<string, { keys: string[]; byKey: Map<string, RowParts> }>;
}

/**
 * The JSON of each object a row holds, once per object. The server keeps a node's entry while
 * the node is unchanged and a cell's wire object while the engine's cell is (lib/api/map.ts), so a
 * read serialises only what changed. Objects placed in a view are never modified afterwards.
 */
const jsonOf = new WeakMap<object, string>();

function valueJson(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  return keptFor(jsonOf, value, (v) => JSON.stringify(v));
}

function rowParts(row: unknown): RowParts {
  // Rows are objects; anything else is kept whole under an empty key.
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return ['', JSON.stringify(row) ?? 'null'];
  const parts: string[] = [];
  for (const key in row) {
    if (!Object.hasOwn(row, key)) continue;
    const text = valueJson((row as Record<string, unknown>)[key]);
    if (text !== undefined) parts.push(key, text);
  }
  return parts;
}

/** JSON.stringify(row), byte for byte, from its parts. */
export function rowText(parts: RowParts): string {
  if (parts.length === 2 && parts[0] === '') return parts[1]!;
  let out = '{';
  for (let i = 0; i < parts.length; i += 2) out += `${i > 0 ? ',' : ''}${JSON.stringify(parts[i])}:${parts[i + 1]}`;
  return `${out}}`;
}

/** Serialised length of a row (what it would cost in a snapshot). */
export function rowSize(parts: RowParts): number {
  let n = 0;
  for (const p of parts) n += p.length + 2;
  return n;
}

const sameParts = (a: RowParts | undefined, b: RowParts) => a !== undefined && a.length === b.length && a.every((p, i) => p === b[i]);

export function serialise(v: SplitView): SerialView {
  const lists: SerialView['lists'] = {};
  for (const [name, list] of Object.entries(v.lists)) {
    const byKey = new Map<string, RowParts>();
    list.keys.forEach((k, i) => byKey.set(k, rowParts(list.rows[i])));
    lists[name] = { keys: list.keys, byKey };
  }
  return { rest: new Map(Object.entries(v.rest).filter(([, x]) => x !== undefined).map(([k, x]) => [k, JSON.stringify(x)])), lists };
}

const sameKeys = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((k, i) => k === b[i]);

/**
 * What changed from `prev` to `next` (a view at versions `from` and `to`). Rows travel as their
 * serialised text's parsed value, so the delta holds exactly what a fresh read would.
 */
export function diffViews(view: LiveViewName, from: number, to: number, prev: SerialView, next: SerialView): ViewDelta {
  const delta: ViewDelta = { view, from, to };
  const set: Record<string, unknown> = {};
  for (const [k, text] of next.rest) if (prev.rest.get(k) !== text) set[k] = JSON.parse(text);
  const unset = [...prev.rest.keys()].filter((k) => !next.rest.has(k));
  if (Object.keys(set).length > 0) delta.set = set;
  if (unset.length > 0) delta.unset = unset;
  const rows: Record<string, RowsDelta> = {};
  for (const [name, list] of Object.entries(next.lists)) {
    const old = prev.lists[name];
    const d: RowsDelta = {};
    if (!old || !sameKeys(old.keys, list.keys)) d.order = list.keys;
    const upsert: [string, unknown][] = [];
    for (const [k, parts] of list.byKey) if (!sameParts(old?.byKey.get(k), parts)) upsert.push([k, JSON.parse(rowText(parts))]);
    if (upsert.length > 0) d.upsert = upsert;
    if (d.order || d.upsert) rows[name] = d;
  }
  if (Object.keys(rows).length > 0) delta.rows = rows;
  return delta;
}

/** Thrown when a delta does not fit the snapshot it is applied to: the tab must resync. */
export class DeltaMismatch extends Error {}

/**
 * `snapshot` brought to `delta.to`. The snapshot must be at `delta.from`; a row the delta needs
 * but neither it nor the snapshot holds means they disagree (DeltaMismatch).
 */
export function applyDelta(snapshot: LiveSnapshot, delta: ViewDelta): LiveSnapshot {
  if (snapshot.version !== delta.from) throw new DeltaMismatch(`delta from version ${delta.from} does not apply to version ${snapshot.version}`);
  return applyInPlace(snapshot, delta) ?? applyBySplit(snapshot, delta);
}

function withRest<T extends object>(base: T, delta: ViewDelta): T {
  const out = { ...base, ...(delta.set ?? {}) } as Record<string, unknown>;
  for (const k of delta.unset ?? []) delete out[k];
  return out as T;
}

const sameEntry = (a: NodeEntry, b: NodeEntry) => a[0] === b[0] && a[1] === b[1] && a[2].length === b[2].length && a[2].every((p, i) => p === b[2][i]);

/**
 * Node name → position, once per node table: a delta that only replaces cells keeps the table
 * (the same object), so a tab applying deltas at 5,000 nodes does not index every name each time.
 */
const nodeIndexes = new WeakMap<NodeTable, Map<string, number>>();

function nodeIndexOf(nodes: NodeTable): Map<string, number> {
  return keptFor(nodeIndexes, nodes, (t) => new Map(t.names.map((n, i) => [n, i])));
}

/**
 * The common case of a rollout, without rebuilding the view: no node came or went and no node's
 * facts changed, so only cells (DaemonSet detail) or agent summaries (coverage, no node rows) are
 * replaced where they stand. Undefined when the delta needs the general path.
 */
function applyInPlace(snapshot: LiveSnapshot, delta: ViewDelta): LiveSnapshot | undefined {
  const rows = delta.rows ?? {};
  if (Object.values(rows).some((r) => r.order)) return undefined;
  if (isCoverageView(delta.view)) {
    if (rows.nodes) return undefined;
    const c = snapshot as CoverageResponse;
    const upserts = new Map(rows.agents?.upsert ?? []);
    const agents = upserts.size === 0 ? c.agents : c.agents.map((a) => (upserts.has(agentKey(a)) ? { ...(upserts.get(agentKey(a)) as object), grid: a.grid } : a)) as CoverageResponse['agents'];
    return withRest({ ...c, agents }, delta);
  }
  const d = snapshot as DaemonSetDetailResponse;
  const upsert = rows.nodes?.upsert ?? [];
  let cells = d.cells;
  if (upsert.length > 0) {
    const index = nodeIndexOf(d.nodes);
    cells = d.cells.slice();
    for (const [key, row] of upsert) {
      const i = index.get(key);
      const r = row as { n: NodeEntry; c: DaemonSetDetailResponse['cells'][number] };
      if (i === undefined) return undefined;
      const old: NodeEntry = [d.nodes.ready[i] ?? 'R', d.nodes.cordoned[i] ?? '0', (d.nodes.labels[i] ?? []).map((j) => d.nodes.labelPairs[j]!)];
      if (!sameEntry(old, r.n)) return undefined;
      cells[i] = r.c;
    }
  }
  return withRest({ ...d, cells }, delta);
}

function applyBySplit(snapshot: LiveSnapshot, delta: ViewDelta): LiveSnapshot {
  const split = splitView(delta.view, snapshot);
  const rest = { ...split.rest, ...(delta.set ?? {}) };
  for (const k of delta.unset ?? []) delete rest[k];
  const lists: Record<string, RowList> = {};
  for (const [name, list] of Object.entries(split.lists)) {
    const d = delta.rows?.[name];
    if (!d) {
      lists[name] = list;
      continue;
    }
    const byKey = new Map<string, unknown>();
    list.keys.forEach((k, i) => byKey.set(k, list.rows[i]));
    for (const [k, row] of d.upsert ?? []) byKey.set(k, row);
    const keys = d.order ?? list.keys;
    lists[name] = {
      keys,
      rows: keys.map((k) => {
        if (!byKey.has(k)) throw new DeltaMismatch(`delta names row ${k} of ${name} but carries no value for it`);
        return byKey.get(k);
      }),
    };
  }
  return joinView(delta.view, { rest, lists });
}

/** How the event stream's `view` parameter names a view and the version the tab holds of it. */
const VIEW_PARAM = /^(coverage|daemonset:([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?))(?:@(\d{1,16}))?$/;

export function formatViewParam(view: LiveViewName, version: number | undefined): string {
  return version === undefined ? view : `${view}@${version}`;
}

export function parseViewParam(text: string): { view: LiveViewName; version?: number } | undefined {
  const m = VIEW_PARAM.exec(text);
  if (!m || (m[2] !== undefined && m[2].length > 63) || (m[4] !== undefined && m[4].length > 253)) return undefined;
  const version = m[6] === undefined ? undefined : Number(m[6]);
  return { view: m[1] as LiveViewName, ...(version !== undefined && Number.isSafeInteger(version) ? { version } : {}) };
}

export const daemonSetView = (namespace: string, name: string): LiveViewName => `daemonset:${namespace}/${name}`;
