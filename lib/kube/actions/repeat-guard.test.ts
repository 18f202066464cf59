import { describe, expect, it } from 'vitest';
import type { ActionOutcome } from './outcome';
import { guardedAction, REPEAT_WINDOW_MS } from './repeat-guard';

let n = 0;
const freshKey = () => `test-key-${(n += 1)}`;

/** A perform() that counts its calls and finishes only when released. */
function controlled(outcome: ActionOutcome | Error) {
  let calls = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return {
    perform: async () => {
      calls += 1;
      await gate;
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    release: () => release(),
    calls: () => calls,
  };
}

const changed: ActionOutcome = { changed: true, message: 'daemonset.apps/agent rolled back', state: '7' };

describe('guardedAction', () => {
  it('runs concurrent identical requests once; the others share the outcome as changed:false', async () => {
    const key = freshKey();
    const action = controlled(changed);
    const stateNow = async () => '7';
    const all = Array.from({ length: 5 }, () => guardedAction(key, { perform: action.perform, stateNow }));
    action.release();
    const results = await Promise.all(all);
    expect(action.calls()).toBe(1);
    expect(results.filter((r) => r.outcome.changed)).toHaveLength(1);
    expect(results[0]).toEqual({ outcome: changed });
    for (const r of results.slice(1)) {
      expect(r.repeat).toBe('in-flight');
      expect(r.outcome).toMatchObject({ changed: false, message: 'daemonset.apps/agent rolled back (the same request was already in progress; done once)' });
    }
  });

  it('hands a running request’s failure to the requests that waited for it, and forgets it', async () => {
    const key = freshKey();
    const failing = controlled(new Error('conflict'));
    const first = guardedAction(key, { perform: failing.perform, stateNow: async () => '1' });
    const second = guardedAction(key, { perform: failing.perform, stateNow: async () => '1' });
    failing.release();
    await expect(first).rejects.toThrow('conflict');
    await expect(second).rejects.toThrow('conflict');
    expect(failing.calls()).toBe(1);
    const retry = controlled(changed);
    retry.release();
    await expect(guardedAction(key, { perform: retry.perform, stateNow: async () => '1' })).resolves.toEqual({ outcome: changed });
  });

  it('answers "already done" after a change only while the object is as the action left it', async () => {
    const key = freshKey();
    const first = controlled(changed);
    first.release();
    await guardedAction(key, { perform: first.perform, stateNow: async () => '7' });

    const again = controlled(changed);
    again.release();
    const repeat = await guardedAction(key, { perform: again.perform, stateNow: async () => '7' });
    expect(again.calls()).toBe(0);
    expect(repeat).toEqual({ repeat: 'recent', outcome: { ...changed, changed: false, message: 'daemonset.apps/agent rolled back (a moment ago; repeated request ignored)' } });

    // Someone else changed the DaemonSet (generation 8): the same request acts again.
    const afterEdit = await guardedAction(key, { perform: again.perform, stateNow: async () => '8' });
    expect(again.calls()).toBe(1);
    expect(afterEdit).toEqual({ outcome: changed });
  });

  it('acts again once the window has passed, and when the state cannot be read', async () => {
    const key = freshKey();
    let clock = 1_000_000;
    const now = () => clock;
    const action = controlled(changed);
    action.release();
    await guardedAction(key, { perform: action.perform, stateNow: async () => '7', now });
    clock += REPEAT_WINDOW_MS + 1;
    await guardedAction(key, { perform: action.perform, stateNow: async () => '7', now });
    expect(action.calls()).toBe(2);

    await guardedAction(key, {
      perform: action.perform,
      stateNow: async () => {
        throw new Error('forbidden');
      },
      now,
    });
    expect(action.calls()).toBe(3);
  });

  it('remembers nothing for an action that changed nothing', async () => {
    const key = freshKey();
    const noop = controlled({ changed: false, message: 'skipped rollback', state: '7' });
    noop.release();
    await guardedAction(key, { perform: noop.perform, stateNow: async () => '7' });
    await guardedAction(key, { perform: noop.perform, stateNow: async () => '7' });
    expect(noop.calls()).toBe(2);
  });

  it('keeps different requests apart', async () => {
    const a = controlled(changed);
    const b = controlled(changed);
    const ra = guardedAction(freshKey(), { perform: a.perform, stateNow: async () => '7' });
    const rb = guardedAction(freshKey(), { perform: b.perform, stateNow: async () => '7' });
    a.release();
    b.release();
    expect((await Promise.all([ra, rb])).map((r) => r.outcome.changed)).toEqual([true, true]);
  });
});
