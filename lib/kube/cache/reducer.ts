/**
 * Pure list/watch reducer: applies a LIST or a watch event to a kind's store and returns the
 * effective changes (what the engine must hear). Events older than what the store holds are
 * ignored, so a replayed or reordered event can never roll an object back.
 * No I/O; the store is the only thing mutated.
 */
import type { KubeObject } from './slim';

export interface Store {
  items: Map<string, KubeObject>;
  /** Where a watch resumes: the LIST's resourceVersion, then each event's. */
  resourceVersion: string;
}

export type Change = { type: 'upsert'; obj: KubeObject; previous?: KubeObject } | { type: 'remove'; obj: KubeObject };

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR' | string;
  object: KubeObject;
}

export interface ReducerOptions {
  /** Objects outside the cache's interest (e.g. pods no DaemonSet controls) are dropped. */
  accept?: (obj: KubeObject) => boolean;
  /** Applied to every kept object before storing. */
  slim?: (obj: KubeObject) => KubeObject;
}

export function emptyStore(): Store {
  return { items: new Map(), resourceVersion: '' };
}

export function keyOf(obj: KubeObject): string {
  const m = obj.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name ?? ''}` : (m.name ?? '');
}

/**
 * Orders two resourceVersions. Kubernetes calls them opaque, but every etcd-backed API server
 * issues increasing integers; anything non-numeric is treated as unordered (returns undefined).
 */
export function compareResourceVersions(a: string | undefined, b: string | undefined): number | undefined {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return undefined;
  const x = BigInt(a);
  const y = BigInt(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** True if `incoming` is not newer than what the store already holds for the same key. */
function isStale(stored: KubeObject | undefined, incoming: KubeObject): boolean {
  if (!stored) return false;
  const cmp = compareResourceVersions(incoming.metadata?.resourceVersion, stored.metadata?.resourceVersion);
  return cmp !== undefined && cmp <= 0;
}

function advance(store: Store, rv: string | undefined): void {
  if (!rv) return;
  const cmp = compareResourceVersions(rv, store.resourceVersion);
  if (cmp === undefined || cmp > 0) store.resourceVersion = rv;
}

/** Applies one watch event. ERROR events are the caller's business and change nothing here. */
export function applyEvent(store: Store, event: WatchEvent, opts: ReducerOptions = {}): Change[] {
  const obj = event.object;
  if (!obj || typeof obj !== 'object') return [];
  if (event.type === 'BOOKMARK') {
    advance(store, obj.metadata?.resourceVersion);
    return [];
  }
  if (event.type !== 'ADDED' && event.type !== 'MODIFIED' && event.type !== 'DELETED') return [];
  const key = keyOf(obj);
  const stored = store.items.get(key);
  advance(store, obj.metadata?.resourceVersion);

  if (event.type === 'DELETED') {
    if (!stored) return [];
    const cmp = compareResourceVersions(obj.metadata?.resourceVersion, stored.metadata?.resourceVersion);
    // A delete older than what we hold is for an earlier incarnation of the name.
    if (cmp !== undefined && cmp < 0) return [];
    store.items.delete(key);
    return [{ type: 'remove', obj: stored }];
  }

  if (isStale(stored, obj)) return [];
  if (opts.accept && !opts.accept(obj)) {
    // An object can leave our interest (e.g. a pod orphaned from its DaemonSet).
    if (!stored) return [];
    store.items.delete(key);
    return [{ type: 'remove', obj: stored }];
  }
  const kept = opts.slim ? opts.slim(obj) : obj;
  store.items.set(key, kept);
  return [stored ? { type: 'upsert', obj: kept, previous: stored } : { type: 'upsert', obj: kept }];
}

/**
 * Replaces the store with a fresh LIST (initial sync, or relist after 410 Gone) and returns the
 * difference: new or changed objects as upserts, vanished ones as removes.
 */
export function applyList(store: Store, items: KubeObject[], listResourceVersion: string, opts: ReducerOptions = {}): Change[] {
  const changes: Change[] = [];
  const next = new Map<string, KubeObject>();
  for (const raw of items) {
    if (opts.accept && !opts.accept(raw)) continue;
    const obj = opts.slim ? opts.slim(raw) : raw;
    const key = keyOf(obj);
    next.set(key, obj);
    const stored = store.items.get(key);
    const same =
      stored !== undefined &&
      stored.metadata?.uid === obj.metadata?.uid &&
      stored.metadata?.resourceVersion !== undefined &&
      stored.metadata.resourceVersion === obj.metadata?.resourceVersion;
    if (!same) changes.push(stored ? { type: 'upsert', obj, previous: stored } : { type: 'upsert', obj });
    else next.set(key, stored);
  }
  for (const [key, stored] of store.items) {
    if (!next.has(key)) changes.push({ type: 'remove', obj: stored });
  }
  store.items = next;
  store.resourceVersion = listResourceVersion;
  return changes;
}
