import { describe, expect, it } from 'vitest';
import { searchEverything } from './search-model';

const agents = [
  { namespace: 'kubesphere-monitoring-system', name: 'node-exporter' },
  { namespace: 'anyrobot', name: 'logstash-input' },
];
const nodes = ['worker-gpu-17', 'gpu-1', 'edge-1', 'worker-1'];

describe('searchEverything', () => {
  it('returns nothing for a blank query', () => {
    expect(searchEverything('  ', agents, nodes)).toEqual([]);
  });

  it('ranks prefix matches before inner matches', () => {
    expect(searchEverything('gpu', agents, nodes).map((r) => r.label)).toEqual(['gpu-1', 'worker-gpu-17']);
  });

  it('finds agents by name or namespace, case-insensitively', () => {
    expect(searchEverything('LOGSTASH', agents, nodes)).toEqual([
      { kind: 'agent', label: 'anyrobot/logstash-input', namespace: 'anyrobot', name: 'logstash-input' },
    ]);
    expect(searchEverything('anyrobot', agents, nodes).map((r) => r.name)).toEqual(['logstash-input']);
  });

  it('puts agents before nodes at equal rank and honours the limit', () => {
    // edge-1 is the only prefix match; among inner matches the agent beats the shorter worker-1.
    expect(searchEverything('e', agents, nodes, 2).map((r) => r.label)).toEqual(['edge-1', 'kubesphere-monitoring-system/node-exporter']);
  });
});
