import { describe, expect, it } from 'vitest';
import type { CoverageResponse, DaemonSetDetailResponse } from './dto';
import { nodeEntries, rowText, serialise, splitView } from './live-delta';

const nodes = { names: ['a', 'b'], ready: 'RN', cordoned: '01', labelPairs: ['zone=z1', 'gpu=yes'], labels: [[0], [0, 1]] };

describe('serialise', () => {
  it('writes every row exactly as JSON.stringify does, reusing node entries', () => {
    const detail = { version: 3, nodes, cells: [{ node: 'a', state: 'ready', pods: [] }, { node: 'b', state: 'missing', pods: [], reasons: ['x "quoted"'] }] } as unknown as DaemonSetDetailResponse;
    const coverage = { version: 3, nodes, agents: [{ namespace: 'n', name: 'x', grid: 'RM' }, { namespace: 'n', name: 'y', grid: '.R' }] } as unknown as CoverageResponse;
    for (const [view, snapshot] of [['daemonset:n/x', detail], ['coverage', coverage]] as const) {
      const split = splitView(view, snapshot);
      const serial = serialise(split);
      for (const [name, list] of Object.entries(split.lists)) {
        list.keys.forEach((k, i) => expect(rowText(serial.lists[name]!.byKey.get(k)!)).toBe(JSON.stringify(list.rows[i])));
      }
    }
  });

  it('keeps one entry list per node table, and builds a new one for a new table', () => {
    expect(nodeEntries(nodes)).toBe(nodeEntries(nodes));
    const moved = { ...nodes, ready: 'RR' };
    expect(nodeEntries(moved)).not.toBe(nodeEntries(nodes));
    expect(nodeEntries(moved)[1]![0]).toBe('R');
  });
});
