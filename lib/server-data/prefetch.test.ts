import { describe, expect, it } from 'vitest';
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

  it('leaves out failed and slow reads and does not wait past the budget for them', async () => {
    const failing: ServerQuery = { queryKey: ['failing'], read: () => Promise.reject(new Error('503: still syncing')) };
    const t0 = Date.now();
    const state = await prefetch([answer(['ok'], 1), failing, never(['hung'])], 50);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(state.queries.map((q) => q.queryKey)).toEqual([['ok']]);
  });

  it('tells each read how long it may wait for a cache still syncing', async () => {
    let waited: number | undefined;
    await prefetch([{ queryKey: ['k'], read: async (waitMs) => (waited = waitMs) }], 123);
    expect(waited).toBe(123);
  });
});
