import { describe, expect, it } from 'vitest';
import { agentCauses, causeLabel, createCategory, scheduleCategory, summariseCauses, type AgentCauseInput, type EventFact, type PodFact } from './causes';
import type { CellState } from './types';

const QUOTA =
  'Error creating: pods "quota-exporter-x7k2p" is forbidden: exceeded quota: agent-quota, requested: requests.cpu=100m, used: requests.cpu=200m, limited: requests.cpu=200m';
const PSA =
  'Error creating: pods "host-inventory-4xq9z" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "inventory" must set securityContext.allowPrivilegeEscalation=false), restricted volume types (volume "host-etc" uses restricted volume type "hostPath")';
// As kube-scheduler 1.36 words it (seen on the local cluster).
const NO_MEMORY =
  "0/40 nodes are available: 1 Insufficient memory, 39 node(s) didn't satisfy plugin(s) [NodeAffinity]. no new claims to deallocate, preemption: 0/40 nodes are available: 40 Preemption is not helpful for scheduling.";
const NO_PORT = "0/41 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 40 node(s) didn't match Pod's node affinity/selector.";

const ev = (reason: string, message: string, lastSeen: string, count = 1, type = 'Warning'): EventFact => ({ type, reason, message, count, lastSeen });
const cell = (node: string, state: CellState, pods: string[] = []) => ({ node, state, pods: pods.map((name) => ({ name })) as never[] });

function agent(over: Partial<AgentCauseInput>): AgentCauseInput {
  return { namespace: 'ns', name: 'agent', cells: [], events: [], pod: () => undefined, podEvents: () => [], ...over };
}

describe('creation refused (the DaemonSet controller\'s FailedCreate)', () => {
  it('puts an unnamed refusal on every missing cell, in the API server\'s words, with the summed count and backoff', () => {
    const causes = agentCauses(
      agent({
        cells: [cell('a', 'ready', ['p1']), cell('b', 'missing'), cell('c', 'missing'), cell('d', 'ineligible')],
        events: [ev('SuccessfulCreate', 'Created pod: p1', '2026-01-01T00:00:00Z', 1, 'Normal'), ev('FailedCreate', QUOTA, '2026-01-01T00:05:00Z', 7)],
      }),
    );
    expect(causes[0]).toBeUndefined();
    expect(causes[3]).toBeUndefined();
    for (const c of [causes[1], causes[2]]) {
      expect(c).toMatchObject({ source: 'api-server', category: 'quota', message: QUOTA, count: 7, lastSeen: '2026-01-01T00:05:00Z', backoff: true, object: 'DaemonSet/agent FailedCreate' });
    }
  });

  it('gives a refusal naming a node to that node only', () => {
    const named = 'Error creating: pods "agent-" is forbidden: node "b" is not allowed for this workload';
    const causes = agentCauses(agent({ cells: [cell('b', 'missing'), cell('c', 'missing')], events: [ev('FailedCreate', named, '2026-01-01T00:05:00Z')] }));
    expect(causes[0]?.message).toBe(named);
    expect(causes[1]).toBeUndefined();
  });

  it('forgets a refusal once a later create succeeded (the quota was raised)', () => {
    const causes = agentCauses(
      agent({
        cells: [cell('b', 'missing')],
        events: [ev('FailedCreate', QUOTA, '2026-01-01T00:05:00Z', 4), ev('SuccessfulCreate', 'Created pod: p2', '2026-01-01T00:06:00Z', 1, 'Normal')],
      }),
    );
    expect(causes[0]).toBeUndefined();
  });

  it('categorises what admission plugins say', () => {
    expect(createCategory(PSA)).toBe('pod-security');
    expect(createCategory(QUOTA)).toBe('quota');
    expect(createCategory('Error creating: admission webhook "policy.example.com" denied the request: no')).toBe('webhook');
    expect(createCategory('Error creating: pods "x-" is forbidden: error looking up service account ns/agent: serviceaccount "agent" not found')).toBe('service-account');
    expect(createCategory('Error creating: pods "x-" is forbidden: maximum cpu usage per Container is 500m, but limit is 1')).toBe('limit-range');
    expect(createCategory('Error creating: pods "x-" is forbidden: no PriorityClass with name agent-critical was found')).toBe('priority-class');
    expect(createCategory('Error creating: Timeout: request did not complete within requested timeout')).toBe('create-failed');
  });

  it('says controller, not API server, when nothing refused the pod at admission', () => {
    const causes = agentCauses(agent({ cells: [cell('b', 'missing')], events: [ev('FailedCreate', 'Error creating: Timeout: request did not complete', '2026-01-01T00:05:00Z')] }));
    expect(causes[0]).toMatchObject({ source: 'controller', category: 'create-failed' });
  });
});

describe('not placed (the scheduler)', () => {
  const pending = (name: string, message: string, events: EventFact[] = []): PodFact => ({
    name,
    phase: 'Pending',
    unscheduled: { reason: 'Unschedulable', message, since: '2026-01-01T00:01:00Z' },
    events,
  });

  it('names the resource that does not fit, with the FailedScheduling count', () => {
    const pods = new Map([['p1', pending('p1', NO_MEMORY, [ev('FailedScheduling', NO_MEMORY, '2026-01-01T00:09:00Z', 3)])]]);
    const causes = agentCauses(agent({ cells: [cell('a', 'starting', ['p1'])], pod: (n) => pods.get(n) }));
    expect(causes[0]).toMatchObject({ source: 'scheduler', category: 'cannot-fit:memory', message: NO_MEMORY, count: 3, lastSeen: '2026-01-01T00:09:00Z', object: 'Pod/p1 FailedScheduling' });
  });

  it('falls back to the PodScheduled condition when the Event is gone', () => {
    const pods = new Map([['p1', pending('p1', NO_PORT)]]);
    const causes = agentCauses(agent({ cells: [cell('a', 'starting', ['p1'])], pod: (n) => pods.get(n) }));
    expect(causes[0]).toMatchObject({ category: 'host-port', count: 1, lastSeen: '2026-01-01T00:01:00Z', object: 'Pod/p1 PodScheduled' });
  });

  it('reads the scheduler\'s clauses past the other nodes\' "didn\'t match"', () => {
    expect(scheduleCategory(NO_MEMORY)).toBe('cannot-fit:memory');
    expect(scheduleCategory("0/41 nodes are available: 1 Insufficient memory, 40 node(s) didn't match Pod's node affinity/selector. preemption: 0/41 nodes are available.")).toBe('cannot-fit:memory');
    expect(scheduleCategory("0/40 nodes are available: 39 node(s) didn't satisfy plugin(s) [NodeAffinity], 1 node(s) didn't have free ports for the requested pod ports.")).toBe('host-port');
    expect(scheduleCategory('0/3 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.')).toBe('cannot-fit:cpu');
    expect(scheduleCategory('0/5 nodes are available: 1 node(s) had volume node affinity conflict, 4 node(s) didn\'t match Pod\'s node affinity/selector.')).toBe('volume-affinity');
    expect(scheduleCategory('0/1 nodes are available: 1 Too many pods.')).toBe('cannot-fit:pods');
    expect(scheduleCategory("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.")).toBe('node-affinity');
  });

  it('leaves a starting pod that is scheduled (just slow) without a cause', () => {
    const pods = new Map<string, PodFact>([['p1', { name: 'p1', phase: 'Pending', events: [] }]]);
    expect(agentCauses(agent({ cells: [cell('a', 'starting', ['p1'])], pod: (n) => pods.get(n) }))[0]).toBeUndefined();
  });
});

describe('refused by the node (kubelet admission)', () => {
  const KILL = 'Found failed daemon pod ns/p1 on node a, will try to kill it';
  it('explains a Failed pod with the kubelet\'s reason and counts the controller\'s kills on that node', () => {
    const pods = new Map<string, PodFact>([
      ['p1', { name: 'p1', phase: 'Failed', reason: 'OutOfcpu', message: 'Pod was rejected: Node didn\'t have enough resource: cpu, requested: 4000, used: 7500, capacity: 7900', events: [] }],
    ]);
    const causes = agentCauses(
      agent({
        cells: [cell('a', 'failing', ['p1']), cell('b', 'missing')],
        events: [ev('FailedDaemonPod', KILL, '2026-01-01T00:03:00Z', 5), ev('FailedDaemonPod', 'Found failed daemon pod ns/q on node z, will try to kill it', '2026-01-01T00:04:00Z', 2)],
        pod: (n) => pods.get(n),
      }),
    );
    expect(causes[0]).toMatchObject({ source: 'kubelet', category: 'node-refused:OutOfcpu', count: 5, backoff: true, lastSeen: '2026-01-01T00:03:00Z' });
    expect(causes[0]!.message).toContain('requested: 4000');
    expect(causes[1]).toBeUndefined();
  });

  it('explains the missing cell between kill and recreate from the deleted pod\'s Events', () => {
    const causes = agentCauses(
      agent({
        cells: [cell('a', 'missing')],
        events: [ev('FailedDaemonPod', KILL, '2026-01-01T00:03:00Z', 2)],
        podEvents: (n) => (n === 'p1' ? [ev('OutOfcpu', "Node didn't have enough resource: cpu", '2026-01-01T00:02:59Z')] : []),
      }),
    );
    expect(causes[0]).toMatchObject({ source: 'kubelet', category: 'node-refused:OutOfcpu', count: 2, object: 'DaemonSet/agent FailedDaemonPod' });
  });
});

describe('summaries and labels (the overview)', () => {
  it('counts the cells each distinct cause explains', () => {
    const causes = agentCauses(agent({ cells: [cell('b', 'missing'), cell('c', 'missing'), cell('d', 'ready')], events: [ev('FailedCreate', PSA, '2026-01-01T00:05:00Z', 9)] }));
    const summary = summariseCauses(causes);
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ category: 'pod-security', cells: 2, count: 9 });
  });

  it('words the filter labels as an operator reads them', () => {
    expect(causeLabel({ source: 'api-server', category: 'quota' })).toBe('creation refused: quota');
    expect(causeLabel({ source: 'api-server', category: 'pod-security' })).toBe('creation refused: pod security');
    expect(causeLabel({ source: 'scheduler', category: 'cannot-fit:memory' })).toBe('cannot fit: memory');
    expect(causeLabel({ source: 'scheduler', category: 'host-port' })).toBe('not placed: host port');
    expect(causeLabel({ source: 'kubelet', category: 'node-refused:OutOfcpu' })).toBe('refused by node: OutOfcpu');
  });
});
