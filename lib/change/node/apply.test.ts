import { describe, expect, it } from 'vitest';
import type { KNode } from '@/lib/coverage/k8s';
import { applyNodeChange, nodePatch } from './apply';
import { parseNodeChange, type NodeChange } from './model';

const node = (): KNode => ({
  metadata: { name: 'worker-1', resourceVersion: '42', labels: { zone: 'a', 'kubernetes.io/os': 'linux' } },
  spec: { taints: [{ key: 'dedicated', value: 'cpu', effect: 'NoSchedule', timeAdded: new Date('2026-01-01T00:00:00Z') }] },
});

function change(spec: Parameters<typeof parseNodeChange>[0]): NodeChange {
  const p = parseNodeChange(spec);
  if (!p.ok) throw new Error(p.problem);
  return p.value;
}

describe('applyNodeChange: the node as the change leaves it', () => {
  it('adds a taint, replacing the value of one with the same key and effect, and leaves the input alone', () => {
    const input = node();
    const before = JSON.stringify(input);
    const a = applyNodeChange(input, change({ taints: ['dedicated=gpu:NoSchedule', 'drain:NoExecute'] }));
    expect(a.node.spec?.taints).toEqual([
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      { key: 'drain', effect: 'NoExecute' },
    ]);
    expect(a.effects.map((e) => [e.changed, e.note])).toEqual([
      [true, 'replaces dedicated=cpu:NoSchedule'],
      [true, undefined],
    ]);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('removes taints by key (every effect) or by key and effect; a missing one changes nothing', () => {
    const n = node();
    n.spec!.taints!.push({ key: 'dedicated', effect: 'NoExecute' });
    expect(applyNodeChange(n, change({ taints: ['dedicated-'] })).node.spec?.taints).toEqual([]);
    expect(applyNodeChange(n, change({ taints: ['dedicated:NoExecute-'] })).node.spec?.taints).toHaveLength(1);
    const none = applyNodeChange(n, change({ taints: ['absent-'] }));
    expect([none.changed, none.effects[0]!.note]).toEqual([false, 'no taint absent to remove']);
    expect(nodePatch(none, '42')).toBeUndefined();
  });

  it('sets, changes and removes labels', () => {
    const a = applyNodeChange(node(), change({ labels: ['zone=b', 'gpu=', 'kubernetes.io/os-'] }));
    expect(a.node.metadata?.labels).toEqual({ zone: 'b', gpu: '' });
    expect(a.effects.map((e) => e.note)).toEqual(['was "a"', undefined, 'was "linux"']);
    expect(applyNodeChange(node(), change({ labels: ['zone=a'] })).changed).toBe(false);
  });

  it('a cordon brings the unschedulable taint the node lifecycle controller adds; uncordon takes it away', () => {
    const cordoned = applyNodeChange(node(), change({ unschedulable: true }));
    expect(cordoned.node.spec?.unschedulable).toBe(true);
    expect(cordoned.node.spec?.taints?.map((t) => t.key)).toEqual(['dedicated', 'node.kubernetes.io/unschedulable']);
    // ...but the patch never writes that taint: the controller does
    expect(nodePatch(cordoned, '42')).toEqual({ metadata: { resourceVersion: '42' }, spec: { unschedulable: true } });
    const back = applyNodeChange(cordoned.node, change({ unschedulable: false }));
    expect(back.node.spec?.taints?.map((t) => t.key)).toEqual(['dedicated']);
    expect(nodePatch(back, '43')).toEqual({ metadata: { resourceVersion: '43' }, spec: { unschedulable: null } });
  });
});

describe('nodePatch: the merge patch kubectl would send', () => {
  it('sends the whole taint list (timestamps as text), labels key by key, and the previewed resourceVersion', () => {
    const a = applyNodeChange(node(), change({ taints: ['drain:NoExecute'], labels: ['zone-', 'pool=gpu'] }));
    expect(nodePatch(a, '42')).toEqual({
      metadata: { resourceVersion: '42', labels: { zone: null, pool: 'gpu' } },
      spec: {
        taints: [
          { key: 'dedicated', value: 'cpu', effect: 'NoSchedule', timeAdded: '2026-01-01T00:00:00.000Z' },
          { key: 'drain', effect: 'NoExecute' },
        ],
      },
    });
  });
});
