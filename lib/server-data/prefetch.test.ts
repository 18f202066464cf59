import { afterEach, describe, expect, it, vi } from 'vitest';
import { coverageQuery } from '@/lib/queries/options';
import { prefetch, type ServerQuery } from './prefetch';

const answer = (queryKey: readonly unknown[], value: unknown): ServerQuery => ({ queryKey, read: async () => value });
const never = (queryKey: readonly unknown[]): ServerQuery => ({ queryKey, read: () => new Promise(() => undefined) });

describe('prefetch', () => {
  it('hands over each answer under the key the client query uses', async () => {
    const key = coverageQuery('prod').queryKey;
    const state = await prefetch([answer(key, { version: 3 })]);
    expect(state.queries).toHaveLength(1);
    expect(state.queries[0]?.queryKey).toEqual(key);
    expect(state.queries[0]?.state.data).toEqual({ version: 3 });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('leaves out failed and slow reads and answers when the budget ends, not later', async () => {
    vi.useFakeTimers();
    const failing: ServerQuery = { queryKey: ['failing'], read: () => Promise.reject(new Error('503: still syncing')) };
    let state: Awaited<ReturnType<typeof prefetch>> | undefined;
    void prefetch([answer(['ok'], 1), failing, never(['hung'])], 50).then((s) => (state = s));
    await vi.advanceTimersByTimeAsync(49);
    expect(state, 'answered before the budget ended although a read still hangs').toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(state?.queries.map((q) => q.queryKey)).toEqual([['ok']]);
  });

  it('tells each read how long it may wait for a cache still syncing', async () => {
    let waited: number | undefined;
    await prefetch([{ queryKey: ['k'], read: async (waitMs) => (waited = waitMs) }], 123);
    expect(waited).toBe(123);
  });
});
