import { describe, expect, it } from 'vitest';
import { compileEligibility, nodeShouldRunDaemonPod } from './eligibility';
import type { KTaint } from './k8s';
import { mkDaemonSet, type DaemonSetOptions } from '@/test/support/engine/synthetic';

function decide(o: DaemonSetOptions, node: { name?: string; labels?: Record<string, string>; taints?: KTaint[] }) {
  return nodeShouldRunDaemonPod(compileEligibility(mkDaemonSet('a', o)), { name: node.name ?? 'n1', labels: node.labels, taints: node.taints });
}

describe('nodeShouldRunDaemonPod', () => {
  it.each<[string, DaemonSetOptions, { name?: string; labels?: Record<string, string>; taints?: KTaint[] }, [boolean, boolean]]>([
    ['plain node', {}, {}, [true, true]],
    ['template nodeName equal', { nodeName: 'n1' }, {}, [true, true]],
    ['template nodeName other', { nodeName: 'n2' }, {}, [false, false]],
    ['nodeSelector match', { nodeSelector: { a: 'b' } }, { labels: { a: 'b' } }, [true, true]],
    ['nodeSelector miss', { nodeSelector: { a: 'b' } }, { labels: { a: 'c' } }, [false, false]],
    ['affinity miss', { affinityTerms: [{ matchExpressions: [{ key: 'edge', operator: 'DoesNotExist' }] }] }, { labels: { edge: '' } }, [false, false]],
    ['PreferNoSchedule ignored', {}, { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }, [true, true]],
    ['NoSchedule untolerated: stay but do not start', {}, { taints: [{ key: 'k', effect: 'NoSchedule' }] }, [false, true]],
    ['NoExecute untolerated: leave', {}, { taints: [{ key: 'k', effect: 'NoExecute' }] }, [false, false]],
    ['NoExecute tolerated for NoExecute only, NoSchedule untolerated', { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute' }] }, { taints: [{ key: 'k', effect: 'NoExecute' }, { key: 'j', effect: 'NoSchedule' }] }, [false, true]],
    ['Exists with empty key tolerates all', { tolerations: [{ operator: 'Exists' }] }, { taints: [{ key: 'k', effect: 'NoExecute' }, { key: 'j', value: 'v', effect: 'NoSchedule' }] }, [true, true]],
    ['cordoned node (unschedulable taint) is auto-tolerated', {}, { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }, [true, true]],
    ['NotReady node: not-ready NoSchedule is not auto-tolerated', {}, { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }, [false, true]],
    ['network-unavailable without hostNetwork', {}, { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] }, [false, true]],
    ['network-unavailable with hostNetwork', { hostNetwork: true }, { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] }, [true, true]],
    ['affinity failing wins over tolerated taints', { nodeSelector: { a: 'b' } }, { taints: [{ key: 'k', effect: 'NoSchedule' }] }, [false, false]],
  ])('%s', (_name, o, node, [shouldRun, shouldContinueRunning]) => {
    const e = decide(o, node);
    expect([e.shouldRun, e.shouldContinueRunning]).toEqual([shouldRun, shouldContinueRunning]);
    expect(e.reasons.length > 0).toBe(!shouldRun);
  });

  it('lists every reason, naming taints as key=value:Effect', () => {
    const e = decide({ nodeSelector: { 'anyrobot-app': 'true' }, nodeName: 'x' }, { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }, { key: 'dedicated', effect: 'NoExecute' }] });
    expect(e.reasons).toEqual([
      { kind: 'nodeName', message: 'template nodeName is x' },
      { kind: 'nodeSelector', message: 'nodeSelector anyrobot-app=true (label missing)' },
      { kind: 'taint', message: 'untolerated taint nvidia.com/gpu=present:NoSchedule', taint: 'nvidia.com/gpu=present:NoSchedule' },
      { kind: 'taint', message: 'untolerated taint dedicated:NoExecute', taint: 'dedicated:NoExecute' },
    ]);
    expect(e.taintMismatch).toBe('nvidia.com/gpu=present:NoSchedule');
  });
});
