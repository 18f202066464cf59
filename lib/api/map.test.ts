import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CELL_STATES, STATE_CODE } from '@/lib/api/dto';
import { CoverageEngine } from '@/lib/coverage/engine';
import { coverageResponse, eventDTO, nodeTable } from './map';

const NOW = Date.parse('2026-01-01T00:00:00Z');

function node(i: number, zone: number) {
  const name = `worker-${String(i).padStart(5, '0')}.prod.example.internal`;
  return {
    metadata: {
      name,
      uid: `n-${i}`,
      resourceVersion: '1',
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': `m5.${['large', 'xlarge', '2xlarge'][i % 3]}`,
        'topology.kubernetes.io/region': 'eu-west-1',
        'topology.kubernetes.io/zone': `eu-west-1${'abc'[zone]}`,
        'node-role.kubernetes.io/worker': '',
        ...(i % 10 === 0 ? { 'anyrobot-app': 'true' } : {}),
      },
    },
    spec: i % 50 === 0 ? { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] } : {},
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function daemonSet(i: number) {
  const labels = { app: `agent-${i}` };
  return {
    metadata: { name: `agent-${i}`, namespace: `team-${i % 4}`, uid: `ds-${i}`, generation: 1, resourceVersion: '1' },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'agent', image: `registry.example/agent-${i}:1.0` }], ...(i % 2 ? { nodeSelector: { 'anyrobot-app': 'true' } } : {}) },
      },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
    },
    status: { observedGeneration: 1, desiredNumberScheduled: 0, currentNumberScheduled: 0, numberReady: 0, numberMisscheduled: 0 },
  };
}

describe('coverage payload', () => {
  it('stays within 1.5 MB for 5,000 nodes × 20 agents', () => {
    const engine = new CoverageEngine();
    for (let i = 0; i < 5000; i++) engine.upsert('Node', node(i, i % 3));
    for (let i = 0; i < 20; i++) engine.upsert('DaemonSet', daemonSet(i));
    const body = coverageResponse('prod', 42, { state: 'ready', version: 42 }, engine, NOW);
    const text = JSON.stringify(body);
    const bytes = Buffer.byteLength(text);
    expect(body.agents).toHaveLength(20);
    for (const a of body.agents) expect(a.grid).toHaveLength(5000);
    console.info(`coverage payload, 5,000 nodes × 20 agents: ${(bytes / 1024).toFixed(0)} KiB, gzip ${(gzipSync(text).length / 1024).toFixed(0)} KiB`);
    expect(bytes).toBeLessThanOrEqual(1.5 * 1024 * 1024);
  });
});

describe('nodeTable', () => {
  it('is kept while no node changes, and rebuilt when one is added, changed or removed', () => {
    const engine = new CoverageEngine();
    for (let i = 0; i < 3; i++) engine.upsert('Node', node(i, 0));
    const first = nodeTable(engine);
    engine.upsert('DaemonSet', daemonSet(1)); // not a node: the table stands
    expect(nodeTable(engine)).toBe(first);
    // a status update that changes none of the table's facts (a kubelet's, kwok's) leaves it too
    engine.upsert('Node', { ...node(2, 0), status: { ...node(2, 0).status, allocatable: { pods: '111' } } });
    expect(nodeTable(engine)).toBe(first);
    const cordoned = { ...node(1, 0), spec: { unschedulable: true } };
    engine.upsert('Node', cordoned);
    const second = nodeTable(engine);
    expect(second).not.toBe(first);
    expect(second.cordoned[second.names.indexOf(cordoned.metadata!.name!)]).toBe('1');
    engine.remove('Node', cordoned);
    expect(nodeTable(engine).names).toHaveLength(2);
  });

  it('interns labels: shared pairs stored once, every node decodes to its own labels', () => {
    const engine = new CoverageEngine();
    for (let i = 0; i < 30; i++) engine.upsert('Node', node(i, i % 3));
    engine.upsert('Node', { ...node(99, 0), spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'False' }] } });
    const table = nodeTable(engine);
    expect(table.labelPairs.filter((p) => p === 'kubernetes.io/os=linux')).toHaveLength(1);
    table.names.forEach((name, i) => {
      const decoded = Object.fromEntries(table.labels[i]!.map((j) => table.labelPairs[j]!.split(/=(.*)/s).slice(0, 2)));
      expect(decoded).toEqual(engine.getNode(name)?.metadata?.labels);
    });
    const last = table.names.indexOf('worker-00099.prod.example.internal');
    expect(table.ready[last]).toBe('N');
    expect(table.cordoned[last]).toBe('1');
    expect(table.ready[0]).toBe('R');
    expect(table.cordoned[0]).toBe('0');
  });

  it('encodes each cell as its state code in node order', () => {
    const engine = new CoverageEngine();
    for (let i = 0; i < 12; i++) engine.upsert('Node', node(i, 0));
    engine.upsert('DaemonSet', daemonSet(1)); // selects anyrobot-app=true: nodes 0 and 10, but 0 has a GPU taint
    const body = coverageResponse('c', 1, { state: 'ready', version: 1 }, engine, NOW);
    const grid = body.agents[0]!.grid;
    const codes = new Set(CELL_STATES.map((s) => STATE_CODE[s]));
    for (const ch of grid) expect(codes.has(ch)).toBe(true);
    body.nodes.names.forEach((name, i) => {
      const selected = name === 'worker-00010.prod.example.internal';
      expect(grid[i]).toBe(selected ? STATE_CODE.missing : STATE_CODE.ineligible);
    });
  });
});

describe('eventDTO', () => {
  it('reads core/v1 and events.k8s.io shapes', () => {
    expect(
      eventDTO({ type: 'Warning', reason: 'BackOff', message: 'Back-off pulling image', count: 7, involvedObject: { kind: 'Pod', name: 'p' }, lastTimestamp: '2026-01-01T00:00:00Z' }),
    ).toEqual({ type: 'Warning', reason: 'BackOff', message: 'Back-off pulling image', object: 'Pod/p', count: 7, lastSeen: '2026-01-01T00:00:00Z' });
    expect(
      eventDTO({ reason: 'Scheduled', note: 'assigned', regarding: { kind: 'Pod', name: 'q' }, eventTime: '2026-01-02T00:00:00.000000Z', series: { count: 3, lastObservedTime: '2026-01-03T00:00:00Z' } }),
    ).toEqual({ type: 'Normal', reason: 'Scheduled', message: 'assigned', object: 'Pod/q', count: 3, lastSeen: '2026-01-03T00:00:00Z' });
  });
});
