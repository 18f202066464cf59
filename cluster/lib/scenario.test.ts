import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyOrder, isolate, namespacesOf, nodeNamesOf, parseScenarioYaml, SCENARIO_LABEL, splitPhases, type KubeObject } from './scenario';

const seed = parseScenarioYaml(readFileSync(new URL('../scenarios/seed.yaml', import.meta.url), 'utf8'));
const find = (objs: KubeObject[], kind: string, name: string) => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${kind} ${name} not found`);
  return o;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const terms = (ds: KubeObject): any[] => (ds as any).spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;

describe('seed scenario file', () => {
  it('has the nodes and agents SEED-SCENARIO.md asks for', () => {
    expect(nodeNamesOf(seed)).toHaveLength(40);
    const agents = seed.filter((o) => o.kind === 'DaemonSet' && !o.metadata.annotations?.['everynode.dev/apply']).map((o) => o.metadata.name);
    expect(agents.sort()).toEqual([
      'csi-nfs-node',
      'falco',
      'fluent-bit',
      'host-inventory',
      'logstash-input',
      'mem-cache',
      'node-exporter',
      'nvidia-device-plugin',
      'otel-agent',
      'quota-exporter',
      'syslog-relay',
    ]);
    expect(namespacesOf(seed)).toEqual(expect.arrayContaining(['kubesphere-monitoring-system', 'anyrobot', 'kube-system']));
  });
});

describe('splitPhases', () => {
  it('moves after-settled changes to the second phase without their marker annotation', () => {
    const { initial, afterSettled } = splitPhases(seed);
    expect(afterSettled).toHaveLength(1);
    expect(afterSettled[0]?.metadata).toEqual({ name: 'csi-nfs-node', namespace: 'kube-storage' });
    expect(initial).toHaveLength(seed.length - 1);
  });
});

describe('applyOrder', () => {
  it('puts namespaces first and nodes second, keeping the rest in file order', () => {
    const objs = [
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'a', namespace: 'n' } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'b', namespace: 'n' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } },
    ];
    expect(applyOrder(objs).map((o) => o.kind)).toEqual(['Namespace', 'Node', 'DaemonSet', 'ServiceAccount']);
  });
});

describe('isolate', () => {
  const scopedSeed = isolate(seed, 'abc');

  it('renames nodes, their hostname label and address, and labels them with the scenario', () => {
    const node = find(scopedSeed, 'Node', 'abc-worker-01');
    expect(node.metadata.labels?.[SCENARIO_LABEL]).toBe('abc');
    expect(node.metadata.labels?.['kubernetes.io/hostname']).toBe('abc-worker-01');
    expect((node.status as { addresses: { type: string; address: string }[] }).addresses).toContainEqual({ type: 'Hostname', address: 'abc-worker-01' });
    expect(node.metadata.labels?.['anyrobot-app']).toBe('true');
  });

  it('taints scenario nodes so only the scenario\'s own workloads (and tolerate-all agents elsewhere) may run there', () => {
    const taint = { key: SCENARIO_LABEL, value: 'abc', effect: 'NoSchedule' };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const taints = (name: string): unknown[] => (find(scopedSeed, 'Node', name) as any).spec.taints;
    expect(taints('abc-worker-01')).toEqual([taint]);
    expect(taints('abc-cp-1')).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, taint]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const tolerations = (name: string): unknown[] => (find(scopedSeed, 'DaemonSet', name) as any).spec.template.spec.tolerations;
    expect(tolerations('node-exporter')).toEqual([{ ...taint, operator: 'Equal' }]);
    expect(tolerations('fluent-bit')).toEqual([{ operator: 'Exists' }, { ...taint, operator: 'Equal' }]);
  });

  it('moves namespaced objects into prefixed namespaces, creating those the scenario only implies', () => {
    expect(find(scopedSeed, 'Namespace', 'abc-anyrobot')).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'abc-anyrobot' } });
    // kube-system is not declared by the seed: the scenario gets a namespace of its own for it.
    expect(seed.some((o) => o.kind === 'Namespace' && o.metadata.name === 'kube-system')).toBe(false);
    expect(find(scopedSeed, 'Namespace', 'abc-kube-system')).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'abc-kube-system' } });
    expect(find(scopedSeed, 'DaemonSet', 'nvidia-device-plugin').metadata.namespace).toBe('abc-kube-system');
    expect(find(scopedSeed, 'DaemonSet', 'logstash-input').metadata.namespace).toBe('abc-anyrobot');
    expect(namespacesOf(scopedSeed)).not.toContain('anyrobot');
  });

  it('ANDs the scenario requirement into every existing node-affinity term', () => {
    expect(terms(find(scopedSeed, 'DaemonSet', 'node-exporter'))).toEqual([
      {
        matchExpressions: [
          { key: 'node-role.kubernetes.io/edge', operator: 'DoesNotExist' },
          { key: SCENARIO_LABEL, operator: 'In', values: ['abc'] },
        ],
      },
    ]);
  });

  it('adds one term when the template has no required node affinity, keeping its nodeSelector', () => {
    const ds = find(scopedSeed, 'DaemonSet', 'logstash-input');
    expect(terms(ds)).toEqual([{ matchExpressions: [{ key: SCENARIO_LABEL, operator: 'In', values: ['abc'] }] }]);
    expect((ds.spec as { template: { spec: { nodeSelector: unknown } } }).template.spec.nodeSelector).toEqual({ 'anyrobot-app': 'true' });
  });

  it('renames references to the scenario nodes (matchFields, hostname selectors, nodeName)', () => {
    const ds = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'pinned', namespace: 'x' },
      spec: {
        template: {
          spec: {
            nodeName: 'n1',
            nodeSelector: { 'kubernetes.io/hostname': 'n1' },
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [
                    { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1', 'elsewhere'] }] },
                    { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1'] }] },
                  ],
                },
              },
            },
          },
        },
      },
    };
    const out = find(isolate([{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }, ds], 's1'), 'DaemonSet', 'pinned');
    const spec = (out as unknown as typeof ds).spec.template.spec;
    expect(spec.nodeName).toBe('s1-n1');
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/hostname': 's1-n1' });
    const mine = { key: SCENARIO_LABEL, operator: 'In', values: ['s1'] };
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['s1-n1', 'elsewhere'] }], matchExpressions: [mine] },
      { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['s1-n1'] }, mine] },
    ]);
  });

  it('leaves partial follow-up changes without affinity, which would replace the whole term list', () => {
    const [change] = isolate(splitPhases(seed).afterSettled, 'abc', { partial: true });
    expect(change?.metadata.namespace).toBe('abc-kube-storage');
    expect((change?.spec as { template: { spec: { affinity?: unknown } } }).template.spec.affinity).toBeUndefined();
  });

  it('does not modify its input', () => {
    expect(find(seed, 'DaemonSet', 'node-exporter').metadata.namespace).toBe('kubesphere-monitoring-system');
    expect(terms(find(seed, 'DaemonSet', 'node-exporter'))[0].matchExpressions).toHaveLength(1);
  });
});
