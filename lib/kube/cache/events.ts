import 'server-only';
import type { EventDTO } from '@/lib/api/dto';
import { eventDTO } from '@/lib/api/map';
import { describeError } from '@/lib/errors';
import { logger } from '@/lib/log';

/** Events are fetched live for one page view: the page must not wait long for them. */
const EVENTS_TIMEOUT_MS = 3_000;
const MAX_EVENTS = 100;

interface EventSource {
  context: string;
  getJson<T>(path: string, query: Record<string, string | number | boolean | undefined>, timeoutMs: number): Promise<T>;
}

type RawEvent = Parameters<typeof eventDTO>[0];

/**
 * Recent Events for a node and its daemon pods: one LIST per object (field selectors cannot
 * match a set of names), in parallel. A failing LIST drops only its own events. `withNodeEvents`
 * false leaves out the Node's own (a person who may not list events in every namespace).
 */
export async function nodeEvents(source: EventSource, node: string, pods: { namespace: string; name: string }[], withNodeEvents = true): Promise<EventDTO[]> {
  const requests: { path: string; fieldSelector: string }[] = [
    ...(withNodeEvents ? [{ path: '/api/v1/events', fieldSelector: `involvedObject.kind=Node,involvedObject.name=${node}` }] : []),
    ...pods.map((p) => ({
      path: `/api/v1/namespaces/${encodeURIComponent(p.namespace)}/events`,
      fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${p.name}`,
    })),
  ];
  const results = await Promise.allSettled(
    requests.map((r) => source.getJson<{ items?: RawEvent[] }>(r.path, { fieldSelector: r.fieldSelector, limit: MAX_EVENTS }, EVENTS_TIMEOUT_MS)),
  );
  const events: EventDTO[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') events.push(...(r.value.items ?? []).map(eventDTO));
    else logger.warn({ context: source.context, node, error: describeError(r.reason) }, 'events unavailable');
  }
  return events.sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0)).slice(0, MAX_EVENTS);
}
