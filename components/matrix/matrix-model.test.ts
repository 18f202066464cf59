import { describe, expect, it } from 'vitest';
import { gapRecords, gapsToCsv, gapsToJson, matrixAgents, matrixRows, readMatrixView, viewRows } from './matrix-model';

const coverage = {
  nodes: { names: ['worker-10', 'worker-2', 'edge-1'], ready: 'RNR', cordoned: '100', labelPairs: [], labels: [[], [], []] },
  agents: [
    { namespace: 'monitoring', name: 'node-exporter', grid: 'RU-' },
    { namespace: 'anyrobot', name: 'logstash-input', grid: 'MF-' },
  ],
};

describe('matrix model', () => {
  const agents = matrixAgents(coverage as never);
  const rows = matrixRows(coverage as never, agents);

  it('sorts agents by name and counts gaps per node', () => {
    expect(agents.map((a) => a.name)).toEqual(['logstash-input', 'node-exporter']);
    expect(rows.map((r) => [r.node, r.gaps])).toEqual([['worker-10', 1], ['worker-2', 2], ['edge-1', 0]]);
  });

  it('sorts by most gaps, naturally by name, and filters to nodes with gaps', () => {
    expect(viewRows(rows, { sort: 'gaps', onlyGaps: false }).map((r) => r.node)).toEqual(['worker-2', 'worker-10', 'edge-1']);
    expect(viewRows(rows, { sort: 'name', onlyGaps: false }).map((r) => r.node)).toEqual(['edge-1', 'worker-2', 'worker-10']);
    expect(viewRows(rows, { sort: 'name', onlyGaps: true, name: 'WORKER-1' }).map((r) => r.node)).toEqual(['worker-10']);
  });

  it('exports gaps as CSV and JSON', () => {
    const gaps = gapRecords(viewRows(rows, { sort: 'name', onlyGaps: true }), agents);
    expect(gapsToCsv(gaps)).toBe(
      'node,namespace,agent,state,nodeReady,cordoned\r\n' +
        'worker-2,anyrobot,logstash-input,failing,false,false\r\n' +
        'worker-2,monitoring,node-exporter,node-unhealthy,false,false\r\n' +
        'worker-10,anyrobot,logstash-input,missing,true,true\r\n',
    );
    expect(JSON.parse(gapsToJson('kwok', gaps))).toMatchObject({ context: 'kwok', gaps: [{ node: 'worker-2', agent: 'logstash-input', state: 'failing' }, {}, {}] });
  });

  it('quotes CSV fields that need it', () => {
    const csv = gapsToCsv([{ node: 'a,"b"', namespace: 'n', agent: 'x', state: 'missing', nodeReady: true, cordoned: false }]);
    expect(csv.split('\r\n')[1]).toBe('"a,""b""",n,x,missing,true,false');
  });

  it('reads its view from the URL', () => {
    expect(readMatrixView(new URLSearchParams('sort=gaps&gaps=1&q=gpu'))).toEqual({ sort: 'gaps', onlyGaps: true, name: 'gpu' });
    expect(readMatrixView(new URLSearchParams(''))).toEqual({ sort: 'name', onlyGaps: false, name: undefined });
  });
});
