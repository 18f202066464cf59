import { describe, expect, it } from 'vitest';
import { eventFor } from './audit';

describe('the audit Event of a node change', () => {
  it('is about the Node (cluster-scoped, in "default" as kubelet Events are) and names the person and the change', () => {
    const ev = eventFor(
      { ctx: 'c', action: 'change-node', actor: 'alice', target: { kind: 'Node', namespace: '', name: 'worker-1', uid: 'u1' }, result: 'changed', message: 'node/worker-1 tainted', detail: { change: 'taint a=b:NoExecute' } },
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(ev.metadata).toMatchObject({ namespace: 'default', generateName: 'worker-1.everynode-' });
    expect(ev.involvedObject).toEqual({ apiVersion: 'v1', kind: 'Node', name: 'worker-1', uid: 'u1' });
    expect(ev.reason).toBe('EverynodeNodeChange');
    expect(ev.message).toBe('alice changed node worker-1 (taint a=b:NoExecute) via Everynode');
  });
});
