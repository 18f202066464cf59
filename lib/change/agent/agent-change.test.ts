import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KDaemonSet } from '@/lib/coverage/k8s';
import { applyPatch, changesNothing, wirePatch } from './apply';
import { agentChangeSchema, agentPatchSchema } from './schema';
import { imageReferenceProblem, labelKeyProblem } from './syntax';
import { parseTemplateYaml, templateToYaml } from './template-yaml';

const ds: KDaemonSet = {
  metadata: { name: 'node-exporter', namespace: 'monitoring', resourceVersion: '42', annotations: { 'deprecated.daemonset.template.generation': '3' } },
  spec: {
    selector: { matchLabels: { app: 'node-exporter' } },
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    template: {
      metadata: { labels: { app: 'node-exporter' } },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox:1.36' }],
        containers: [
          { name: 'exporter', image: 'quay.io/prometheus/node-exporter:v1.8.0' },
          { name: 'proxy', image: 'kube-rbac-proxy:v0.18' },
        ],
        tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
      },
    },
  },
};

/** The first issue's "path: message", as the routes word a refusal. */
function refusal(body: unknown): string | undefined {
  const r = agentPatchSchema.safeParse(body);
  if (r.success) return undefined;
  const i = r.error.issues[0]!;
  return `${i.path.join('.')}: ${i.message}`;
}

describe('image references (distribution/reference grammar)', () => {
  it.each([
    'nginx',
    'nginx:1.27',
    'library/nginx:1.27-alpine',
    'quay.io/prometheus/node-exporter:v1.8.2',
    'localhost:5000/team/agent:dev_1',
    'registry.example.com:443/a/b/c@sha256:' + 'a'.repeat(64),
    'ghcr.io/org/img:v1@sha256:' + '0'.repeat(64),
    '[::1]:5000/agent:1',
    'a__b/c--d/e.f:TAG',
  ])('accepts %s', (ref) => expect(imageReferenceProblem(ref)).toBeUndefined());

  it.each([
    ['', 'empty'],
    [' nginx', 'whitespace'],
    ['nginx:', 'not a valid image reference'],
    ['Nginx:1', 'must be lowercase'],
    ['quay.io/Prom/x:1', 'must be lowercase'],
    ['nginx:-bad', 'not a valid'],
    ['nginx@sha256:abc', 'not a valid'],
    ['a//b', 'not a valid'],
    ['a/b:' + 't'.repeat(129), 'not a valid'],
    ['x_/y', 'not a valid'],
    ['nginx:1 2', 'not a valid'],
  ])('refuses %j (%s)', (ref, words) => expect(imageReferenceProblem(ref)).toContain(words));
});

describe('label keys', () => {
  it.each(['app', 'node-role.kubernetes.io/edge', 'nvidia.com/gpu', 'a.b_c-d'])('accepts %s', (k) => expect(labelKeyProblem(k)).toBeUndefined());
  it.each(['', 'bad key', 'UPPER.io/x', '/x', 'a/b/c', '-lead', 'x'.repeat(64), 'ok.io/'])('refuses %j', (k) => expect(labelKeyProblem(k)).toBeDefined());
});

describe('the body schema names each bad field', () => {
  it.each([
    [{ images: { exporter: 'Bad Image' } }, 'images.exporter'],
    [{ tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] }, 'tolerations.0.value: must be empty when the operator is Exists'],
    [{ tolerations: [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule', tolerationSeconds: 30 }] }, 'tolerations.0.tolerationSeconds: only a NoExecute'],
    [{ tolerations: [{ operator: 'Equal', value: 'v' }] }, 'tolerations.0.operator: an empty key'],
    [{ tolerations: [{ key: 'bad key!', operator: 'Exists' }] }, 'tolerations.0.key'],
    [{ tolerations: [{ key: 'k', operator: 'Lt' }] }, 'tolerations.0.operator'],
    [{ tolerations: [{ key: 'k', effect: 'NoRun' }] }, 'tolerations.0.effect'],
    [{ requiredNodeAffinity: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['four'] }] }] }, 'requiredNodeAffinity.0.matchExpressions.0.values.0: Gt needs an integer value'],
    [{ requiredNodeAffinity: [{ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['1', '2'] }] }] }, 'Lt takes exactly one value'],
    [{ requiredNodeAffinity: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: [] }] }] }, 'In needs at least one value'],
    [{ requiredNodeAffinity: [{ matchExpressions: [{ key: 'zone', operator: 'Exists', values: ['a'] }] }] }, 'Exists takes no values'],
    [{ requiredNodeAffinity: [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist', values: ['a'] }] }] }, 'DoesNotExist takes no values'],
    [{ requiredNodeAffinity: [{ matchExpressions: [{ key: 'zone', operator: 'Near', values: ['a'] }] }] }, 'requiredNodeAffinity.0.matchExpressions.0.operator: must be one of In, NotIn'],
    [{ requiredNodeAffinity: [{}] }, 'requiredNodeAffinity.0: a term needs at least one expression'],
    [{ requiredNodeAffinity: [] }, 'send null to remove'],
    [{ nodeSelector: { 'bad key': 'x' } }, 'nodeSelector.bad key'],
    [{ nodeSelector: { zone: 'has space' } }, 'nodeSelector.zone'],
    [{ strategy: { type: 'RollingUpdate', maxUnavailable: '101%' } }, 'strategy.maxUnavailable'],
    [{ strategy: { type: 'RollingUpdate', maxUnavailable: '-1' } }, 'strategy.maxUnavailable'],
    [{ strategy: { type: 'RollingUpdate', maxSurge: 1.5 } }, 'strategy.maxSurge'],
    [{ strategy: { type: 'RollingUpdate', maxUnavailable: 0 } }, 'strategy.maxUnavailable: may not be 0 when maxSurge is 0'],
    [{ strategy: { type: 'Recreate' } }, 'strategy.type'],
    [{ minReadySeconds: -1 }, 'minReadySeconds'],
    [{ changeCause: 'a\nb' }, 'changeCause'],
    [{ force: true }, 'force'],
  ])('%j → %s', (body, words) => expect(refusal(body)).toContain(words));

  it('accepts every operator used correctly, percentages and int values', () => {
    expect(
      refusal({
        strategy: { type: 'RollingUpdate', maxUnavailable: '25%', maxSurge: 0 },
        requiredNodeAffinity: [
          { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }, { key: 'x', operator: 'NotIn', values: ['c'] }] },
          { matchExpressions: [{ key: 'gpu', operator: 'Exists' }, { key: 'edge', operator: 'DoesNotExist' }, { key: 'cores', operator: 'Gt', values: ['4'] }, { key: 'mem', operator: 'Lt', values: ['-3'] }] },
        ],
        tolerations: [{ operator: 'Exists' }, { key: 'k', operator: 'Equal', value: 'v', effect: 'NoExecute', tolerationSeconds: 60 }],
      }),
    ).toBeUndefined();
  });

  it('requires the previewed resourceVersion to apply', () => {
    expect(agentChangeSchema.safeParse({ images: { exporter: 'nginx:1' } }).success).toBe(false);
    expect(agentChangeSchema.safeParse({ images: { exporter: 'nginx:1' }, resourceVersion: '42' }).success).toBe(true);
  });
});

describe('applyPatch: the hypothetical DaemonSet', () => {
  it('sets images of containers and init containers, leaving the input untouched', () => {
    const before = JSON.stringify(ds);
    const a = applyPatch(ds, { images: { exporter: 'quay.io/prometheus/node-exporter:v1.8.2', init: 'busybox:1.37' } });
    expect(a.ds.spec!.template!.spec!.containers!.map((c) => c.image)).toEqual(['quay.io/prometheus/node-exporter:v1.8.2', 'kube-rbac-proxy:v0.18']);
    expect(a.ds.spec!.template!.spec!.initContainers![0]!.image).toBe('busybox:1.37');
    expect([a.templateChanged, a.problems]).toEqual([true, []]);
    expect(JSON.stringify(ds)).toBe(before);
  });

  it('names a container the template does not have', () => {
    expect(applyPatch(ds, { images: { nope: 'nginx' } }).problems).toEqual([{ path: 'images.nope', message: 'the pod template has no container or init container named "nope"' }]);
  });

  it('replaces tolerations and nodeSelector whole; empty removes them', () => {
    const a = applyPatch(ds, { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }], nodeSelector: {} });
    expect(a.ds.spec!.template!.spec!.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(a.ds.spec!.template!.spec!.nodeSelector).toBeUndefined();
    expect(applyPatch(ds, { tolerations: [] }).ds.spec!.template!.spec!.tolerations).toBeUndefined();
  });

  it('sets and removes the required node affinity', () => {
    const set = applyPatch(ds, { requiredNodeAffinity: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }] });
    expect(set.ds.spec!.template!.spec!.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }] } },
    });
    const removed = applyPatch(set.ds, { requiredNodeAffinity: null });
    expect(removed.ds.spec!.template!.spec!.affinity).toBeUndefined();
  });

  it('a strategy, minReadySeconds or change-cause change leaves the template (and so every pod) alone', () => {
    const a = applyPatch(ds, { strategy: { type: 'OnDelete' }, minReadySeconds: 10, changeCause: 'slower rollout' });
    expect(a.templateChanged).toBe(false);
    expect(a.ds.spec!.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(a.ds.metadata!.annotations!['kubernetes.io/change-cause']).toBe('slower rollout');
    expect(changesNothing(ds, a)).toBe(false);
    expect(changesNothing(ds, applyPatch(ds, { images: { exporter: 'quay.io/prometheus/node-exporter:v1.8.0' } }))).toBe(true);
  });

  it('the template YAML replaces the template, and the fields apply on top of it', () => {
    const yaml = templateToYaml(ds.spec!.template).replace('kube-rbac-proxy:v0.18', 'kube-rbac-proxy:v0.19');
    const a = applyPatch(ds, { templateYaml: yaml, images: { exporter: 'nginx:1' } });
    expect(a.ds.spec!.template!.spec!.containers!.map((c) => c.image)).toEqual(['nginx:1', 'kube-rbac-proxy:v0.19']);
  });

  it('refuses template YAML that does not parse, with its line', () => {
    const a = applyPatch(ds, { templateYaml: 'spec:\n  containers: [\n' });
    expect(a.problems[0]!.path).toBe('templateYaml');
    expect(a.problems[0]!.message).toMatch(/^line \d+, column \d+: /);
    expect(parseTemplateYaml('- a\n- b').problems[0]!.message).toContain('mapping');
    expect(parseTemplateYaml('spec:\n  containers: []').problems[0]!.message).toContain('at least one container');
  });
});

describe('wirePatch: what is sent', () => {
  it('sends a changed template whole with $patch: replace, guarded by resourceVersion', () => {
    const patch = { images: { exporter: 'nginx:1' }, changeCause: 'bump' };
    const body = wirePatch(ds, applyPatch(ds, patch), patch, '42');
    expect(body.metadata).toEqual({ resourceVersion: '42', annotations: { 'kubernetes.io/change-cause': 'bump' } });
    const template = (body.spec as { template: Record<string, unknown> }).template;
    expect(template.$patch).toBe('replace');
    expect(parse(JSON.stringify(template.spec))).toMatchObject({ containers: [{ name: 'exporter', image: 'nginx:1' }, { name: 'proxy' }] });
  });

  it('leaves the template out when only the strategy changes; OnDelete drops rollingUpdate', () => {
    const patch = { strategy: { type: 'OnDelete' as const } };
    expect(wirePatch(ds, applyPatch(ds, patch), patch, '7')).toEqual({ metadata: { resourceVersion: '7' }, spec: { updateStrategy: { type: 'OnDelete', rollingUpdate: null } } });
  });
});
