import { describe, expect, it } from 'vitest';
import type { AgentSettingsDTO } from '@/lib/api/dto';
import { agentPatchSchema } from '@/lib/change/agent/schema';
import { formOf, patchOf, tolerationForTaint, withTolerations } from './form-model';

const current: AgentSettingsDTO = {
  containers: [
    { name: 'init', image: 'busybox:1.36', init: true },
    { name: 'node-exporter', image: 'prom/node-exporter:v1.3.1', init: false },
  ],
  strategy: { type: 'RollingUpdate', maxUnavailable: 1, maxSurge: 0 },
  minReadySeconds: 0,
  tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }],
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  requiredNodeAffinity: [{ matchExpressions: [{ key: 'node-role.kubernetes.io/edge', operator: 'DoesNotExist' }] }],
  templateYaml: 'spec:\n  containers: []\n',
};

describe('change form model', () => {
  it('an untouched form asks for nothing', () => {
    expect(patchOf(current, formOf(current))).toEqual({});
  });

  it('sends only what was edited, parsed', () => {
    const form = formOf(current);
    form.images['node-exporter'] = ' prom/node-exporter:v1.8.2 ';
    form.maxUnavailable = '25%';
    form.minReadySeconds = '10';
    form.terms![0]!.expressions.push({ key: 'cores', operator: 'Gt', values: '4' });
    form.changeCause = 'bump';
    const patch = patchOf(current, form);
    expect(patch).toEqual({
      images: { 'node-exporter': 'prom/node-exporter:v1.8.2' },
      strategy: { type: 'RollingUpdate', maxUnavailable: '25%', maxSurge: 0 },
      minReadySeconds: 10,
      requiredNodeAffinity: [{ matchExpressions: [{ key: 'node-role.kubernetes.io/edge', operator: 'DoesNotExist' }, { key: 'cores', operator: 'Gt', values: ['4'] }] }],
      changeCause: 'bump',
    });
    expect(agentPatchSchema.safeParse(patch).success).toBe(true);
  });

  it('passes bad text on for the schema to name', () => {
    const form = formOf(current);
    form.minReadySeconds = 'soon';
    form.tolerations[0]!.tolerationSeconds = '30';
    const r = agentPatchSchema.safeParse(patchOf(current, form));
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual(['minReadySeconds', 'tolerations.0.tolerationSeconds']);
  });

  it('prefills a fix hint’s toleration once', () => {
    const gpu = tolerationForTaint('nvidia.com/gpu=present:NoSchedule')!;
    expect(gpu).toEqual({ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' });
    const form = withTolerations(withTolerations(formOf(current), [gpu]), [gpu]);
    expect(patchOf(current, form).tolerations).toEqual([
      { key: 'a', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' },
    ]);
    expect(tolerationForTaint('dedicated:NoExecute')).toEqual({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' });
  });

  it('removing the affinity sends null', () => {
    expect(patchOf(current, { ...formOf(current), terms: null })).toEqual({ requiredNodeAffinity: null });
  });
});
