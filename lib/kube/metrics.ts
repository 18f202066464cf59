import 'server-only';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CellState } from '@/lib/api/dto';

/**
 * Prometheus metrics, one registry per process. Next bundles each route separately, so the
 * registry lives on globalThis; otherwise /metrics would see none of the other routes' counts.
 */

/** What the metrics need from a running cache, without importing the cache (no cycle). */
export interface CacheForMetrics {
  context: string;
  stalenessSeconds(): number;
  /** Node count per agent and state; may be skipped (undefined) while the cache syncs. */
  agentStates(): { namespace: string; name: string; states: Partial<Record<CellState, number>> }[] | undefined;
}

interface Metrics {
  registry: Registry;
  agentNodes: Gauge<'context' | 'namespace' | 'name' | 'state'>;
  staleness: Gauge<'context'>;
  watchRestarts: Counter<'context' | 'kind' | 'reason'>;
  sseClients: Gauge<'context'>;
  sseRefused: Counter<'reason'>;
  sseClosed: Counter<'reason'>;
  actionsTotal: Counter<'action' | 'result'>;
  liveFeedRead: Histogram<'view'>;
  liveDelivery: Histogram<'view'>;
  caches: () => Iterable<CacheForMetrics>;
}

const slot = globalThis as typeof globalThis & { __everynodeMetrics?: Metrics };

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'everynode_' });
  const m: Metrics = {
    registry,
    caches: () => [],
    agentNodes: new Gauge({
      name: 'everynode_agent_nodes',
      help: 'Nodes per DaemonSet and cell state (ready, missing, failing, ...), as the coverage engine sees them.',
      labelNames: ['context', 'namespace', 'name', 'state'],
      registers: [registry],
      collect() {
        this.reset();
        for (const cache of m.caches()) {
          for (const agent of cache.agentStates() ?? []) {
            for (const [state, count] of Object.entries(agent.states)) {
              this.set({ context: cache.context, namespace: agent.namespace, name: agent.name, state }, count ?? 0);
            }
          }
        }
      },
    }),
    staleness: new Gauge({
      name: 'everynode_cache_staleness_seconds',
      help: 'Seconds since the cluster cache lost a watch; 0 while every watch is healthy.',
      labelNames: ['context'],
      registers: [registry],
      collect() {
        this.reset();
        for (const cache of m.caches()) this.set({ context: cache.context }, cache.stalenessSeconds());
      },
    }),
    watchRestarts: new Counter({
      name: 'everynode_watch_restarts_total',
      help: 'Watch or list attempts that failed and were retried after a backoff.',
      labelNames: ['context', 'kind', 'reason'],
      registers: [registry],
    }),
    sseClients: new Gauge({
      name: 'everynode_sse_clients',
      help: 'Browser tabs connected to the live event stream.',
      labelNames: ['context'],
      registers: [registry],
    }),
    sseRefused: new Counter({
      name: 'everynode_sse_refused_total',
      help: 'Event streams refused: too_many_streams (per-client cap, 429), server_busy (global cap, 503).',
      labelNames: ['reason'],
      registers: [registry],
    }),
    sseClosed: new Counter({
      name: 'everynode_sse_closed_total',
      help: 'Event streams ended, by why: client (left), lifetime (max lifetime, the browser reconnects), stalled (stopped reading, dropped), stopped (cache replaced).',
      labelNames: ['reason'],
      registers: [registry],
    }),
    actionsTotal: new Counter({
      name: 'everynode_actions_total',
      help: 'Actions (restart, rollback, recreate) by result.',
      labelNames: ['action', 'result'],
      registers: [registry],
    }),
    liveFeedRead: new Histogram({
      name: 'everynode_live_feed_read_seconds',
      help: 'One live view brought to a new version: read from the cache, serialised and diffed (once per version, shared by every tab holding the view).',
      labelNames: ['view'],
      buckets: LIVE_BUCKETS,
      registers: [registry],
    }),
    liveDelivery: new Histogram({
      name: 'everynode_live_delivery_seconds',
      help: "From the cache announcing a version to a tab's stream being handed the deltas that bring it there (the server's share of event → applied).",
      labelNames: ['view'],
      buckets: LIVE_BUCKETS,
      registers: [registry],
    }),
  };
  return m;
}

/** Seconds: fine below the 500 ms a live update may take, coarse beyond it. */
const LIVE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10];

/** The kind of a live view, as a label: "coverage" or "daemonset" (never a name: bounded cardinality). */
const viewKind = (view: string) => (view.startsWith('daemonset:') ? 'daemonset' : view);

/** Live-view timings, observed by the feeds (lib/kube/cache/live-feeds.ts). */
export const liveTimings = {
  read(view: string, seconds: number): void {
    metrics().liveFeedRead.observe({ view: viewKind(view) }, seconds);
  },
  delivered(view: string, seconds: number): void {
    metrics().liveDelivery.observe({ view: viewKind(view) }, seconds);
  },
};

export function metrics(): Metrics {
  slot.__everynodeMetrics ??= create();
  return slot.__everynodeMetrics;
}

/** Action outcomes, counted by the action routes. */
export const actionsTotal = {
  inc(labels: { action: string; result: string }): void {
    metrics().actionsTotal.inc(labels);
  },
};

/** The cache registry tells metrics where to find caches (set once at registry creation). */
export function setCacheSource(source: () => Iterable<CacheForMetrics>): void {
  metrics().caches = source;
}
