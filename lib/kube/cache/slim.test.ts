import { describe, expect, it } from 'vitest';
import { isDaemonPod, isHeartbeatOnly, slim, type KubeObject } from './slim';

const node = (rv: string, heartbeat: string, ready = 'True'): KubeObject => ({
  metadata: { name: 'n1', resourceVersion: rv, labels: { a: 'b' } },
  spec: {},
  status: { conditions: [{ type: 'Ready', status: ready, lastHeartbeatTime: heartbeat, lastTransitionTime: '2026-01-01T00:00:00Z' }] },
});

describe('isHeartbeatOnly', () => {
  it('is true when only heartbeat times and the resourceVersion moved', () => {
    expect(isHeartbeatOnly(node('1', '2026-01-01T00:00:00Z'), node('2', '2026-01-01T00:05:00Z'))).toBe(true);
  });
  it('is false when a condition, label or taint changed', () => {
    expect(isHeartbeatOnly(node('1', 't1'), node('2', 't2', 'False'))).toBe(false);
    const relabelled = node('2', 't1');
    relabelled.metadata!.labels = { a: 'c' };
    expect(isHeartbeatOnly(node('1', 't1'), relabelled)).toBe(false);
    const tainted = node('2', 't1');
    tainted.spec = { taints: [{ key: 'k', effect: 'NoSchedule' }] };
    expect(isHeartbeatOnly(node('1', 't1'), tainted)).toBe(false);
  });
});

describe('slim', () => {
  it('keeps what nodes are judged by and drops image lists and noise', () => {
    const fat: KubeObject = {
      metadata: { name: 'n', labels: { x: 'y' }, annotations: { 'node.alpha.kubernetes.io/ttl': '0' }, managedFields: [{}] },
      spec: { taints: [{ key: 'k', effect: 'NoExecute' }], unschedulable: true, podCIDR: '10.0.0.0/24' },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        capacity: { pods: '110' },
        allocatable: { pods: '110' },
        images: [{ names: ['a'], sizeBytes: 1 }],
        nodeInfo: { kubeletVersion: 'v1.36.3', machineID: 'm', bootID: 'b' },
        volumesInUse: ['v'],
      },
    };
    expect(slim.Node(fat)).toEqual({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n', labels: { x: 'y' } },
      spec: { taints: [{ key: 'k', effect: 'NoExecute' }], unschedulable: true, podCIDR: '10.0.0.0/24' },
      status: { conditions: [{ type: 'Ready', status: 'True' }], capacity: { pods: '110' }, allocatable: { pods: '110' }, nodeInfo: { kubeletVersion: 'v1.36.3' } },
    });
  });

  it('recognises daemon pods by their controller reference only', () => {
    const owned = (kind: string, controller: boolean): KubeObject => ({ metadata: { ownerReferences: [{ kind, controller }] } });
    expect(isDaemonPod(owned('DaemonSet', true))).toBe(true);
    expect(isDaemonPod(owned('DaemonSet', false))).toBe(false);
    expect(isDaemonPod(owned('ReplicaSet', true))).toBe(false);
    expect(isDaemonPod({ metadata: {} })).toBe(false);
  });
});
