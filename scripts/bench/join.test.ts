import { describe, expect, it } from 'vitest';
import { nodesLackingAgent } from './join';

const ds = { metadata: { name: 'logstash-input', namespace: 'anyrobot', uid: 'ds-1' }, spec: { template: { spec: { nodeSelector: { 'anyrobot-app': 'true' } } } } };
const node = (name: string, labels: Record<string, string>, taints: { key: string; value?: string; effect: string }[] = []) => ({ metadata: { name, labels }, spec: { taints } });
const pod = (nodeName: string, uid: string) => ({ metadata: { name: `p-${nodeName}`, ownerReferences: [{ kind: 'DaemonSet', name: 'x', uid }] }, spec: { nodeName } });

describe('nodesLackingAgent (the hand-written kubectl join)', () => {
  it('lists selected nodes without a pod owned by the DaemonSet, with their taints as the why', () => {
    const nodes = [
      node('w1', { 'anyrobot-app': 'true' }),
      node('w2', { 'anyrobot-app': 'true' }, [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]),
      node('w3', { 'anyrobot-app': 'true' }),
      node('w4', {}),
    ];
    const pods = [pod('w1', 'ds-1'), pod('w3', 'other-ds')];
    expect(nodesLackingAgent(nodes, pods, ds)).toEqual([
      { node: 'w2', why: 'taints nvidia.com/gpu=present:NoSchedule' },
      { node: 'w3', why: 'no pod (unknown)' },
    ]);
  });
});
