import { describe, expect, it } from 'vitest';
import { AccessCache, type ClusterRights, type Reviewer } from './access-cache';
import { ALL_RIGHTS, NO_RIGHTS, type NamespaceRights } from './rbac-rules';

/** A reviewer answering from a mutable policy, counting what it is asked. */
function fakeReviewer(policy: { cluster: ClusterRights; allowed: Set<string> }) {
  const asked = { cluster: 0, namespaces: [] as string[] };
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  const reviewer: Reviewer = {
    async cluster() {
      asked.cluster += 1;
      await gate;
      return { ...policy.cluster };
    },
    async namespaces(names) {
      asked.namespaces.push(...names);
      await gate;
      return new Map(names.map((n): [string, NamespaceRights] => [n, policy.allowed.has(n) ? ALL_RIGHTS : NO_RIGHTS]));
    },
  };
  const hold = () => {
    gate = new Promise((r) => (release = r));
  };
  return { reviewer, asked, hold, release: () => release?.() };
}

const settle = () => new Promise((r) => setImmediate(r));

function setup(maxEntries = 10) {
  let now = 1_000;
  const cache = new AccessCache({ ttlMs: 30_000, maxStaleMs: 60_000, maxEntries, now: () => now });
  const policy = { cluster: { nodes: false, clusterEvents: false }, allowed: new Set(['a']) };
  return { cache, policy, fake: fakeReviewer(policy), advance: (ms: number) => (now += ms) };
}

describe('AccessCache', () => {
  it('asks once per person within the TTL, and only about namespaces it has not seen', async () => {
    const { cache, fake } = setup();
    const first = await cache.get('alice', ['a', 'b'], fake.reviewer);
    expect(first.namespaces.get('a')).toEqual(ALL_RIGHTS);
    expect(first.namespaces.get('b')).toEqual(NO_RIGHTS);
    await cache.get('alice', ['a', 'b'], fake.reviewer);
    const later = await cache.get('alice', ['a', 'b', 'c'], fake.reviewer);
    expect(later.namespaces.get('c')).toEqual(NO_RIGHTS);
    expect(fake.asked).toEqual({ cluster: 1, namespaces: ['a', 'b', 'c'] });
  });

  it('shares one review between concurrent first reads of the same person', async () => {
    const { cache, fake } = setup();
    fake.hold();
    const reads = [cache.get('alice', ['a'], fake.reviewer), cache.get('alice', ['a'], fake.reviewer)];
    fake.release();
    await Promise.all(reads);
    expect(fake.asked).toEqual({ cluster: 1, namespaces: ['a'] });
  });

  it('serves the last answer after the TTL while refreshing in the background, then the new one', async () => {
    const { cache, fake, policy, advance } = setup();
    await cache.get('alice', ['a'], fake.reviewer);
    policy.allowed.delete('a'); // the RoleBinding is removed
    advance(31_000);
    fake.hold();
    const stale = await cache.get('alice', ['a'], fake.reviewer);
    expect(stale.namespaces.get('a')).toEqual(ALL_RIGHTS);
    fake.release();
    await settle();
    expect((await cache.get('alice', ['a'], fake.reviewer)).namespaces.get('a')).toEqual(NO_RIGHTS);
    expect(fake.asked.cluster).toBe(2);
  });

  it('never answers from an entry older than maxStale: it waits for a new review', async () => {
    const { cache, fake, policy, advance } = setup();
    await cache.get('alice', ['a'], fake.reviewer);
    policy.allowed.delete('a');
    advance(61_000);
    expect((await cache.get('alice', ['a'], fake.reviewer)).namespaces.get('a')).toEqual(NO_RIGHTS);
  });

  it('keys by person: another user is reviewed on their own', async () => {
    const { cache, fake } = setup();
    await cache.get('alice', ['a'], fake.reviewer);
    await cache.get('bob', ['a'], fake.reviewer);
    expect(fake.asked.cluster).toBe(2);
  });

  it('forgets the least recently used person beyond its bound', async () => {
    const { cache, fake } = setup(2);
    await cache.get('alice', ['a'], fake.reviewer);
    await cache.get('bob', ['a'], fake.reviewer);
    await cache.get('alice', ['a'], fake.reviewer); // alice is now the most recent
    await cache.get('carol', ['a'], fake.reviewer);
    expect(cache.size).toBe(2);
    await cache.get('alice', ['a'], fake.reviewer);
    expect(fake.asked.cluster).toBe(3);
    await cache.get('bob', ['a'], fake.reviewer);
    expect(fake.asked.cluster).toBe(4);
  });

  it('does not remember a failed review: the read fails and the next one asks again', async () => {
    const { cache, fake } = setup();
    const failing: Reviewer = { ...fake.reviewer, cluster: () => Promise.reject(new Error('forbidden to impersonate')) };
    await expect(cache.get('alice', ['a'], failing)).rejects.toThrow('forbidden to impersonate');
    await cache.get('alice', ['a'], fake.reviewer);
    expect(fake.asked.cluster).toBe(1);
  });
});
