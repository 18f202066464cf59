import { describe, expect, it } from 'vitest';
import { summariseNodes } from './nodes-model';

describe('summariseNodes', () => {
  it('counts expected, running and gap agents per node with roles', () => {
    const out = summariseNodes({
      nodes: { names: ['cp-1', 'w-1'], ready: 'RN', cordoned: '01', labelPairs: ['node-role.kubernetes.io/control-plane='], labels: [[0], []] },
      agents: [{ grid: 'RU' }, { grid: '-M' }, { grid: 'OF' }] as never,
    });
    expect(out).toEqual([
      { name: 'cp-1', ready: true, cordoned: false, roles: ['control-plane'], expected: 2, running: 2, gaps: {}, gapCount: 0 },
      { name: 'w-1', ready: false, cordoned: true, roles: [], expected: 3, running: 0, gaps: { 'node-unhealthy': 1, missing: 1, failing: 1 }, gapCount: 3 },
    ]);
  });
});
