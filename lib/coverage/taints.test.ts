import { describe, expect, it } from 'vitest';
import type { KTaint, KToleration } from './k8s';
import { daemonPodTolerations, formatTaint, toleratesTaint, untoleratedTaints } from './taints';

describe('toleratesTaint (core/v1 ToleratesTaint)', () => {
  const taint: KTaint = { key: 'gpu', value: 'present', effect: 'NoSchedule' };
  it.each<[string, KToleration, KTaint, boolean]>([
    ['Equal same key/value/effect', { key: 'gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }, taint, true],
    ['operator defaults to Equal', { key: 'gpu', value: 'present', effect: 'NoSchedule' }, taint, true],
    ['Equal other value', { key: 'gpu', operator: 'Equal', value: 'absent', effect: 'NoSchedule' }, taint, false],
    ['Equal empty value vs taint value', { key: 'gpu', operator: 'Equal', effect: 'NoSchedule' }, taint, false],
    ['Equal empty value vs empty taint value', { key: 'k', operator: 'Equal', effect: 'NoSchedule' }, { key: 'k', effect: 'NoSchedule' }, true],
    ['Exists ignores value', { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }, taint, true],
    ['Exists other key', { key: 'cpu', operator: 'Exists' }, taint, false],
    ['empty effect matches NoSchedule', { key: 'gpu', operator: 'Exists' }, taint, true],
    ['empty effect matches NoExecute', { key: 'gpu', operator: 'Exists' }, { key: 'gpu', effect: 'NoExecute' }, true],
    ['effect must match when set', { key: 'gpu', operator: 'Exists', effect: 'NoExecute' }, taint, false],
    ['empty key + Exists tolerates everything', { operator: 'Exists' }, { key: 'anything', value: 'x', effect: 'NoExecute' }, true],
    ['empty key + Exists + effect tolerates that effect only', { operator: 'Exists', effect: 'NoSchedule' }, { key: 'a', effect: 'NoExecute' }, false],
    ['empty key + Equal matches key-less... only equal value', { operator: 'Equal', value: 'present' }, taint, true],
    ['unknown operator', { key: 'gpu', operator: 'In', value: 'present' }, taint, false],
    ['Gt without the feature gate', { key: 'n', operator: 'Gt', value: '1' }, { key: 'n', value: '5', effect: 'NoSchedule' }, false],
    ['Lt without the feature gate', { key: 'n', operator: 'Lt', value: '9' }, { key: 'n', value: '5', effect: 'NoSchedule' }, false],
  ])('%s', (_name, tol, t, want) => {
    expect(toleratesTaint(tol, t)).toBe(want);
  });

  it.each<[string, string, string, boolean]>([
    ['Gt', '1', '5', true],
    ['Gt', '5', '5', false],
    ['Lt', '9', '5', true],
    ['Lt', '5', '5', false],
    ['Gt', '-3', '-2', true],
    ['Gt', '01', '5', false], // leading zero is not a decimal integer
    ['Gt', '+1', '5', false], // nor is a plus sign
    ['Lt', '10', 'abc', false],
    ['Lt', '10', '99999999999999999999', false], // out of int64
  ])('with the gate: %s %s vs taint %s → %s', (op, value, taintValue, want) => {
    expect(toleratesTaint({ key: 'n', operator: op, value }, { key: 'n', value: taintValue, effect: 'NoSchedule' }, { comparisonOperators: true })).toBe(want);
  });
});

describe('daemonPodTolerations (AddOrUpdateDaemonPodTolerations)', () => {
  const keys = (ts: KToleration[]) => ts.map((t) => `${t.key}:${t.effect}`);
  it('adds the six tolerations every daemon pod gets', () => {
    expect(keys(daemonPodTolerations(undefined, false))).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
  });
  it('adds network-unavailable only with hostNetwork', () => {
    expect(keys(daemonPodTolerations(undefined, true))).toContain('node.kubernetes.io/network-unavailable:NoSchedule');
    expect(keys(daemonPodTolerations(undefined, false))).not.toContain('node.kubernetes.io/network-unavailable:NoSchedule');
  });
  it('keeps template tolerations first and replaces an identical one in place', () => {
    const ts = daemonPodTolerations([{ key: 'a', operator: 'Exists' }, { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }], false);
    expect(ts[0]).toEqual({ key: 'a', operator: 'Exists' });
    expect(ts[1]).toMatchObject({ key: 'node.kubernetes.io/unschedulable', addedByController: true });
    expect(ts).toHaveLength(7);
  });

  it.each([
    ['node.kubernetes.io/not-ready', 'NoExecute', true],
    ['node.kubernetes.io/unreachable', 'NoExecute', true],
    ['node.kubernetes.io/not-ready', 'NoSchedule', false], // only NoExecute is auto-tolerated
    ['node.kubernetes.io/unreachable', 'NoSchedule', false],
    ['node.kubernetes.io/disk-pressure', 'NoSchedule', true],
    ['node.kubernetes.io/memory-pressure', 'NoSchedule', true],
    ['node.kubernetes.io/pid-pressure', 'NoSchedule', true],
    ['node.kubernetes.io/unschedulable', 'NoSchedule', true],
    ['node.kubernetes.io/network-unavailable', 'NoSchedule', false],
  ])('auto tolerations: %s:%s tolerated = %s', (key, effect, want) => {
    expect(untoleratedTaints([{ key, effect }], daemonPodTolerations(undefined, false))).toHaveLength(want ? 0 : 1);
  });
});

describe('untoleratedTaints', () => {
  it('ignores PreferNoSchedule and keeps node order', () => {
    const taints: KTaint[] = [
      { key: 'a', effect: 'PreferNoSchedule' },
      { key: 'b', value: 'x', effect: 'NoExecute' },
      { key: 'c', effect: 'NoSchedule' },
    ];
    expect(untoleratedTaints(taints, []).map(formatTaint)).toEqual(['b=x:NoExecute', 'c:NoSchedule']);
  });
});
