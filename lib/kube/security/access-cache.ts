import type { NamespaceRights } from './rbac-rules';

/**
 * What one person may read, remembered per (context, user, groups) so a page view costs no
 * review calls: fresh for `ttlMs`, then served while a background refresh runs, and never older
 * than `maxStaleMs` (a revoked RoleBinding stops counting within that bound). Namespaces the
 * entry has not seen yet (a DaemonSet appeared in a new namespace) are reviewed on demand and
 * merged. Bounded: the least recently used person is forgotten first. No I/O here; the reviews
 * are the `Reviewer` the caller passes (lib/kube/security/read-access.ts).
 */

export interface ClusterRights {
  /** `list nodes`: node labels, taints, conditions and every node's name. */
  nodes: boolean;
  /** `list events` in every namespace: a Node's Events (they are not in the node's own namespace). */
  clusterEvents: boolean;
}

export interface AccessFacts {
  cluster: ClusterRights;
  namespaces: ReadonlyMap<string, NamespaceRights>;
}

export interface Reviewer {
  cluster(): Promise<ClusterRights>;
  namespaces(names: readonly string[]): Promise<Map<string, NamespaceRights>>;
}

export interface AccessCacheOptions {
  ttlMs: number;
  maxStaleMs: number;
  maxEntries: number;
  now?: () => number;
  /** A background refresh failed; the entry is kept until it is too old. */
  onRefreshError?: (key: string, err: unknown) => void;
}

interface Entry {
  facts: { cluster: ClusterRights; namespaces: Map<string, NamespaceRights> };
  fetchedAt: number;
  refreshing?: Promise<void>;
}

export class AccessCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  private readonly now: () => number;

  constructor(private readonly opts: AccessCacheOptions) {
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The person's rights over `namespaces` (and the cluster-scoped ones). Rejects when a first review fails. */
  async get(key: string, namespaces: readonly string[], reviewer: Reviewer): Promise<AccessFacts> {
    let entry = this.entries.get(key);
    const age = entry ? this.now() - entry.fetchedAt : Infinity;
    if (!entry || age >= this.opts.maxStaleMs) entry = await this.load(key, namespaces, reviewer);
    else {
      this.touch(key, entry);
      if (age >= this.opts.ttlMs) this.refreshInBackground(key, entry, namespaces, reviewer);
    }
    const unseen = namespaces.filter((ns) => !entry.facts.namespaces.has(ns));
    if (unseen.length > 0) for (const [ns, rights] of await reviewer.namespaces(unseen)) entry.facts.namespaces.set(ns, rights);
    return entry.facts;
  }

  /** Forget everyone (e.g. RBAC changed); the next read reviews again. */
  clear(): void {
    this.entries.clear();
  }

  private load(key: string, namespaces: readonly string[], reviewer: Reviewer): Promise<Entry> {
    const pending = this.loading.get(key);
    if (pending) return pending;
    const started = this.now();
    const p = fetchAll(namespaces, reviewer)
      .then((facts) => {
        const entry: Entry = { facts, fetchedAt: started };
        this.touch(key, entry);
        return entry;
      })
      .finally(() => this.loading.delete(key));
    this.loading.set(key, p);
    return p;
  }

  private refreshInBackground(key: string, entry: Entry, namespaces: readonly string[], reviewer: Reviewer): void {
    if (entry.refreshing) return;
    const started = this.now();
    const all = [...new Set([...entry.facts.namespaces.keys(), ...namespaces])];
    entry.refreshing = fetchAll(all, reviewer)
      .then((facts) => {
        // Replaced, not merged: a right taken away must disappear.
        entry.facts = facts;
        entry.fetchedAt = started;
      })
      .catch((err: unknown) => this.opts.onRefreshError?.(key, err))
      .finally(() => {
        entry.refreshing = undefined;
      });
  }

  private touch(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.opts.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}

async function fetchAll(namespaces: readonly string[], reviewer: Reviewer): Promise<Entry['facts']> {
  const [cluster, rights] = await Promise.all([reviewer.cluster(), reviewer.namespaces(namespaces)]);
  return { cluster, namespaces: rights };
}
