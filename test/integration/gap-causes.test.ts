/**
 * Issue #17 against the real control plane: the seed's four blocked agents (a ResourceQuota, Pod
 * Security "restricted", a pod too large for two nodes, a host port already taken), renamed into
 * a scenario of their own. Their missing / starting cells must carry the cause in the words the
 * API server, the scheduler or the controller used, with source and count; removing each cause
 * must turn the cells ready; and the Events must come from the cache's one watch, not a LIST per
 * request (the API server's own request counter says so).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CauseDTO, CoverageResponse, DaemonSetDetailResponse, NodeDetailResponse } from '@/lib/api/dto';
import { GET as getCoverage } from '@/app/api/clusters/[ctx]/coverage/route';
import { GET as getDaemonSet } from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/route';
import { GET as getNode } from '@/app/api/clusters/[ctx]/nodes/[node]/route';
import { getCache, stopAllCaches } from '@/lib/kube/cache/registry';
import { currentContext, resetKubeConfig } from '@/lib/kube/contexts';
import { applyScenario, kubectl, loadScenarioYaml, type KubeObject, type Scenario } from '../cluster';
import { until } from '../support/until';

const AGENT_NAMESPACES = ['metrics-quota', 'restricted-agents', 'big-agents', 'port-agents'];
const NODES = ['worker-07', 'worker-09', 'worker-10', 'worker-11', 'worker-12', 'worker-13', 'worker-14', 'worker-15', 'worker-16', 'worker-17'];

/** The seed's blocked agents and the nodes they target: the rest of the seed is not needed here. */
function blockedAgentsOfSeed(): KubeObject[] {
  return loadScenarioYaml('cluster/scenarios/seed.yaml').filter(
    (o) =>
      (o.kind === 'Node' && NODES.includes(o.metadata.name)) ||
      (o.kind === 'Namespace' && AGENT_NAMESPACES.includes(o.metadata.name)) ||
      AGENT_NAMESPACES.includes(o.metadata.namespace ?? ''),
  );
}

const p = <T extends object>(v: T) => ({ params: Promise.resolve(v) });
const req = () => new Request('http://localhost/');

let s: Scenario;
let ctx = '';

async function detail(ns: string, name: string): Promise<DaemonSetDetailResponse> {
  const res = await getDaemonSet(req(), p({ ctx, ns: s.nsName(ns), name }));
  expect(res.status).toBe(200);
  return (await res.json()) as DaemonSetDetailResponse;
}

/** The agent's cells on the given (unscoped) nodes. */
async function cellsOn(ns: string, name: string, nodes: string[]) {
  const d = await detail(ns, name);
  return nodes.map((n) => d.cells.find((c) => c.node === s.nodeName(n))!);
}

/** Waits until every cell of the agent that should run is in `state` with a cause, and returns those causes. */
async function causesOf(ns: string, name: string, state: 'missing' | 'starting', cells: number): Promise<CauseDTO[]> {
  return until(`${ns}/${name}: ${cells} ${state} cell(s) with a cause`, async () => {
    const d = await detail(ns, name);
    const hit = d.cells.filter((c) => c.state === state && c.cause);
    return hit.length === cells ? hit.map((c) => c.cause!) : undefined;
  }, 60_000);
}

/** events LISTs the API server has answered so far (its apiserver_request_total counter). */
async function eventLists(): Promise<number> {
  const text = await kubectl(s.kubeconfig, ['get', '--raw', '/metrics']);
  let n = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('apiserver_request_total{') && line.includes('resource="events"') && line.includes('verb="LIST"')) n += Number(line.split(' ').at(-1));
  }
  return n;
}

beforeAll(async () => {
  s = await applyScenario('causes', blockedAgentsOfSeed());
  await s.waitSettled({ timeoutMs: 120_000 });
  process.env.KUBECONFIG = s.kubeconfig;
  resetKubeConfig();
  ctx = currentContext();
  await getCache(ctx).whenEventsReady(30_000);
});

afterAll(async () => {
  stopAllCaches();
  await s?.cleanup();
});

describe('gap causes on the real cluster', () => {
  it('quota: the missing cell says the API server refused creation, in its words, with the count and the backoff', async () => {
    const [cause] = await causesOf('metrics-quota', 'quota-exporter', 'missing', 1);
    expect(cause).toMatchObject({ source: 'api-server', category: 'quota', label: 'creation refused: quota', backoff: true, object: 'DaemonSet/quota-exporter FailedCreate' });
    expect(cause!.message).toMatch(/is forbidden: exceeded quota: agent-quota, requested: requests\.cpu=100m, used: requests\.cpu=200m, limited: requests\.cpu=200m/);
    expect(cause!.count).toBeGreaterThanOrEqual(1);
    expect(Date.parse(cause!.lastSeen)).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(cause!.hint).toContain(`raise the quota agent-quota in ns ${s.nsName('metrics-quota')}: requests.cpu used 200m/200m, each pod asks 100m`);
  });

  it('pod security: every missing cell carries the same refusal (the Event names the DaemonSet, not a node)', async () => {
    const causes = await causesOf('restricted-agents', 'host-inventory', 'missing', 2);
    for (const c of causes) {
      expect(c).toMatchObject({ source: 'api-server', category: 'pod-security', label: 'creation refused: pod security' });
      expect(c.message).toMatch(/violates PodSecurity "restricted:latest"/);
      expect(c.message).toMatch(/hostPath/);
      expect(c.hint).toContain('pod-security.kubernetes.io/enforce=privileged');
    }
  });

  it('too large: the two small nodes\' cells say the scheduler cannot fit the memory; the big node runs it', async () => {
    const causes = await causesOf('big-agents', 'mem-cache', 'starting', 2);
    for (const c of causes) {
      expect(c).toMatchObject({ source: 'scheduler', category: 'cannot-fit:memory', label: 'cannot fit: memory' });
      expect(c.message).toMatch(/0\/\d+ nodes are available: 1 Insufficient memory/);
      expect(c.hint).toContain('a toleration is not the fix here');
    }
    const [big, small] = await cellsOn('big-agents', 'mem-cache', ['worker-07', 'worker-14']);
    expect(big!.state).toBe('ready');
    expect(small!.cause?.category).toBe('cannot-fit:memory');
  });

  it('host port: only the node whose port is taken says so', async () => {
    const [cause] = await causesOf('port-agents', 'syslog-relay', 'starting', 1);
    expect(cause).toMatchObject({ source: 'scheduler', category: 'host-port', label: 'not placed: host port' });
    expect(cause!.message).toMatch(/didn't have free ports for the requested pod ports/);
    expect(cause!.hint).toContain(`free port 5140 on node ${s.nodeName('worker-16')}`);
    const [taken, free] = await cellsOn('port-agents', 'syslog-relay', ['worker-16', 'worker-17']);
    expect(taken!.state).toBe('starting');
    expect(free!.state).toBe('ready');
  });

  it('the node page and the overview name the cause; Events come from the watch, not a LIST per request', async () => {
    const before = await eventLists();
    for (let i = 0; i < 5; i++) {
      const res = await getNode(req(), p({ ctx, node: s.nodeName('worker-16') }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as NodeDetailResponse;
      const relay = body.agents.find((a) => a.name === 'syslog-relay')!;
      expect(relay.cause).toMatchObject({ source: 'scheduler', category: 'host-port' });
      expect(body.events.some((e) => e.reason === 'FailedScheduling' && e.object.startsWith('Pod/syslog-relay-'))).toBe(true);
    }
    const res = await getCoverage(req(), p({ ctx }));
    const coverage = (await res.json()) as CoverageResponse;
    const labels = (name: string) => coverage.agents.find((a) => a.namespace === s.nsName(name.split('/')[0]!) && a.name === name.split('/')[1])?.causes?.map((c) => `${c.label} ×${c.cells}`);
    expect(labels('metrics-quota/quota-exporter')).toEqual(['creation refused: quota ×1']);
    expect(labels('restricted-agents/host-inventory')).toEqual(['creation refused: pod security ×2']);
    expect(labels('big-agents/mem-cache')).toEqual(['cannot fit: memory ×2']);
    expect(labels('port-agents/syslog-relay')).toEqual(['not placed: host port ×1']);
    expect(await eventLists()).toBe(before);
  });

  it('removing each cause turns its cells ready', async () => {
    const ns = (n: string) => s.nsName(n);
    await Promise.all([
      kubectl(s.kubeconfig, ['patch', 'resourcequota', 'agent-quota', '-n', ns('metrics-quota'), '--type=merge', '-p', '{"spec":{"hard":{"requests.cpu":"1"}}}']),
      kubectl(s.kubeconfig, ['label', 'namespace', ns('restricted-agents'), 'pod-security.kubernetes.io/enforce=privileged', '--overwrite']),
      kubectl(s.kubeconfig, ['delete', 'pod', 'port-holder', '-n', ns('port-agents'), '--wait=false']),
      kubectl(s.kubeconfig, [
        'patch', 'daemonset', 'mem-cache', '-n', ns('big-agents'), '--type=json',
        '-p', '[{"op":"replace","path":"/spec/template/spec/containers/0/resources/requests/memory","value":"1Gi"}]',
      ]),
    ]);
    const agents = [
      ['metrics-quota', 'quota-exporter', 3],
      ['restricted-agents', 'host-inventory', 2],
      ['big-agents', 'mem-cache', 3],
      ['port-agents', 'syslog-relay', 2],
    ] as const;
    // The controller retries refused creations with exponential backoff: allow it a few minutes.
    await until('every blocked agent ready on all its nodes, with no cause left', async () => {
      for (const [n, name, want] of agents) {
        const d = await detail(n, name);
        if (d.cells.filter((c) => c.state === 'ready').length !== want || d.cells.some((c) => c.cause)) return false;
      }
      return true;
    }, { timeoutMs: 240_000, everyMs: 1000 });
  });
});
