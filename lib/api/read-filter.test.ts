import { describe, expect, it } from 'vitest';
import type { AgentSummary, CoverageResponse, DaemonSetDetailResponse, GridCellDTO, NodeDetailResponse, PodDTO } from '@/lib/api/dto';
import { ALL_RIGHTS, NO_RIGHTS, type NamespaceRights } from '@/lib/kube/security/rbac-rules';
import { filterCoverage, filterDaemonSet, filterNode, LIMIT_NODE_EVENTS, LIMIT_NODES, limitPods, limitRevisions, nodeEventSources, nodesWithVisiblePods, type Visibility } from './read-filter';

const rights = (byNs: Record<string, Partial<NamespaceRights>>, cluster = { nodes: false, clusterEvents: false }): Visibility => ({
  ...cluster,
  rights: (ns) => ({ ...NO_RIGHTS, ...byNs[ns] }),
});
const DS_ONLY = { daemonsets: true };

const summary = (namespace: string, name: string): AgentSummary => ({
  namespace,
  name,
  uid: `${namespace}-${name}`,
  generation: 1,
  observedGeneration: 1,
  strategy: { type: 'OnDelete' },
  counts: { desired: 2, current: 2, ready: 2, available: 2, updated: 2, misscheduled: 0, unavailable: 0 },
  status: { desired: 2, current: 2, ready: 2, available: 2, updated: 2, misscheduled: 0, unavailable: 0 },
  rollout: { done: true, percent: 100, stuck: false, statusText: 'done', currentRevision: 1 },
  states: { ready: 2, ineligible: 1 },
  excludedByReason: { 'untolerated taint gpu=yes:NoSchedule': 1 },
  nodeSelector: {},
  images: ['agent:1'],
});

const nodes = {
  names: ['n1', 'n2', 'gpu'],
  ready: 'RNR',
  cordoned: '010',
  labelPairs: ['zone=a', 'gpu=yes'],
  labels: [[0], [0], [1]],
};

const coverage = (): CoverageResponse => ({
  context: 'c',
  version: 7,
  cache: { state: 'ready', version: 7 },
  nodes,
  agents: [
    { ...summary('mon', 'exporter'), grid: 'RR-' },
    { ...summary('logs', 'shipper'), grid: 'RU-' },
  ],
});

describe('filterCoverage', () => {
  it('drops agents in namespaces the person may not list, keeping everything else as it is', () => {
    const out = filterCoverage(coverage(), rights({ mon: ALL_RIGHTS }, { nodes: true, clusterEvents: true }), new Set());
    expect(out.agents.map((a) => a.name)).toEqual(['exporter']);
    expect(out.nodes).toEqual(nodes);
    expect(out.agents[0]!.grid).toBe('RR-');
    expect(out.agents[0]!.excludedByReason).toEqual({ 'untolerated taint gpu=yes:NoSchedule': 1 });
    expect(out.limits).toBeUndefined();
  });

  it('without list nodes keeps only the nodes running visible pods, without labels or cordon flags, and says so', () => {
    const out = filterCoverage(coverage(), rights({ mon: ALL_RIGHTS, logs: ALL_RIGHTS }), new Set(['n2']));
    expect(out.nodes).toEqual({ names: ['n2'], ready: 'N', cordoned: '0', labelPairs: [], labels: [[]] });
    expect(out.agents.map((a) => a.grid)).toEqual(['R', 'U']);
    expect(out.agents[0]!.excludedByReason).toEqual({});
    expect(out.limits).toEqual([LIMIT_NODES]);
  });

  it('with daemonsets but not pods keeps the counts and names the missing right', () => {
    const out = filterCoverage(coverage(), rights({ mon: DS_ONLY }), new Set());
    expect(out.agents.map((a) => [a.name, a.counts.ready])).toEqual([['exporter', 2]]);
    expect(out.limits).toEqual([LIMIT_NODES, limitPods('mon')]);
  });

  it('answers someone with no right at all with no agents and no nodes', () => {
    const out = filterCoverage(coverage(), rights({}), new Set());
    expect(out.agents).toEqual([]);
    expect(out.nodes.names).toEqual([]);
    expect(out.limits).toContain('You may not list daemonsets in any namespace that has agents.');
  });
});

const pod = (name: string): PodDTO => ({
  name,
  uid: name,
  node: 'n1',
  phase: 'Running',
  ready: true,
  available: true,
  revision: 'current',
  hash: 'h',
  createdAt: '',
  restarts: 0,
  containers: [],
});

const cell = (node: string, over: Partial<GridCellDTO> = {}): GridCellDTO => ({ node, state: 'ready', shouldRun: true, shouldContinueRunning: true, reasons: [], pods: [pod(`p-${node}`)], ...over });

const detail = (): DaemonSetDetailResponse => ({
  context: 'c',
  version: 7,
  agent: summary('mon', 'exporter'),
  nodes,
  cells: [
    cell('n1', { state: 'misscheduled', reasons: [{ kind: 'taint', message: 'untolerated taint t=1:NoExecute', taint: 't=1:NoExecute' }], taintMismatch: 't=1:NoExecute' }),
    cell('n2', { state: 'failing', reasons: [{ kind: 'pod', message: 'ImagePullBackOff: secret registry' }] }),
    cell('gpu', { state: 'ineligible', shouldRun: false, reasons: [{ kind: 'taint', message: 'untolerated taint gpu=yes:NoSchedule' }], pods: [] }),
  ],
  rollout: {
    done: true,
    percent: 100,
    stuck: false,
    statusText: '',
    currentRevision: 2,
    strategy: { type: 'OnDelete' },
    desired: 2,
    updated: 2,
    available: 2,
    budget: { maxUnavailable: 1, maxSurge: 0, unavailable: 0 },
    blocking: { badNode: [{ node: 'n2', reason: 'NotReady' }], badPod: [{ node: 'n2', pod: 'p-n2', reason: 'ImagePullBackOff' }] },
  },
  revisions: [{ name: 'r1', revision: 1, hash: 'h', createdAt: '', current: false, diff: '-a\n+b' }],
  tolerations: [],
});

describe('filterDaemonSet', () => {
  it('with every right answers unchanged', () => {
    const d = detail();
    expect(filterDaemonSet(d, rights({ mon: ALL_RIGHTS }, { nodes: true, clusterEvents: true }), new Set())).toEqual(d);
  });

  it('without pods: no pod, no pod reason, no blocking pod; states stay', () => {
    const out = filterDaemonSet(detail(), rights({ mon: { daemonsets: true, controllerrevisions: true } }, { nodes: true, clusterEvents: true }), new Set());
    expect(out.cells.map((c) => [c.node, c.state, c.pods.length, c.reasons.map((r) => r.kind)])).toEqual([
      ['n1', 'misscheduled', 0, ['taint']],
      ['n2', 'failing', 0, []],
      ['gpu', 'ineligible', 0, ['taint']],
    ]);
    expect(out.rollout.blocking.badPod).toEqual([]);
    expect(out.revisions).toHaveLength(1);
    expect(out.limits).toEqual([limitPods('mon')]);
  });

  it('without controllerrevisions: no history', () => {
    const out = filterDaemonSet(detail(), rights({ mon: { daemonsets: true, pods: true } }, { nodes: true, clusterEvents: true }), new Set());
    expect(out.revisions).toEqual([]);
    expect(out.limits).toEqual([limitRevisions('mon')]);
  });

  it('without nodes: only visible pods’ nodes, no reason or mismatch quoting node facts', () => {
    const out = filterDaemonSet(detail(), rights({ mon: ALL_RIGHTS }), new Set(['n1', 'n2']));
    expect(out.nodes.names).toEqual(['n1', 'n2']);
    expect(out.cells.map((c) => c.node)).toEqual(['n1', 'n2']);
    expect(out.cells[0]!.reasons).toEqual([]);
    expect(out.cells[0]!.taintMismatch).toBeUndefined();
    expect(out.cells[1]!.reasons).toEqual([{ kind: 'pod', message: 'ImagePullBackOff: secret registry' }]);
    expect(out.rollout.blocking.badNode).toEqual([]);
    expect(out.agent.excludedByReason).toEqual({});
  });
});

describe('nodesWithVisiblePods', () => {
  it('collects the nodes of pods in namespaces where pods may be listed', () => {
    const agents = [
      { namespace: 'mon', cells: [cell('n1'), cell('gpu', { pods: [] })] },
      { namespace: 'logs', cells: [cell('n2')] },
      { namespace: 'secret', cells: [cell('n3')] },
    ];
    expect([...nodesWithVisiblePods(agents, rights({ mon: ALL_RIGHTS, logs: DS_ONLY }))]).toEqual(['n1']);
  });
});

describe('filterNode', () => {
  const node = (): NodeDetailResponse => ({
    context: 'c',
    version: 7,
    node: {
      name: 'n1',
      labels: { zone: 'a' },
      taints: [{ key: 't', value: '1', effect: 'NoExecute' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      capacity: { cpu: '4' },
      allocatable: { cpu: '4' },
      kubeletVersion: 'v1.36.3',
      unschedulable: true,
      createdAt: '2026-01-01T00:00:00Z',
      ready: true,
    },
    agents: [
      { namespace: 'mon', name: 'exporter', state: 'misscheduled', shouldRun: false, shouldContinueRunning: false, reasons: [{ kind: 'taint', message: 'untolerated taint t=1:NoExecute' }], fixHint: 'tolerations: …', pods: [pod('p1')] },
      { namespace: 'secret', name: 'agent', state: 'ready', shouldRun: true, shouldContinueRunning: true, reasons: [], pods: [pod('p2')] },
    ],
    events: [],
  });

  it('hides node facts, other namespaces and fix hints from someone with one namespace', () => {
    const out = filterNode(node(), rights({ mon: { daemonsets: true, pods: true } }));
    expect(out.agents.map((a) => [a.name, a.pods.length, a.reasons, a.fixHint])).toEqual([['exporter', 1, [], undefined]]);
    expect(out.node).toMatchObject({ name: 'n1', labels: {}, taints: [], conditions: [], capacity: {}, kubeletVersion: '', unschedulable: false });
    expect(out.limits).toEqual([LIMIT_NODES, LIMIT_NODE_EVENTS, 'Events of pods in namespace "mon" are hidden: you may not list events there.']);
  });

  it('keeps everything for a cluster viewer', () => {
    const n = node();
    expect(filterNode(n, rights({ mon: ALL_RIGHTS, secret: ALL_RIGHTS }, { nodes: true, clusterEvents: true }))).toEqual(n);
  });
});

describe('nodeEventSources', () => {
  it('lists Node events only with nodes and cluster-wide events, pod events only where pods and events may be listed', () => {
    const pods = [
      { namespace: 'mon', name: 'a' },
      { namespace: 'logs', name: 'b' },
      { namespace: 'secret', name: 'c' },
    ];
    const v = rights({ mon: ALL_RIGHTS, logs: { daemonsets: true, pods: true } }, { nodes: true, clusterEvents: false });
    expect(nodeEventSources(pods, v)).toEqual({ node: false, pods: [{ namespace: 'mon', name: 'a' }] });
    expect(nodeEventSources(pods, rights({}, { nodes: true, clusterEvents: true })).node).toBe(true);
  });
});
