import { describe, expect, it } from 'vitest';
import type { CellDTO, NodeTable } from '@/lib/api/dto';
import { buildItems, cellReason, filterItems, groupItems, layoutRows, moveFocus, reasonChoices, reasonCounts, taintMismatches } from './grid-model';
import { gridViewPatch, readGridView, resolveDensity } from './view-state';

const table: NodeTable = {
  names: ['cp-1', 'worker-1', 'worker-2', 'gpu-1', 'edge-1'],
  ready: 'RRNRR',
  cordoned: '01000',
  labelPairs: ['node-role.kubernetes.io/control-plane=', 'zone=a', 'zone=b', 'node-role.kubernetes.io/edge=', 'anyrobot-app=true'],
  labels: [[0, 1], [1, 4], [2], [2], [3, 1]],
};

const cell = (node: string, over: Partial<CellDTO> = {}): CellDTO => ({
  node,
  state: 'ready',
  shouldRun: true,
  shouldContinueRunning: true,
  reasons: [],
  pods: [],
  ...over,
});

const gpuTaint = 'nvidia.com/gpu=present:NoSchedule';
const cells: CellDTO[] = [
  cell('cp-1', { state: 'ineligible', shouldRun: false, reasons: [{ kind: 'taint', message: 'untolerated taint node-role.kubernetes.io/control-plane:NoSchedule', taint: 'node-role.kubernetes.io/control-plane:NoSchedule' }] }),
  cell('worker-1'),
  cell('worker-2', {
    state: 'failing',
    pods: [{ name: 'p', uid: 'u', node: 'worker-2', phase: 'Pending', ready: false, available: false, revision: 'current', hash: 'h', createdAt: '', restarts: 0, waitingReason: 'ImagePullBackOff', waitingMessage: 'Back-off pulling image', containers: [] }],
  }),
  cell('gpu-1', { state: 'ineligible', shouldRun: false, taintMismatch: gpuTaint, reasons: [{ kind: 'taint', message: `untolerated taint ${gpuTaint}`, taint: gpuTaint }] }),
  cell('edge-1', { state: 'ineligible', shouldRun: false, reasons: [{ kind: 'affinity', message: 'node affinity: node-role.kubernetes.io/edge DoesNotExist' }] }),
];
const items = buildItems(table, cells);

describe('grid items', () => {
  it('decodes readiness, cordon and labels from the compact table', () => {
    expect(items[1]).toMatchObject({ node: 'worker-1', cordoned: true, ready: true });
    expect(items[2]?.ready).toBe(false);
    expect(items[1]?.labels.get('anyrobot-app')).toBe('true');
  });

  it('rebuilds only the items of cells a delta replaced, and every item of a new node table', () => {
    const replaced = cells.map((c, i) => (i === 1 ? { ...c, state: 'missing' as const } : c));
    const next = buildItems(table, replaced);
    expect(next[0]).toBe(items[0]);
    expect(next[1]).not.toBe(items[1]);
    expect(next[1]?.state).toBe('missing');
    const relabelled = { ...table, labelPairs: table.labelPairs.map((p) => p.replace('zone=a', 'zone=c')) };
    const fresh = buildItems(relabelled, cells);
    expect(fresh[0]).not.toBe(items[0]);
    expect(fresh[0]?.labels.get('zone')).toBe('c');
  });

  it('explains a failing cell with the kubelet reason and an excluded one with the engine reason', () => {
    expect(cellReason(cells[2]!)).toBe('ImagePullBackOff: Back-off pulling image');
    expect(items[4]?.reason).toBe('node affinity: node-role.kubernetes.io/edge DoesNotExist');
    expect(items[3]?.taint).toBe(gpuTaint);
  });
});

describe('taint highlight', () => {
  it('marks only excluded nodes, not an unhealthy node that also carries a taint', () => {
    const unreachable = 'node.kubernetes.io/unreachable:NoSchedule';
    const [item] = buildItems(table, [cell('cp-1', { state: 'node-unhealthy', taintMismatch: unreachable, reasons: [{ kind: 'taint', message: `untolerated taint ${unreachable}`, taint: unreachable }] })]);
    expect(item?.taint).toBeUndefined();
    expect(taintMismatches(item ? [item] : [])).toEqual([]);
  });
});

describe('filters', () => {
  it('combines state, reason, label and name', () => {
    expect(filterItems(items, { states: ['ineligible'] }).map((i) => i.node)).toEqual(['cp-1', 'gpu-1', 'edge-1']);
    expect(filterItems(items, { states: [], reason: 'ImagePullBackOff' }).map((i) => i.node)).toEqual(['worker-2']);
    expect(filterItems(items, { states: [], label: 'zone=b' }).map((i) => i.node)).toEqual(['worker-2', 'gpu-1']);
    expect(filterItems(items, { states: [], label: 'role=edge' }).map((i) => i.node)).toEqual(['edge-1']);
    expect(filterItems(items, { states: [], label: 'anyrobot-app' }).map((i) => i.node)).toEqual(['worker-1']);
    expect(filterItems(items, { states: ['ineligible'], name: 'GPU' }).map((i) => i.node)).toEqual(['gpu-1']);
  });

  it('counts reasons and lists taint mismatches with their nodes', () => {
    expect(reasonCounts(items).find((r) => r.reason.includes('nvidia'))).toEqual({ reason: `untolerated taint ${gpuTaint}`, count: 1, taint: true });
    expect(taintMismatches(items)).toEqual([
      { taint: 'node-role.kubernetes.io/control-plane:NoSchedule', nodes: ['cp-1'] },
      { taint: gpuTaint, nodes: ['gpu-1'] },
    ]);
  });

  it('lists the most common reasons in the filter, keeps the selected one and counts the rest', () => {
    const reasons = Array.from({ length: 100 }, (_, i) => ({ reason: `pod p-${i} Pending, not ready`, count: 100 - i, taint: false }));
    expect(reasonChoices(reasons, undefined, 40)).toEqual({ shown: reasons.slice(0, 40), hidden: 60 });
    expect(reasonChoices(reasons, 'pod p-3 Pending, not ready', 40).shown).toHaveLength(40);
    const rare = reasonChoices(reasons, 'pod p-99 Pending, not ready', 40);
    expect(rare.shown.map((r) => r.reason).slice(-2)).toEqual(['pod p-39 Pending, not ready', 'pod p-99 Pending, not ready']);
    expect(rare.hidden).toBe(59);
    expect(reasonChoices(reasons.slice(0, 3), undefined, 40)).toEqual({ shown: reasons.slice(0, 3), hidden: 0 });
  });
});

describe('grouping and layout', () => {
  it('groups by a label with unlabelled nodes last, and by derived role', () => {
    expect(groupItems(items, 'zone').map((g) => [g.value, g.items.length])).toEqual([['a', 3], ['b', 2]]);
    expect(groupItems(items, 'anyrobot-app').map((g) => g.value)).toEqual(['true', '']);
    expect(groupItems(items, 'role').map((g) => g.value)).toEqual(['control-plane', 'edge', '']);
  });

  it('lays out rows per group and moves focus across group boundaries keeping the column', () => {
    const groups = groupItems(items, 'zone'); // a: cp-1, worker-1, edge-1 ; b: worker-2, gpu-1
    const rows = layoutRows(groups, 2, true);
    expect(rows.map((r) => (r.kind === 'header' ? `#${r.group.value}` : r.items.map((i) => i.node).join('+')))).toEqual([
      '#a', 'cp-1+worker-1', 'edge-1', '#b', 'worker-2+gpu-1',
    ]);
    expect(moveFocus(rows, 1, 'ArrowDown')).toBe(2); // worker-1 → edge-1 (short row: last cell)
    expect(moveFocus(rows, 2, 'ArrowDown')).toBe(3); // edge-1 → worker-2 (next group)
    expect(moveFocus(rows, 4, 'ArrowUp')).toBe(2);
    expect(moveFocus(rows, 4, 'ArrowRight')).toBe(4);
    expect(moveFocus(rows, 0, 'ArrowUp')).toBe(0);
    expect(moveFocus(rows, 3, 'End')).toBe(4);
  });
});

describe('view state in the URL', () => {
  it('reads known states only and round-trips through a patch', () => {
    const params = new URLSearchParams('state=failing,bogus,missing&reason=ImagePullBackOff&group=zone&density=compact&q=gpu');
    const view = readGridView(params);
    expect(view).toEqual({ states: ['failing', 'missing'], reason: 'ImagePullBackOff', label: undefined, name: 'gpu', group: 'zone', density: 'compact' });
    expect(gridViewPatch(view)).toEqual({ state: 'failing,missing', reason: 'ImagePullBackOff', label: undefined, q: 'gpu', group: 'zone', density: 'compact' });
    expect(gridViewPatch({ states: [], density: 'auto' })).toEqual({ state: undefined, density: undefined });
  });

  it('shows named tiles for small fleets and squares for large ones', () => {
    expect(resolveDensity('auto', 40)).toBe('comfortable');
    expect(resolveDensity('auto', 5000)).toBe('compact');
    expect(resolveDensity('comfortable', 5000)).toBe('comfortable');
  });
});
