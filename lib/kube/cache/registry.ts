import 'server-only';
import { CoverageEngine } from '@/lib/coverage/engine';
import { unavailable } from '@/lib/errors';
import { kubeConfigFor, serverOf } from '@/lib/kube/contexts';
import { metrics, setCacheSource } from '@/lib/kube/metrics';
import { ClusterCache } from './cluster-cache';

/**
 * One cache per kubeconfig context, created on first use and shared by every route and tab.
 * Lives on globalThis because Next bundles each route separately: a module-level Map would
 * give each route its own watches.
 */

export type CoverageCache = ClusterCache<CoverageEngine>;

const slot = globalThis as typeof globalThis & { __everynodeCaches?: Map<string, CoverageCache> };

function caches(): Map<string, CoverageCache> {
  if (!slot.__everynodeCaches) {
    const map = new Map<string, CoverageCache>();
    slot.__everynodeCaches = map;
    setCacheSource(() =>
      [...map.values()].map((cache) => ({
        context: cache.context,
        stalenessSeconds: () => cache.stalenessSeconds(),
        agentStates: () => (cache.synced ? cache.engine.agents(Date.now()).map((a) => ({ namespace: a.namespace, name: a.name, states: a.states })) : undefined),
      })),
    );
  }
  return slot.__everynodeCaches;
}

/** The same context name may point at another cluster after KUBECONFIG changes (tests). */
const keyFor = (ctx: string) => `${ctx}\u0000${serverOf(ctx)}`;

/** The running cache for `ctx`, started now if this is the first use. Throws notFound for unknown contexts. */
export function getCache(ctx: string): CoverageCache {
  const key = keyFor(ctx);
  const map = caches();
  let cache = map.get(key);
  if (!cache) {
    const restarts = metrics().watchRestarts;
    cache = new ClusterCache(ctx, kubeConfigFor(ctx), new CoverageEngine(), {
      onRestart: (kind, reason) => restarts.inc({ context: ctx, kind, reason }),
    }).start();
    map.set(key, cache);
  }
  return cache;
}

/** The cache for `ctx` if one was started, without starting it. */
export function peekCache(ctx: string): CoverageCache | undefined {
  try {
    return caches().get(keyFor(ctx));
  } catch {
    return undefined;
  }
}

/** Stops and forgets every cache (tests, shutdown). */
export function stopAllCaches(): void {
  const map = caches();
  for (const cache of map.values()) cache.stop();
  map.clear();
}

/**
 * The cache for `ctx`, waiting up to `timeoutMs` for its first full sync; a cache still syncing
 * after that is a 503 that says why (e.g. the API server is unreachable).
 */
export async function readyCache(ctx: string, timeoutMs = 20_000): Promise<CoverageCache> {
  const cache = getCache(ctx);
  if (cache.synced) return cache;
  try {
    await cache.whenReady(timeoutMs);
  } catch {
    const s = cache.status();
    throw unavailable(`the cache for context "${ctx}" is still syncing${s.error ? `: ${s.error}` : ''}`);
  }
  return cache;
}
