import 'server-only';
import type { EventIndex, KubeEvent } from './event-index';

export type { KubeEvent } from './event-index';

/**
 * Recent Events for a node and its daemon pods, from the cache's one Events watch (see
 * ClusterCache and EventIndex): no request to the API server per page view. `withNodeEvents`
 * false leaves out the Node's own (a person who may not list events in every namespace). The
 * caller picks and orders what it shows (lib/api/map.ts).
 */
export function nodeEvents(index: EventIndex, node: string, pods: { namespace: string; name: string }[], withNodeEvents = true): KubeEvent[] {
  return [...(withNodeEvents ? index.of('Node', '', node) : []), ...pods.flatMap((p) => index.of('Pod', p.namespace, p.name))];
}
