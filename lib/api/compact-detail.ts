import type { CellState, DaemonSetDetailResponse, GridCellDTO, NodeTable, PodBriefDTO, ReasonDTO } from './dto';
import { CELL_STATES, STATE_CODE } from './dto';
import { nodeEntries, nodeTableOf } from './live-delta';

/**
 * The agent page's first HTML at scale: the DaemonSet detail with its cells in columns (one
 * state code per cell, interned reasons, sparse extras) and pod briefs only for cells whose pods
 * are not all ready and settled (a ready pod on an old revision is told by the cell's state). At 5,000 nodes the full detail is ~1.7 MB of JSON; this form is what keeps the HTML
 * small. Cells of ready pods come back without their pod (the browser fetches the full detail
 * once after the first paint; until then their hover card shows no pod line). Pure, and
 * generic over cell fields: fields it does not know travel as they are, per cell.
 */

export interface CompactDetail {
  /** Marks this form inside the page's dehydrated state. */
  compactDetail: 1;
  rest: Omit<DaemonSetDetailResponse, 'cells' | 'nodes'>;
  nodes: CompactNodes;
  /** One STATE_CODE per cell. */
  states: string;
  /** Per cell: shouldRun + 2 × shouldContinueRunning, as a digit. */
  flags: string;
  /** Per cell: 'c' current revision, 'o' old, '-' none. */
  revisions: string;
  /** Per cell: 'n' bad node, 'p' bad pod, '-' not blocking. */
  blocking: string;
  /** Every distinct reason once; cells point into it. */
  reasonTable: ReasonDTO[];
  /** Cell index → indexes into reasonTable (cells without reasons are left out). */
  reasons: Record<number, number[]>;
  taintMismatch: Record<number, string>;
  /** Pod briefs of the cells whose pods are not all ready and settled. */
  pods: Record<number, PodBriefDTO[]>;
  /** Names of the pods left out above, where the cell's reasons quote them (see PLACEHOLDER). */
  podNames: Record<number, string[]>;
  /** Cell fields this codec does not know, per cell. */
  extra: Record<number, Record<string, unknown>>;
}

/**
 * The node table, smaller: names front-coded (sorted names share long prefixes), and a label whose
 * value is the node's own name (kubernetes.io/hostname) interned once as `key=\u0000`.
 */
export interface CompactNodes {
  /** `<shared prefix length, base 36>.<rest of the name>` per node, joined by '|'. */
  names: string;
  ready: string;
  cordoned: string;
  pairs: string[];
  /** Per node, its pairs' indexes in base 36 joined by ','; nodes joined by ';'. */
  labels: string;
}

const SELF = '\u0000';

function compactNodes(t: NodeTable): CompactNodes {
  const names: string[] = [];
  let prev = '';
  for (const name of t.names) {
    let p = 0;
    while (p < prev.length && p < name.length && prev[p] === name[p]) p++;
    names.push(`${p.toString(36)}.${name.slice(p)}`);
    prev = name;
  }
  const index = new Map<string, number>();
  const pairs: string[] = [];
  const labels = nodeEntries(t).map(([, , list], i) =>
    list
      .map((pair) => {
        const eq = pair.indexOf('=');
        const key = eq >= 0 && pair.slice(eq + 1) === t.names[i] ? `${pair.slice(0, eq)}=${SELF}` : pair;
        let j = index.get(key);
        if (j === undefined) {
          j = pairs.length;
          pairs.push(key);
          index.set(key, j);
        }
        return j.toString(36);
      })
      .join(','),
  );
  return { names: names.join('|'), ready: t.ready, cordoned: t.cordoned, pairs, labels: labels.join(';') };
}

function expandNodes(c: CompactNodes): NodeTable {
  const names: string[] = [];
  if (c.names !== '') {
    let prev = '';
    for (const entry of c.names.split('|')) {
      const dot = entry.indexOf('.');
      prev = prev.slice(0, parseInt(entry.slice(0, dot), 36)) + entry.slice(dot + 1);
      names.push(prev);
    }
  }
  const lists = names.length === 0 ? [] : c.labels.split(';');
  return nodeTableOf(
    names,
    names.map((name, i) => [
      c.ready[i] ?? 'R',
      c.cordoned[i] ?? '0',
      lists[i] ? lists[i].split(',').map((j) => c.pairs[parseInt(j, 36)]!.replace(SELF, name)) : [],
    ]),
  );
}

/**
 * Reasons quote pod names ("pod agent-x7k2p runs revision …"), which makes each one unique. In the
 * reason table a cell's k-th pod name is PLACEHOLDER + k, so the same reason on 3,000 nodes is
 * stored once.
 */
const PLACEHOLDER = '\ue000'; // private use: in no name and no engine message
const withPlaceholders = (text: string, names: readonly string[]) => names.reduce((t, n, k) => (n ? t.split(n).join(`${PLACEHOLDER}${k}`) : t), text);
const withNames = (text: string, names: readonly string[]) => text.replace(/\ue000(\d+)/g, (m, k: string) => names[Number(k)] ?? m);

/** A ready, settled pod: what the grid shows of it is already in the cell's state. */
const settled = (p: PodBriefDTO) => p.ready && p.waitingReason === undefined && p.deletionTimestamp === undefined;

const KNOWN = new Set(['node', 'state', 'shouldRun', 'shouldContinueRunning', 'reasons', 'taintMismatch', 'revision', 'blocking', 'pods']);
const STATE_OF = new Map<string, CellState>(CELL_STATES.map((s) => [STATE_CODE[s], s]));

export function compactDetail(d: DaemonSetDetailResponse): CompactDetail {
  const { cells, nodes, ...rest } = d;
  const reasonIndex = new Map<string, number>();
  const out: CompactDetail = { compactDetail: 1, rest, nodes: compactNodes(nodes), states: '', flags: '', revisions: '', blocking: '', reasonTable: [], reasons: {}, taintMismatch: {}, pods: {}, podNames: {}, extra: {} };
  cells.forEach((cell, i) => {
    out.states += STATE_CODE[cell.state];
    out.flags += String((cell.shouldRun ? 1 : 0) + (cell.shouldContinueRunning ? 2 : 0));
    out.revisions += cell.revision === 'current' ? 'c' : cell.revision === 'old' ? 'o' : '-';
    out.blocking += cell.blocking === 'bad-node' ? 'n' : cell.blocking === 'bad-pod' ? 'p' : '-';
    const names = cell.pods.map((p) => p.name);
    const keepPods = cell.pods.length > 0 && !cell.pods.every(settled);
    if (keepPods) out.pods[i] = cell.pods;
    if (cell.reasons.length > 0) {
      const keys = cell.reasons.map((r) => withPlaceholders(JSON.stringify(r), names));
      if (!keepPods && keys.some((k) => k.includes(PLACEHOLDER))) out.podNames[i] = names;
      out.reasons[i] = keys.map((key) => {
        let j = reasonIndex.get(key);
        if (j === undefined) {
          j = out.reasonTable.length;
          out.reasonTable.push(JSON.parse(key) as ReasonDTO);
          reasonIndex.set(key, j);
        }
        return j;
      });
    }
    if (cell.taintMismatch !== undefined) out.taintMismatch[i] = cell.taintMismatch;
    const extra = Object.fromEntries(Object.entries(cell).filter(([k, v]) => !KNOWN.has(k) && v !== undefined));
    if (Object.keys(extra).length > 0) out.extra[i] = extra;
  });
  return out;
}

export function isCompactDetail(x: unknown): x is CompactDetail {
  return typeof x === 'object' && x !== null && (x as { compactDetail?: unknown }).compactDetail === 1;
}

/** The detail back, ready cells without their pods. */
export function expandDetail(c: CompactDetail): DaemonSetDetailResponse {
  const nodes = expandNodes(c.nodes);
  const names = nodes.names;
  const cells: GridCellDTO[] = names.map((node, i) => {
    const flags = Number(c.flags[i] ?? 0);
    const rev = c.revisions[i];
    const blk = c.blocking[i];
    return {
      node,
      state: STATE_OF.get(c.states[i] ?? '') ?? 'ineligible',
      shouldRun: (flags & 1) === 1,
      shouldContinueRunning: (flags & 2) === 2,
      reasons: (c.reasons[i] ?? []).map((j) => {
        const r = c.reasonTable[j]!;
        const text = JSON.stringify(r);
        return text.includes(PLACEHOLDER) ? (JSON.parse(withNames(text, c.pods[i]?.map((p) => p.name) ?? c.podNames[i] ?? [])) as ReasonDTO) : r;
      }),
      ...(c.taintMismatch[i] !== undefined ? { taintMismatch: c.taintMismatch[i] } : {}),
      ...(rev === 'c' ? { revision: 'current' as const } : rev === 'o' ? { revision: 'old' as const } : {}),
      ...(blk === 'n' ? { blocking: 'bad-node' as const } : blk === 'p' ? { blocking: 'bad-pod' as const } : {}),
      ...(c.extra[i] ?? {}),
      pods: c.pods[i] ?? [],
    };
  });
  return { ...c.rest, nodes, cells };
}

/** Past this many cells the agent page's HTML carries the compact form (the seed's 40 nodes stay whole). */
export const COMPACT_FROM_CELLS = 1_000;
