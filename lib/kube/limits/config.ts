/**
 * Limits that keep one client (or a crowd of anonymous ones) from taking the console down.
 * Read from the environment on every use (cheap), so tests and operators can change them
 * without touching code; a value that does not parse falls back to the default.
 */

export interface Limits {
  /** Open event streams in the whole process; past it new streams get 503. */
  sseMaxStreams: number;
  /** Open event streams per client address; past it new streams get 429. */
  sseMaxStreamsPerClient: number;
  /** A stream ends after this long (minus up to `sseLifetimeJitter` of it) and the browser reconnects. */
  sseMaxLifetimeMs: number;
  sseLifetimeJitter: number;
  /** A stream whose client has taken nothing for this long while data waits is dropped. */
  sseStallMs: number;
  /** Expensive reads (node page: Events and causes joined; agent page: revision diffs) per client and minute. */
  expensiveReadsPerMinute: number;
  /** Proxies in front of the console whose X-Forwarded-For entries are trusted (0: the socket peer is the client). */
  trustedProxies: number;
}

function int(name: string, fallback: number, min: number): number {
  const raw = process.env[name]?.trim();
  if (!raw || !/^\d+$/.test(raw)) return fallback;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= min ? n : fallback;
}

export function limits(): Limits {
  return {
    sseMaxStreams: int('EVERYNODE_SSE_MAX_STREAMS', 1_000, 1),
    sseMaxStreamsPerClient: int('EVERYNODE_SSE_MAX_STREAMS_PER_CLIENT', 20, 1),
    sseMaxLifetimeMs: int('EVERYNODE_SSE_MAX_LIFETIME_SECONDS', 900, 1) * 1000,
    sseLifetimeJitter: 0.2,
    sseStallMs: int('EVERYNODE_SSE_STALL_SECONDS', 60, 1) * 1000,
    expensiveReadsPerMinute: int('EVERYNODE_EXPENSIVE_READS_PER_MINUTE', 300, 1),
    trustedProxies: int('EVERYNODE_TRUSTED_PROXIES', 0, 0),
  };
}

/** The lifetime of one stream: jittered downwards so streams opened together do not all reconnect together. */
export function streamLifetimeMs(l: Pick<Limits, 'sseMaxLifetimeMs' | 'sseLifetimeJitter'>, random = Math.random()): number {
  return Math.round(l.sseMaxLifetimeMs * (1 - l.sseLifetimeJitter * random));
}
