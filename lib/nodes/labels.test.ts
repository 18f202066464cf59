import { describe, expect, it } from 'vitest';
import type { NodeTable } from '@/lib/api/dto';
import { labelPairsByUse, suggestLabels } from './labels';

const table: NodeTable = {
  names: ['n-1', 'n-2', 'n-3'],
  ready: 'RRR',
  cordoned: '000',
  labelPairs: ['kubernetes.io/hostname=n-1', 'zone=a', 'kubernetes.io/hostname=n-2', 'zone=b', 'kubernetes.io/hostname=n-3', 'kubernetes.io/os=linux'],
  labels: [
    [0, 1, 5],
    [2, 1, 5],
    [4, 3, 5],
  ],
};

describe('label suggestions', () => {
  it('orders pairs by how many nodes carry them, ties in table order', () => {
    expect(labelPairsByUse(table)).toEqual([
      'kubernetes.io/os=linux',
      'zone=a',
      'kubernetes.io/hostname=n-1',
      'kubernetes.io/hostname=n-2',
      'zone=b',
      'kubernetes.io/hostname=n-3',
    ]);
  });

  it('offers at most the limit, narrowed to pairs containing the text (any case)', () => {
    const byUse = labelPairsByUse(table);
    expect(suggestLabels(byUse, '', 2)).toEqual(['kubernetes.io/os=linux', 'zone=a']);
    expect(suggestLabels(byUse, ' HOSTNAME=n-', 10)).toEqual(['kubernetes.io/hostname=n-1', 'kubernetes.io/hostname=n-2', 'kubernetes.io/hostname=n-3']);
    expect(suggestLabels(byUse, 'zone=c', 10)).toEqual([]);
  });

  it('stays bounded on a fleet where every node has its own hostname pair', () => {
    const n = 5000;
    const big: NodeTable = {
      names: Array.from({ length: n }, (_, i) => `node-${i}`),
      ready: 'R'.repeat(n),
      cordoned: '0'.repeat(n),
      labelPairs: ['zone=a', ...Array.from({ length: n }, (_, i) => `kubernetes.io/hostname=node-${i}`)],
      labels: Array.from({ length: n }, (_, i) => [0, i + 1]),
    };
    const suggested = suggestLabels(labelPairsByUse(big), '', 20);
    expect(suggested).toHaveLength(20);
    expect(suggested[0]).toBe('zone=a');
  });
});
