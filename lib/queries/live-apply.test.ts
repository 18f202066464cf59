import { describe, expect, it } from 'vitest';
import type { DaemonSetDetailResponse } from '@/lib/api/dto';
import { diffViews, serialise, splitView, type LiveSnapshot } from '@/lib/api/live-delta';
import { LiveApplier } from './live-apply';

const VIEW = 'daemonset:agents/a';
const KEY = ['snapshot', 'ctx', 'daemonset', 'agents', 'a'];
const nodes = { names: ['n0', 'n1'], ready: 'RR', cordoned: '00', labelPairs: [], labels: [[], []] };
const detail = (version: number, states: string[]) => ({ version, nodes, cells: states.map((state, i) => ({ node: `n${i}`, state, pods: [] })) }) as unknown as DaemonSetDetailResponse;
const delta = (a: DaemonSetDetailResponse, b: DaemonSetDetailResponse) => diffViews(VIEW, a.version, b.version, serialise(splitView(VIEW, a)), serialise(splitView(VIEW, b)));

function setup(held?: LiveSnapshot) {
  const store = new Map<string, LiveSnapshot>();
  if (held) store.set(JSON.stringify(KEY), held);
  const writes: number[] = [];
  let due: (() => void) | undefined;
  let scheduled = 0;
  const applier = new LiveApplier(
    { get: (k) => store.get(JSON.stringify(k)), set: (k, s) => (store.set(JSON.stringify(k), s), writes.push(s.version)) },
    (flush) => {
      scheduled += 1;
      due = flush;
      return () => (due = undefined);
    },
  );
  return { applier, store, writes, frame: () => due?.(), scheduled: () => scheduled };
}

describe('LiveApplier', () => {
  const v1 = detail(1, ['ready', 'ready']);
  const v2 = detail(2, ['missing', 'ready']);
  const v3 = detail(3, ['missing', 'failing']);

  it('applies every delta that arrives before a frame, and writes the cache once with the newest', () => {
    const t = setup(v1);
    expect(t.applier.delta(KEY, delta(v1, v2))).toBe(true);
    expect(t.applier.delta(KEY, delta(v2, v3))).toBe(true);
    expect(t.writes).toEqual([]); // nothing reaches React before the frame
    expect(t.scheduled()).toBe(1);
    t.frame();
    expect(t.writes).toEqual([3]);
    expect(t.store.get(JSON.stringify(KEY))).toEqual(v3);
  });

  it('says when a delta does not fit what the tab holds, and forgets the pending view', () => {
    const t = setup(v1);
    expect(t.applier.delta(KEY, delta(v2, v3))).toBe(false);
    t.frame();
    expect(t.writes).toEqual([]);
  });

  it('keeps nothing current for a view the tab no longer holds', () => {
    const t = setup();
    expect(t.applier.delta(KEY, delta(v1, v2))).toBe(true);
    expect(t.scheduled()).toBe(0);
  });

  it('lets a snapshot replace what is pending, a reset drop it, and a flush write it at once', () => {
    const t = setup(v1);
    t.applier.delta(KEY, delta(v1, v2));
    t.applier.snapshot(KEY, v3);
    t.applier.flush();
    expect(t.writes).toEqual([3]);
    t.applier.delta(KEY, delta(v3, detail(4, ['ready', 'ready'])));
    t.applier.drop(KEY);
    t.frame();
    expect(t.writes).toEqual([3]);
  });
});
