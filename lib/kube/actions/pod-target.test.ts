import { describe, expect, it } from 'vitest';
import { recreateTargets, targetNodeOf } from './pod-target';

const pod = (name: string, opts: { owner?: string; node?: string; pinned?: string; deleting?: boolean }) => ({
  metadata: {
    name,
    uid: `uid-${name}`,
    ownerReferences: [{ uid: opts.owner ?? 'ds-1', controller: true }],
    ...(opts.deleting ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}),
  },
  spec: {
    ...(opts.node ? { nodeName: opts.node } : {}),
    ...(opts.pinned
      ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [opts.pinned] }] }] } } } }
      : {}),
  },
});

describe('targetNodeOf', () => {
  it('uses spec.nodeName, else the controller-added matchFields affinity', () => {
    expect(targetNodeOf(pod('a', { node: 'n1', pinned: 'n2' }))).toBe('n1');
    expect(targetNodeOf(pod('a', { pinned: 'n2' }))).toBe('n2');
    expect(targetNodeOf(pod('a', {}))).toBeUndefined();
  });
});

describe('recreateTargets', () => {
  it("keeps this DaemonSet's pods for the node and separates terminating ones", () => {
    const pods = [
      pod('mine', { node: 'n1' }),
      pod('pending-mine', { pinned: 'n1' }),
      pod('old-mine', { node: 'n1', deleting: true }),
      pod('other-node', { node: 'n2' }),
      pod('other-ds', { node: 'n1', owner: 'ds-2' }),
    ];
    const { live, terminating } = recreateTargets(pods, 'ds-1', 'n1');
    expect(live.map((p) => p.metadata.name)).toEqual(['mine', 'pending-mine']);
    expect(terminating.map((p) => p.metadata.name)).toEqual(['old-mine']);
  });
});
