import 'server-only';
import type { KTime } from '@/lib/coverage/k8s';
import { describeError } from '@/lib/errors';
import { logger } from '@/lib/log';

/** Events are fetched live for one page view: the page must not wait long for them. */
const EVENTS_TIMEOUT_MS = 3_000;
const MAX_EVENTS = 100;
/** One LIST answers every viewer of the same object for this long (and while in flight). */
export const EVENT_LIST_TTL_MS = 5_000;
/** Event LISTs in flight per cluster; more wait in line. */
const MAX_IN_FLIGHT = 8;
/** Past this many waiting, a LIST is not made at all (its events are left out of the page). */
const MAX_WAITING = 200;
/** Remembered LIST answers per cluster (the oldest are forgotten first). */
const MAX_ENTRIES = 2_000;

interface EventSource {
  context: string;
  getJson<T>(path: string, query: Record<string, string | number | boolean | undefined>, timeoutMs: number): Promise<T>;
}

/** The fields read of a Kubernetes Event, core/v1 or events.k8s.io/v1 shape. */
export interface KubeEvent {
  type?: string;
  reason?: string;
  message?: string;
  note?: string;
  count?: number;
  involvedObject?: { kind?: string; name?: string };
  regarding?: { kind?: string; name?: string };
  lastTimestamp?: KTime;
  eventTime?: KTime;
  firstTimestamp?: KTime;
  series?: { count?: number; lastObservedTime?: KTime };
  metadata?: { creationTimestamp?: KTime };
}

interface Entry {
  expires: number;
  items: Promise<KubeEvent[]>;
}

/**
 * Per cluster: answers by (path, selector), and a bound on concurrent LISTs. 100 viewers of one
 * node cost one set of LISTs per TTL instead of 100; a crowd viewing different nodes waits in
 * line behind MAX_IN_FLIGHT LISTs instead of multiplying API-server load.
 */
class EventLists {
  private readonly entries = new Map<string, Entry>();
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly source: EventSource) {}

  list(path: string, fieldSelector: string, now = Date.now()): Promise<KubeEvent[]> {
    const key = `${path}?${fieldSelector}`;
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.items;
    const items = this.throttled(() =>
      this.source.getJson<{ items?: KubeEvent[] }>(path, { fieldSelector, limit: MAX_EVENTS }, EVENTS_TIMEOUT_MS).then((r) => r.items ?? []),
    );
    this.entries.delete(key);
    this.entries.set(key, { expires: now + EVENT_LIST_TTL_MS, items });
    // A failure is not remembered: the next viewer tries again.
    items.catch(() => {
      if (this.entries.get(key)?.items === items) this.entries.delete(key);
    });
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return items;
  }

  private async throttled<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inFlight >= MAX_IN_FLIGHT) {
      if (this.waiting.length >= MAX_WAITING) throw new Error('too many Event lookups waiting; try again shortly');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.inFlight += 1;
    try {
      return await fn();
    } finally {
      this.inFlight -= 1;
      this.waiting.shift()?.();
    }
  }
}

const lists = new WeakMap<EventSource, EventLists>();

function listsFor(source: EventSource): EventLists {
  let l = lists.get(source);
  if (!l) lists.set(source, (l = new EventLists(source)));
  return l;
}

/** The Event LISTs a node page needs: one per object (field selectors cannot match a set of names). */
function eventQueries(node: string, pods: { namespace: string; name: string }[], withNodeEvents: boolean): { path: string; fieldSelector: string }[] {
  return [
    ...(withNodeEvents ? [{ path: '/api/v1/events', fieldSelector: `involvedObject.kind=Node,involvedObject.name=${node}` }] : []),
    ...pods.map((p) => ({
      path: `/api/v1/namespaces/${encodeURIComponent(p.namespace)}/events`,
      fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${p.name}`,
    })),
  ];
}

/**
 * Recent Events for a node and its daemon pods, in parallel and cached for a few seconds (see
 * EventLists). A failing LIST drops only its own events. `withNodeEvents` false leaves out the
 * Node's own (a person who may not list events in every namespace). The caller picks and orders
 * what it shows (lib/api/map.ts).
 */
export async function nodeEvents(
  source: EventSource,
  node: string,
  pods: { namespace: string; name: string }[],
  withNodeEvents = true,
): Promise<KubeEvent[]> {
  const cached = listsFor(source);
  const results = await Promise.allSettled(eventQueries(node, pods, withNodeEvents).map((q) => cached.list(q.path, q.fieldSelector)));
  const raw: KubeEvent[] = [];
  const failures: string[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') raw.push(...r.value);
    else failures.push(describeError(r.reason));
  }
  if (failures.length > 0) logger.warn({ context: source.context, node, failed: failures.length, error: failures[0] }, 'events unavailable');
  return raw;
}
