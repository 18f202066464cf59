import { afterEach, describe, expect, it, vi } from 'vitest';
import { Backoff } from './backoff';
import type { Change, WatchEvent } from './reducer';
import { Reflector } from './reflector';
import type { KubeObject } from './slim';
import { HttpStatusError, type Transport, type WatchCallbacks } from './transport';

const obj = (name: string, rv: string): KubeObject => ({ metadata: { name, uid: name, resourceVersion: rv } });

type ListPage = { items: KubeObject[]; metadata: { resourceVersion: string; continue?: string } };

/** A scripted API server: each LIST and watch call takes the next answer from its queue. */
class FakeTransport {
  lists: (() => ListPage | Error | Promise<ListPage>)[] = [];
  watches: ((cb: WatchCallbacks) => void)[] = [];
  listCalls: Record<string, unknown>[] = [];
  watchCalls: Record<string, unknown>[] = [];
  active = 0;
  idle: (() => void) | undefined;

  async getJson<T>(_path: string, query: Record<string, unknown>): Promise<T> {
    this.listCalls.push(query);
    const next = this.lists.shift();
    if (!next) throw new Error('unexpected LIST');
    const r = await next();
    if (r instanceof Error) throw r;
    return r as T;
  }

  watch(_path: string, query: Record<string, unknown>, cb: WatchCallbacks) {
    this.watchCalls.push(query);
    this.active++;
    let closed = false;
    const wrapped: WatchCallbacks = {
      onOpen: cb.onOpen,
      onEvent: cb.onEvent,
      onClose: (err) => {
        if (closed) return;
        closed = true;
        this.active--;
        cb.onClose(err);
      },
    };
    const script = this.watches.shift();
    // With no script left the watch stays open until stopped, like a quiet cluster.
    if (script) queueMicrotask(() => script(wrapped));
    else queueMicrotask(() => {
      wrapped.onOpen?.();
      this.idle?.();
    });
    return { stop: () => wrapped.onClose() };
  }
}

function harness(fake: FakeTransport, backoff = new Backoff({ initialMs: 1, maxMs: 4, jitter: 0 })) {
  const changes: Change[] = [];
  const health: (boolean | string)[] = [];
  const restarts: string[] = [];
  const r = new Reflector(
    { kind: 'Pod', path: '/api/v1/pods' },
    fake as unknown as Transport,
    {
      onChanges: (c) => changes.push(...c),
      onHealth: (ok, err) => health.push(ok ? true : String((err as Error)?.message ?? err)),
      onRestart: (why) => restarts.push(why),
    },
    { backoff, pageSize: 2 },
  );
  return { r, changes, health, restarts };
}

const idleReached = (fake: FakeTransport) => new Promise<void>((resolve) => (fake.idle = resolve));
const ev = (type: WatchEvent['type'], o: KubeObject): WatchEvent => ({ type, object: o });

describe('Reflector', () => {
  it('lists page by page, then watches from the list resourceVersion', async () => {
    const fake = new FakeTransport();
    fake.lists.push(
      () => ({ items: [obj('a', '1'), obj('b', '2')], metadata: { resourceVersion: '10', continue: 'tok' } }),
      () => ({ items: [obj('c', '3')], metadata: { resourceVersion: '10' } }),
    );
    const { r, changes } = harness(fake);
    const idle = idleReached(fake);
    r.start();
    await idle;
    expect(fake.listCalls).toEqual([{ limit: 2, continue: undefined }, { limit: 2, continue: 'tok' }]);
    expect(fake.watchCalls[0]).toMatchObject({ resourceVersion: '10', allowWatchBookmarks: true });
    expect(changes.map((c) => c.obj.metadata?.name)).toEqual(['a', 'b', 'c']);
    expect(r.synced).toBe(true);
    r.stop();
  });

  it('relists on 410 Gone, whether as an ERROR event or as the watch answer, and reports the difference', async () => {
    const fake = new FakeTransport();
    fake.lists.push(
      () => ({ items: [obj('a', '1'), obj('b', '2')], metadata: { resourceVersion: '10' } }),
      () => ({ items: [obj('a', '1'), obj('c', '12')], metadata: { resourceVersion: '12' } }),
      () => ({ items: [obj('a', '1'), obj('c', '12')], metadata: { resourceVersion: '20' } }),
    );
    fake.watches.push(
      (cb) => {
        cb.onOpen?.();
        cb.onEvent(ev('ERROR', { code: 410, message: 'too old resource version' } as unknown as KubeObject));
      },
      (cb) => cb.onClose(new HttpStatusError(410, { code: 410 })),
    );
    const { r, changes, restarts } = harness(fake);
    const idle = idleReached(fake);
    r.start();
    await idle;
    expect(fake.listCalls).toHaveLength(3);
    expect(changes.map((c) => `${c.type}:${c.obj.metadata?.name}`)).toEqual(['upsert:a', 'upsert:b', 'upsert:c', 'remove:b']);
    expect(fake.watchCalls.at(-1)).toMatchObject({ resourceVersion: '20' });
    expect(restarts).toEqual([]); // a relist is routine, not a failure
    r.stop();
  });

  it('keeps retrying after any error, reporting unhealthy then healthy, and resumes where it was', async () => {
    const fake = new FakeTransport();
    fake.lists.push(() => new Error('connect ECONNREFUSED'), () => ({ items: [obj('a', '5')], metadata: { resourceVersion: '5' } }));
    fake.watches.push(
      (cb) => {
        cb.onOpen?.();
        cb.onEvent(ev('MODIFIED', obj('a', '6')));
        cb.onClose(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      },
      (cb) => cb.onClose(new HttpStatusError(500, { message: 'etcdserver: leader changed' })),
      (cb) => cb.onClose(new HttpStatusError(403, { message: 'forbidden' })),
    );
    const { r, health, restarts, changes } = harness(fake);
    const idle = idleReached(fake);
    r.start();
    await idle;
    expect(restarts).toEqual(['error', 'error', 'http_500', 'http_403']);
    expect(health[0]).toMatch(/ECONNREFUSED/);
    expect(health.at(-1)).toBe(true);
    // Every reconnect resumed from the last event seen, without a relist.
    expect(fake.listCalls).toHaveLength(2);
    expect(fake.watchCalls.slice(1).every((q) => q.resourceVersion === '6')).toBe(true);
    expect(changes.at(-1)?.obj.metadata?.resourceVersion).toBe('6');
    r.stop();
  });

  it('treats a watch the server closes at once as a failure in disguise and backs off', async () => {
    const fake = new FakeTransport();
    fake.lists.push(() => ({ items: [], metadata: { resourceVersion: '1' } }));
    for (let i = 0; i < 3; i++) fake.watches.push((cb) => { cb.onOpen?.(); cb.onClose(); });
    const backoff = new Backoff({ initialMs: 1, maxMs: 4, jitter: 0 });
    const sleeps: number[] = [];
    const next = backoff.next.bind(backoff);
    backoff.next = () => {
      const ms = next();
      sleeps.push(ms);
      return ms;
    };
    const { r } = harness(fake, backoff);
    const idle = idleReached(fake);
    r.start();
    await idle;
    // Three instant closes → three growing backoff sleeps before the fourth watch.
    expect(sleeps).toEqual([1, 2, 4]);
    expect(fake.watchCalls).toHaveLength(4);
    r.stop();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('stop() ends the open watch and no further request is made', async () => {
    // A fake clock: every timer the reflector still holds after stop() can be run to the end.
    vi.useFakeTimers();
    const fake = new FakeTransport();
    fake.lists.push(() => ({ items: [], metadata: { resourceVersion: '1' } }));
    const { r } = harness(fake);
    const idle = idleReached(fake);
    r.start();
    await idle;
    expect(fake.active).toBe(1);
    r.stop();
    expect(fake.active).toBe(0);
    await vi.runAllTimersAsync();
    expect(vi.getTimerCount()).toBe(0);
    expect(fake.watchCalls).toHaveLength(1);
    expect(fake.listCalls).toHaveLength(1);
  });

  it('a non-410 ERROR event is a failure: reported, counted, retried from the same resourceVersion without a relist', async () => {
    const fake = new FakeTransport();
    fake.lists.push(() => ({ items: [obj('a', '5')], metadata: { resourceVersion: '5' } }));
    fake.watches.push((cb) => {
      cb.onOpen?.();
      cb.onEvent(ev('MODIFIED', obj('a', '7')));
      cb.onEvent(ev('ERROR', { kind: 'Status', code: 500, message: 'etcdserver: request timed out' } as unknown as KubeObject));
    });
    const { r, health, restarts, changes } = harness(fake);
    const idle = idleReached(fake);
    r.start();
    await idle;
    expect(restarts).toEqual(['http_500']);
    expect(health).toEqual([true, true, expect.stringMatching(/500/), true]);
    expect(fake.listCalls).toHaveLength(1);
    expect(fake.watchCalls.map((q) => q.resourceVersion)).toEqual(['5', '7']);
    // The ERROR event itself is not an object: nothing is applied from it.
    expect(changes.map((c) => `${c.type}:${c.obj.metadata?.name}@${c.obj.metadata?.resourceVersion}`)).toEqual(['upsert:a@5', 'upsert:a@7']);
    r.stop();
  });

  it('reopens a watch that went idle quietly, but counts a reopen that times out before opening', async () => {
    const fake = new FakeTransport();
    fake.lists.push(() => ({ items: [obj('a', '5')], metadata: { resourceVersion: '5' } }));
    const timedOut = () => Object.assign(new Error('no bytes for 120 s'), { code: 'ETIMEDOUT' });
    fake.watches.push(
      (cb) => {
        cb.onOpen?.();
        cb.onClose(timedOut()); // idle: open, then silent
      },
      (cb) => cb.onClose(timedOut()), // never opened: the API server is not answering
    );
    const { r, health, restarts } = harness(fake);
    const idle = idleReached(fake);
    r.start();
    await idle;
    expect(restarts).toEqual(['error']);
    expect(health).toEqual([true, true, expect.stringMatching(/no bytes/), true]);
    expect(fake.watchCalls).toHaveLength(3);
    expect(fake.watchCalls.every((q) => q.resourceVersion === '5')).toBe(true);
    expect(fake.listCalls).toHaveLength(1);
    r.stop();
  });

  it('stop() during a paginated LIST fetches no further page, applies nothing and never watches', async () => {
    vi.useFakeTimers();
    const fake = new FakeTransport();
    let answerFirstPage: (() => void) | undefined;
    const firstPageAsked = new Promise<void>((asked) => {
      fake.lists.push(
        () =>
          new Promise<ListPage>((resolve) => {
            answerFirstPage = () => resolve({ items: [obj('a', '1'), obj('b', '2')], metadata: { resourceVersion: '10', continue: 'tok' } });
            asked();
          }),
        () => ({ items: [obj('c', '3')], metadata: { resourceVersion: '10' } }),
      );
    });
    const { r, changes } = harness(fake);
    r.start();
    await firstPageAsked;
    r.stop();
    answerFirstPage!();
    await vi.runAllTimersAsync();
    expect(fake.listCalls).toEqual([{ limit: 2, continue: undefined }]);
    expect(fake.watchCalls).toEqual([]);
    expect(changes).toEqual([]);
    expect(r.synced).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
