/**
 * The Events the cache keeps, indexed by the object they are about (a DaemonSet, one of its pods,
 * a Node). Pure: fed the Events reflector's changes, read by the node page and the causes join.
 * Memory is bounded twice: at most PER_OBJECT Events per object (the newest), and none older
 * than MAX_AGE_MS (the API server's default --event-ttl; it deletes them too, but a missed
 * DELETED must not keep them forever).
 */
import type { KTime } from '@/lib/coverage/k8s';
import type { Change } from './reducer';
import { keyOf as storeKeyOf } from './reducer';
import type { KubeObject } from './slim';

/** The fields read of a Kubernetes Event, core/v1 or events.k8s.io/v1 shape. */
export interface KubeEvent {
  type?: string;
  reason?: string;
  message?: string;
  note?: string;
  count?: number;
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  regarding?: { kind?: string; name?: string; namespace?: string };
  lastTimestamp?: KTime;
  eventTime?: KTime;
  firstTimestamp?: KTime;
  series?: { count?: number; lastObservedTime?: KTime };
  metadata?: { name?: string; namespace?: string; creationTimestamp?: KTime; resourceVersion?: string };
}

/** Kinds whose Events the console shows: what the cache tracks. */
export const EVENT_KINDS = new Set(['DaemonSet', 'Pod', 'Node']);
export const PER_OBJECT = 10;
export const MAX_AGE_MS = 60 * 60_000;
/** An Event message longer than this is cut (webhook denials can be kilobytes). */
const MAX_MESSAGE = 2_000;

const iso = (t: KTime): string => (t instanceof Date ? t.toISOString() : (t ?? ''));

/** When the Event last happened, whichever timestamp its producer filled in. */
export function lastSeenOf(e: KubeEvent): string {
  return iso(e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp);
}

export function involvedOf(e: KubeEvent): { kind: string; name: string; namespace: string } {
  const o = e.involvedObject ?? e.regarding ?? {};
  // Nodes are cluster-scoped; some recorders still fill in a namespace ("default").
  return { kind: o.kind ?? '', name: o.name ?? '', namespace: o.kind === 'Node' ? '' : (o.namespace ?? '') };
}

export const objectKey = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

/** Only what the pages and the causes read: a fifth of an Event's size (no managedFields, source, ...). */
export function slimEvent(obj: KubeObject): KubeObject {
  const e = obj as KubeEvent & KubeObject;
  const o = involvedOf(e);
  const message = e.message ?? e.note ?? '';
  return {
    metadata: {
      name: e.metadata?.name,
      namespace: e.metadata?.namespace,
      resourceVersion: e.metadata?.resourceVersion,
      creationTimestamp: e.metadata?.creationTimestamp as string | undefined,
    },
    type: e.type,
    reason: e.reason,
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message,
    count: e.series?.count ?? e.count ?? 1,
    involvedObject: o,
    firstTimestamp: iso(e.firstTimestamp ?? e.eventTime) || undefined,
    lastTimestamp: lastSeenOf(e) || undefined,
  };
}

export class EventIndex {
  private readonly byObject = new Map<string, Map<string, KubeEvent>>();

  /**
   * Applies the reflector's changes; returns the store keys of Events dropped to keep the bound
   * (the caller deletes them from the reflector's store too, so they cost no memory there).
   */
  apply(changes: readonly Change[], now = Date.now()): string[] {
    const evicted: string[] = [];
    for (const c of changes) {
      const e = c.obj as KubeEvent & KubeObject;
      const o = involvedOf(e);
      const key = objectKey(o.kind, o.namespace, o.name);
      const id = storeKeyOf(c.obj);
      if (c.type === 'remove') {
        const m = this.byObject.get(key);
        m?.delete(id);
        if (m?.size === 0) this.byObject.delete(key);
        continue;
      }
      if (isExpired(e, now)) {
        evicted.push(id);
        continue;
      }
      let m = this.byObject.get(key);
      if (!m) this.byObject.set(key, (m = new Map()));
      m.set(id, e);
      if (m.size > PER_OBJECT) {
        // Normal chatter (SuccessfulCreate, Pulled, ...) goes before any Warning: those are the causes.
        const byAge = [...m.entries()].sort((a, b) => (lastSeenOf(a[1]) < lastSeenOf(b[1]) ? -1 : 1));
        const victim = (byAge.find(([, ev]) => ev.type !== 'Warning') ?? byAge[0]!)[0];
        m.delete(victim);
        evicted.push(victim);
      }
    }
    return evicted;
  }

  /** Drops every Event older than MAX_AGE_MS; returns their store keys. */
  sweep(now = Date.now()): string[] {
    const evicted: string[] = [];
    for (const [key, m] of this.byObject) {
      for (const [id, e] of m) {
        if (!isExpired(e, now)) continue;
        m.delete(id);
        evicted.push(id);
      }
      if (m.size === 0) this.byObject.delete(key);
    }
    return evicted;
  }

  /** The Events about one object, newest first. */
  of(kind: string, namespace: string, name: string): KubeEvent[] {
    const m = this.byObject.get(objectKey(kind, namespace, name));
    if (!m) return [];
    return [...m.values()].sort((a, b) => (lastSeenOf(a) < lastSeenOf(b) ? 1 : lastSeenOf(a) > lastSeenOf(b) ? -1 : 0));
  }

  get size(): number {
    let n = 0;
    for (const m of this.byObject.values()) n += m.size;
    return n;
  }
}

function isExpired(e: KubeEvent, now: number): boolean {
  const t = Date.parse(lastSeenOf(e));
  return Number.isFinite(t) && now - t > MAX_AGE_MS;
}
