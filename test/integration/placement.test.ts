/**
 * A check of the seed, not of Everynode: the seed scenario against the real DaemonSet
 * controller, scheduler and node lifecycle controller — which agent runs on which node, and a
 * rolling restart that completes. No Everynode code runs here; it guards the facts the demo,
 * the e2e specs (e2e/support/seed.ts) and the docs rely on. The engine's agreement with the
 * controller is test/integration/conformance.test.ts. Do not count these as product tests.
 */
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyScenario, kubectl, loadScenarioYaml, type Scenario, type SettledState } from '../cluster';

let s: Scenario;
let state: SettledState;

beforeAll(async () => {
  s = await applyScenario('placement', loadScenarioYaml('cluster/scenarios/seed.yaml'));
  state = await s.waitSettled({ timeoutMs: 180_000 });
});
afterAll(async () => {
  await s?.cleanup();
});

const range = (prefix: string, from: number, to: number, pad = 2) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(pad, '0')}`);
const workers = (from: number, to: number) => range('worker-', from, to);
const all = [...range('cp-', 1, 3, 1), ...workers(1, 30), ...range('edge-', 1, 2, 1), ...range('gpu-', 1, 4, 1), 'db-1'];

/** Unscoped names of the nodes that have a pod of the agent. */
function nodesRunning(agent: string): string[] {
  return state.pods
    // a pod the controller has just created is not bound to its node yet
    .filter((p) => p.owner === agent && p.nodeName !== '')
    .map((p) => p.nodeName.slice(s.id.length + 1))
    .sort();
}
function agentsOn(node: string): string[] {
  return [...new Set(state.pods.filter((p) => p.nodeName === s.nodeName(node)).map((p) => p.owner))].sort();
}
function status(agent: string) {
  const ds = state.daemonSets.find((d) => d.name === agent);
  if (!ds) throw new Error(`no DaemonSet ${agent}`);
  return ds;
}

describe('seed check: placement decided by the real controller', () => {
  it('runs node-exporter on every schedulable non-edge node; its missing tolerations keep it off tainted ones', () => {
    // Not on: edge (affinity), control plane / GPU (NoSchedule), db (NoExecute), NotReady worker-30 (not-ready:NoSchedule).
    expect(nodesRunning('node-exporter')).toEqual(workers(1, 29));
    expect(status('node-exporter')).toMatchObject({ desired: 29, current: 29, ready: 29, available: 29, misscheduled: 0 });
  });

  it('runs logstash-input only on anyrobot-app=true nodes, the cordoned one included', () => {
    expect(nodesRunning('logstash-input')).toEqual(workers(1, 8));
    expect(status('logstash-input')).toMatchObject({ desired: 8, ready: 8 });
  });

  it('runs the tolerate-everything log shipper on all 40 nodes, control plane and NotReady included', () => {
    expect(nodesRunning('fluent-bit')).toEqual([...all].sort());
    expect(status('fluent-bit').desired).toBe(40);
  });

  it('puts nothing on GPU nodes but the agents that tolerate their taint', () => {
    for (const gpu of range('gpu-', 1, 4, 1)) expect(agentsOn(gpu)).toEqual(['fluent-bit', 'nvidia-device-plugin', 'otel-agent']);
    expect(nodesRunning('nvidia-device-plugin')).toEqual(range('gpu-', 1, 4, 1));
  });

  it('still covers the cordoned node: daemon pods tolerate node.kubernetes.io/unschedulable', () => {
    expect(agentsOn('worker-08')).toEqual(['csi-nfs-node', 'falco', 'fluent-bit', 'logstash-input', 'node-exporter', 'otel-agent']);
  });

  it('keeps everything but the tolerate-all agent off the db node (dedicated=db:NoExecute)', () => {
    expect(agentsOn('db-1')).toEqual(['fluent-bit']);
  });

  it('shows the simulated failures and the pending OnDelete change', () => {
    const waiting = (agent: string) => [...new Set(state.pods.filter((p) => p.owner === agent).flatMap((p) => p.waiting))];
    expect(waiting('falco')).toEqual(['ImagePullBackOff']);
    expect(status('falco')).toMatchObject({ desired: 31, current: 31, ready: 0 });
    expect(waiting('nvidia-device-plugin')).toEqual(['CrashLoopBackOff']);
    expect(status('csi-nfs-node')).toMatchObject({ desired: 29, current: 29, ready: 29, updated: 0, generation: 2 });
  });
});

describe('seed check: node lifecycle controller', () => {
  it('taints the NotReady node not-ready (NoSchedule and NoExecute) and the cordoned one unschedulable', async () => {
    const taints = async (node: string) =>
      ((await s.kc.makeApiClient(CoreV1Api).readNode({ name: s.nodeName(node) })).spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`);
    // NoExecute comes with the controller's next health pass (node-monitor-period, 25 s here).
    const deadline = Date.now() + 60_000;
    while (!(await taints('worker-30')).includes('node.kubernetes.io/not-ready:NoExecute') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1000));
    expect(await taints('worker-30')).toEqual(expect.arrayContaining(['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute']));
    expect(await taints('worker-08')).toContain('node.kubernetes.io/unschedulable:NoSchedule');
    expect(await taints('worker-07')).not.toContain('node.kubernetes.io/not-ready:NoSchedule');
  });
});

describe('seed check: rolling restart', () => {
  it('replaces every logstash-input pod and completes', async () => {
    const ns = s.nsName('anyrobot');
    const before = new Set(state.pods.filter((p) => p.owner === 'logstash-input').map((p) => p.name));
    await kubectl(s.kubeconfig, ['rollout', 'restart', 'daemonset/logstash-input', '-n', ns]);
    await kubectl(s.kubeconfig, ['rollout', 'status', 'daemonset/logstash-input', '-n', ns, '--timeout=120s']);
    const after = await s.waitSettled({ timeoutMs: 120_000 });
    const ds = after.daemonSets.find((d) => d.name === 'logstash-input');
    expect(ds).toMatchObject({ desired: 8, updated: 8, available: 8 });
    expect(ds?.observedGeneration).toBe(ds?.generation);
    const pods = after.pods.filter((p) => p.owner === 'logstash-input');
    expect(pods).toHaveLength(8);
    expect(pods.filter((p) => before.has(p.name))).toEqual([]);
  });
});
