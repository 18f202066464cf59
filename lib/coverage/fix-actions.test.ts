import { describe, expect, it } from 'vitest';
import { compileEligibility, nodeShouldRunDaemonPod } from './eligibility';
import { fixActions } from './fix-hint';
import { mkDaemonSet, mkNode, type DaemonSetOptions, type NodeOptions } from '@/test/support/engine/synthetic';

function actions(o: DaemonSetOptions, n: NodeOptions) {
  const ds = mkDaemonSet('agent', o);
  const node = mkNode('n1', n);
  const e = nodeShouldRunDaemonPod(compileEligibility(ds), { name: 'n1', labels: node.metadata!.labels, taints: node.spec!.taints });
  return { ds, node, fix: fixActions(ds, node, e.reasons) };
}

describe('fixActions: the fix hint as actions the console offers', () => {
  it('one toleration per untolerated taint (only the ones to add), which makes the agent eligible', () => {
    const { ds, fix } = actions({ tolerations: [{ key: 'a', operator: 'Exists' }] }, { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }, { key: 'dedicated', effect: 'NoExecute' }] });
    expect(fix!.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' },
      { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' },
    ]);
    expect(fix!.labels).toEqual({});
    const fixed = structuredClone(ds);
    fixed.spec!.template!.spec!.tolerations = [...(fixed.spec!.template!.spec!.tolerations ?? []), ...fix!.tolerations];
    const node = mkNode('n1', { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }, { key: 'dedicated', effect: 'NoExecute' }] });
    expect(nodeShouldRunDaemonPod(compileEligibility(fixed), { name: 'n1', labels: node.metadata!.labels, taints: node.spec!.taints }).shouldRun).toBe(true);
  });

  it('node labels to set and remove for nodeSelector and affinity', () => {
    const { fix } = actions(
      { nodeSelector: { 'anyrobot-app': 'true' }, affinityTerms: [{ matchExpressions: [{ key: 'node-role.kubernetes.io/edge', operator: 'DoesNotExist' }] }] },
      { labels: { 'anyrobot-app': 'false', 'node-role.kubernetes.io/edge': '' } },
    );
    expect(fix).toMatchObject({ tolerations: [], labels: { 'anyrobot-app': 'true', 'node-role.kubernetes.io/edge': null } });
  });

  it('nothing to do on an eligible node', () => {
    expect(actions({}, {}).fix).toBeUndefined();
  });
});
