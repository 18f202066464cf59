import type { CellState, CoverageResponse } from '@/lib/api/dto';
import { STATE_META, stateFromCode } from '@/components/cell-state/meta';
import { labelsOf, rolesOf } from '@/lib/nodes/labels';

export interface NodeSummary {
  name: string;
  ready: boolean;
  cordoned: boolean;
  roles: string[];
  /** Agents that should run here (every state but ineligible). */
  expected: number;
  /** Of those, ready on any revision. */
  running: number;
  gaps: Partial<Record<CellState, number>>;
  gapCount: number;
}

export function summariseNodes(coverage: Pick<CoverageResponse, 'nodes' | 'agents'>): NodeSummary[] {
  const { nodes, agents } = coverage;
  return nodes.names.map((name, i) => {
    const gaps: Partial<Record<CellState, number>> = {};
    let expected = 0;
    let running = 0;
    let gapCount = 0;
    for (const a of agents) {
      const state = stateFromCode(a.grid[i] ?? '-');
      if (state !== 'ineligible') expected++;
      if (state === 'ready' || state === 'outdated') running++;
      if (STATE_META[state].gap) {
        gaps[state] = (gaps[state] ?? 0) + 1;
        gapCount++;
      }
    }
    return { name, ready: nodes.ready[i] !== 'N', cordoned: nodes.cordoned[i] === '1', roles: rolesOf(labelsOf(nodes, i)), expected, running, gaps, gapCount };
  });
}
