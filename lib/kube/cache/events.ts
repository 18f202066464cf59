import 'server-only';
import type { KTime } from '@/lib/coverage/k8s';
import { describeError } from '@/lib/errors';
import { logger } from '@/lib/log';

/** Events are fetched live for one page view: the page must not wait long for them. */
const EVENTS_TIMEOUT_MS = 3_000;
const MAX_EVENTS = 100;

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

/**
 * Recent Events for a node and its daemon pods: one LIST per object (field selectors cannot
 * match a set of names), in parallel, at most MAX_EVENTS each. A failing LIST drops only its own
 * events. The caller picks and orders what it shows (lib/api/map.ts).
 */
export async function nodeEvents(source: EventSource, node: string, pods: { namespace: string; name: string }[]): Promise<KubeEvent[]> {
  const requests: { path: string; fieldSelector: string }[] = [
    { path: '/api/v1/events', fieldSelector: `involvedObject.kind=Node,involvedObject.name=${node}` },
    ...pods.map((p) => ({
      path: `/api/v1/namespaces/${encodeURIComponent(p.namespace)}/events`,
      fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${p.name}`,
    })),
  ];
  const results = await Promise.allSettled(
    requests.map((r) => source.getJson<{ items?: KubeEvent[] }>(r.path, { fieldSelector: r.fieldSelector, limit: MAX_EVENTS }, EVENTS_TIMEOUT_MS)),
  );
  const events: KubeEvent[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') events.push(...(r.value.items ?? []));
    else logger.warn({ context: source.context, node, error: describeError(r.reason) }, 'events unavailable');
  }
  return events;
}
