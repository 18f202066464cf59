import type { CellState, CoverageResponse } from '@/lib/api/dto';
import { STATE_META, stateFromCode } from '@/components/cell-state/meta';
import { naturalCompare } from '@/components/ui/natural-order';

export interface MatrixAgent {
  namespace: string;
  name: string;
  grid: string;
}

export interface MatrixRow {
  index: number;
  node: string;
  ready: boolean;
  cordoned: boolean;
  /** Number of agents that should run here and do not run well. */
  gaps: number;
}

export type MatrixSort = 'name' | 'gaps';

export interface MatrixView {
  sort: MatrixSort;
  onlyGaps: boolean;
  name?: string;
}

export function matrixAgents(coverage: Pick<CoverageResponse, 'agents'>): MatrixAgent[] {
  return coverage.agents
    .map((a) => ({ namespace: a.namespace, name: a.name, grid: a.grid }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.namespace.localeCompare(b.namespace));
}

/** State of (node row, agent), decoded lazily from the agent's grid string. */
export function cellState(agent: MatrixAgent, nodeIndex: number): CellState {
  return stateFromCode(agent.grid[nodeIndex] ?? '-');
}

export function matrixRows(coverage: Pick<CoverageResponse, 'nodes'>, agents: MatrixAgent[]): MatrixRow[] {
  const { names, ready, cordoned } = coverage.nodes;
  return names.map((node, index) => {
    let gaps = 0;
    for (const a of agents) if (STATE_META[cellState(a, index)].gap) gaps++;
    return { index, node, ready: ready[index] !== 'N', cordoned: cordoned[index] === '1', gaps };
  });
}

export function viewRows(rows: MatrixRow[], view: MatrixView): MatrixRow[] {
  const needle = view.name?.trim().toLowerCase();
  const out = rows.filter((r) => (!view.onlyGaps || r.gaps > 0) && (!needle || r.node.toLowerCase().includes(needle)));
  const byName = (a: MatrixRow, b: MatrixRow) => naturalCompare(a.node, b.node);
  return out.sort(view.sort === 'gaps' ? (a, b) => b.gaps - a.gaps || byName(a, b) : byName);
}

export interface GapRecord {
  node: string;
  namespace: string;
  agent: string;
  state: CellState;
  nodeReady: boolean;
  cordoned: boolean;
}

/** Every (node, agent) pair that is a gap, for export, in the rows' order. */
export function gapRecords(rows: MatrixRow[], agents: MatrixAgent[]): GapRecord[] {
  const out: GapRecord[] = [];
  for (const r of rows)
    for (const a of agents) {
      const state = cellState(a, r.index);
      if (STATE_META[state].gap) out.push({ node: r.node, namespace: a.namespace, agent: a.name, state, nodeReady: r.ready, cordoned: r.cordoned });
    }
  return out;
}

const CSV_COLUMNS: (keyof GapRecord)[] = ['node', 'namespace', 'agent', 'state', 'nodeReady', 'cordoned'];

function csvField(value: string | boolean): string {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header row and CRLF line ends. */
export function gapsToCsv(records: GapRecord[]): string {
  const lines = [CSV_COLUMNS.join(','), ...records.map((r) => CSV_COLUMNS.map((c) => csvField(r[c])).join(','))];
  return lines.join('\r\n') + '\r\n';
}

export function gapsToJson(context: string, records: GapRecord[]): string {
  return JSON.stringify({ context, gaps: records }, null, 2) + '\n';
}

export function readMatrixView(params: { get(key: string): string | null }): MatrixView {
  return {
    sort: params.get('sort') === 'gaps' ? 'gaps' : 'name',
    onlyGaps: params.get('gaps') === '1',
    name: params.get('q') || undefined,
  };
}
