import 'server-only';
import { CoverageEngine } from '@/lib/coverage/engine';
import { unavailable } from '@/lib/errors';
import { logger } from '@/lib/log';
import { connectionFingerprint, kubeConfigFor } from '@/lib/kube/contexts';
import { metrics, setCacheSource } from '@/lib/kube/metrics';
import { ClusterCache } from './cluster-cache';

/**
 * One cache per kubeconfig context, created on first use and shared by every route and tab.
 * Lives on globalThis because Next bundles each route separately: a module-level Map would
 * give each route its own watches.
 */

export type CoverageCache = ClusterCache<CoverageEngine>;

const slot = globalThis as typeof globalThis & {
  __everynodeCaches?: Map<string, CoverageCache>;
  __everynodeLastVersions?: Map<string, number>;
  __everynodeCacheHooks?: ((cache: CoverageCache) => void)[];
};

/**
 * Runs `hook` for every cache started from now on (the staged-rollout driver attaches itself
 * this way from instrumentation.ts, so route bundles and tests that import the registry do not).
 */
export function onCacheStarted(hook: (cache: CoverageCache) => void): void {
  (slot.__everynodeCacheHooks ??= []).push(hook);
}

/**
 * Where a new cache's version count starts: a microsecond-scale epoch of the wall clock, so a
 * restarted process starts above every version its predecessor reached (unless that one made
 * more than 1,000 changes per millisecond of its life), and above its own retired cache for the
 * context. A tab's Last-Event-ID then never matches a new count by coincidence. 2026's epoch is
 * ~1.8e15, inside Number's safe integers until the year 2255.
 */
export function firstVersion(nowMs: number, retired: number | undefined): number {
  return Math.max(Math.floor(nowMs) * 1000, (retired ?? -1) + 1);
}

/** The last version of each context's retired cache: its successor counts on from there. */
function lastVersions(): Map<string, number> {
  return (slot.__everynodeLastVersions ??= new Map());
}

function caches(): Map<string, CoverageCache> {
  if (!slot.__everynodeCaches) {
    const map = new Map<string, CoverageCache>();
    slot.__everynodeCaches = map;
    setInterval(() => sweep(map), SWEEP_MS).unref();
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

/**
 * The same context name may point at another cluster, or need other credentials, after the
 * kubeconfig changes (a recreated cluster, rotated certificates, tests switching KUBECONFIG).
 */
const keyFor = (ctx: string) => `${ctx}\u0000${connectionFingerprint(ctx)}`;

/** How often running caches are checked against the kubeconfig (no request needs to arrive). */
const SWEEP_MS = 5000;

/** Stops a cache built for credentials that no longer apply; its SSE clients reconnect to the new one. */
function retire(map: Map<string, CoverageCache>, key: string, cache: CoverageCache, why: string): void {
  map.delete(key);
  lastVersions().set(cache.context, cache.version);
  cache.stop();
  logger.info({ context: cache.context, why }, 'cache replaced');
}

function currentKey(ctx: string): string | undefined {
  try {
    return keyFor(ctx);
  } catch {
    return undefined; // the context is gone from the kubeconfig
  }
}

function sweep(map: Map<string, CoverageCache>): void {
  for (const [key, cache] of map) {
    const now = currentKey(cache.context);
    if (now !== key) retire(map, key, cache, now === undefined ? 'context removed from the kubeconfig' : 'kubeconfig changed');
  }
}

/** The running cache for `ctx`, started now if this is the first use. Throws notFound for unknown contexts. */
export function getCache(ctx: string): CoverageCache {
  const key = keyFor(ctx);
  const map = caches();
  let cache = map.get(key);
  if (!cache) {
    sweep(map);
    const restarts = metrics().watchRestarts;
    cache = new ClusterCache(ctx, kubeConfigFor(ctx), new CoverageEngine(), {
      onRestart: (kind, reason) => restarts.inc({ context: ctx, kind, reason }),
      firstVersion: firstVersion(Date.now(), lastVersions().get(ctx)),
    }).start();
    map.set(key, cache);
    for (const hook of slot.__everynodeCacheHooks ?? []) hook(cache);
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
