import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyEvent, applyList, compareResourceVersions, emptyStore, keyOf } from './reducer';
import { isDaemonPod, slim, type KubeObject } from './slim';

const pod = (name: string, rv: string, extra: Partial<KubeObject> = {}): KubeObject => ({
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'ns',
    uid: `uid-${name}`,
    resourceVersion: rv,
    ownerReferences: [{ kind: 'DaemonSet', name: 'ds', controller: true }],
  },
  ...extra,
});

describe('compareResourceVersions', () => {
  it('orders numeric versions numerically, not as text', () => {
    expect(compareResourceVersions('9', '10')).toBe(-1);
    expect(compareResourceVersions('100', '99')).toBe(1);
    expect(compareResourceVersions('42', '42')).toBe(0);
  });
  it('treats non-numeric versions as unordered', () => {
    expect(compareResourceVersions('abc', '10')).toBeUndefined();
    expect(compareResourceVersions(undefined, '10')).toBeUndefined();
  });
});

describe('applyEvent', () => {
  it('adds, modifies and deletes, reporting each change', () => {
    const store = emptyStore();
    expect(applyEvent(store, { type: 'ADDED', object: pod('a', '5') })).toEqual([{ type: 'upsert', obj: pod('a', '5') }]);
    const [mod] = applyEvent(store, { type: 'MODIFIED', object: pod('a', '6') });
    expect(mod).toMatchObject({ type: 'upsert', obj: { metadata: { resourceVersion: '6' } }, previous: { metadata: { resourceVersion: '5' } } });
    expect(applyEvent(store, { type: 'DELETED', object: pod('a', '7') })).toEqual([{ type: 'remove', obj: pod('a', '6') }]);
    expect(store.items.size).toBe(0);
    expect(store.resourceVersion).toBe('7');
  });

  it('ignores an event older than the stored object', () => {
    const store = emptyStore();
    applyEvent(store, { type: 'MODIFIED', object: pod('a', '10') });
    expect(applyEvent(store, { type: 'MODIFIED', object: pod('a', '9') })).toEqual([]);
    expect(applyEvent(store, { type: 'MODIFIED', object: pod('a', '10') })).toEqual([]);
    expect(store.items.get('ns/a')?.metadata?.resourceVersion).toBe('10');
  });

  it('ignores a delete of an earlier incarnation of the same name', () => {
    const store = emptyStore();
    applyEvent(store, { type: 'ADDED', object: pod('a', '20') });
    expect(applyEvent(store, { type: 'DELETED', object: pod('a', '15') })).toEqual([]);
    expect(store.items.has('ns/a')).toBe(true);
  });

  it('drops objects outside the filter, and removes a stored one that leaves it', () => {
    const store = emptyStore();
    const orphan = pod('b', '3', {});
    orphan.metadata!.ownerReferences = [];
    expect(applyEvent(store, { type: 'ADDED', object: orphan }, { accept: isDaemonPod })).toEqual([]);
    applyEvent(store, { type: 'ADDED', object: pod('a', '4') }, { accept: isDaemonPod });
    const orphaned = pod('a', '5');
    orphaned.metadata!.ownerReferences = [];
    expect(applyEvent(store, { type: 'MODIFIED', object: orphaned }, { accept: isDaemonPod })).toMatchObject([{ type: 'remove' }]);
    expect(store.items.size).toBe(0);
  });

  it('bookmarks only move the resume point forward', () => {
    const store = emptyStore();
    applyEvent(store, { type: 'BOOKMARK', object: { metadata: { resourceVersion: '50' } } });
    applyEvent(store, { type: 'BOOKMARK', object: { metadata: { resourceVersion: '40' } } });
    expect(store.resourceVersion).toBe('50');
    expect(store.items.size).toBe(0);
  });

  it('slims what it stores', () => {
    const store = emptyStore();
    const fat = pod('a', '1', { spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'i', env: [{ name: 'SECRET', value: 'x' }] }] } });
    fat.metadata!.managedFields = [{ manager: 'kubelet' }];
    fat.metadata!.annotations = { 'kubernetes.io/change-cause': 'why', noisy: 'x' };
    applyEvent(store, { type: 'ADDED', object: fat }, { slim: slim.Pod });
    const stored = store.items.get('ns/a')!;
    expect(stored.metadata).not.toHaveProperty('managedFields');
    expect(stored.metadata?.annotations).toEqual({ 'kubernetes.io/change-cause': 'why' });
    expect(stored.spec).toEqual({ nodeName: 'n1', containers: [{ name: 'c', image: 'i' }] });
  });
});

describe('applyList', () => {
  it('reports only the difference against what the store held', () => {
    const store = emptyStore();
    applyList(store, [pod('a', '1'), pod('b', '2'), pod('c', '3')], '3');
    const changes = applyList(store, [pod('a', '1'), pod('b', '9'), pod('d', '10')], '10');
    expect(changes.map((c) => `${c.type}:${keyOf(c.obj)}`).sort()).toEqual(['remove:ns/c', 'upsert:ns/b', 'upsert:ns/d']);
    expect([...store.items.keys()].sort()).toEqual(['ns/a', 'ns/b', 'ns/d']);
    expect(store.resourceVersion).toBe('10');
  });

  /**
   * Property: however events are duplicated or reordered, replaying a history through the
   * reducer ends with exactly the newest version of every live object, as a LIST would show.
   */
  it('ends equal to the newest state under duplicated, reordered delivery', () => {
    const op = fc.record({ name: fc.constantFrom('a', 'b', 'c'), del: fc.boolean() });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), fc.array(fc.nat(), { maxLength: 30 }), (ops, swaps) => {
        const history = ops.map((o, i) => ({ type: o.del ? 'DELETED' : 'MODIFIED', object: pod(o.name, String(i + 1)) }));
        // Truth: the last event per name decides.
        const truth = new Map<string, string>();
        for (const e of history) {
          if (e.type === 'DELETED') truth.delete(e.object.metadata!.name!);
          else truth.set(e.object.metadata!.name!, e.object.metadata!.resourceVersion!);
        }
        // Delivery: in order, then a stale replay of random earlier non-delete events.
        const store = emptyStore();
        for (const e of history) applyEvent(store, e);
        for (const s of swaps) {
          const e = history[s % history.length]!;
          if (e.type !== 'DELETED' && truth.has(e.object.metadata!.name!)) applyEvent(store, e);
        }
        const got = new Map([...store.items.values()].map((o) => [o.metadata!.name!, o.metadata!.resourceVersion!]));
        expect(got).toEqual(truth);
      }),
    );
  });
});
