/**
 * Per-client token buckets: `perMinute` requests a minute on average, bursts of a quarter of
 * that (at least 5). Idle buckets are forgotten, so the map holds only recently active clients.
 */

interface Bucket {
  tokens: number;
  at: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Most clients tracked at once; past it the longest-idle are forgotten (they start full again). */
const MAX_CLIENTS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  take(client: string, perMinute: number, now = Date.now()): RateDecision {
    const capacity = Math.max(5, Math.ceil(perMinute / 4));
    const perMs = perMinute / 60_000;
    const b = this.buckets.get(client);
    const tokens = b ? Math.min(capacity, b.tokens + (now - b.at) * perMs) : capacity;
    // Re-inserted on every use: Map order is then least recently used first.
    this.buckets.delete(client);
    if (tokens < 1) {
      this.buckets.set(client, { tokens, at: now });
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
    }
    this.buckets.set(client, { tokens: tokens - 1, at: now });
    if (this.buckets.size > MAX_CLIENTS) this.buckets.delete(this.buckets.keys().next().value!);
    return { ok: true };
  }

  get size(): number {
    return this.buckets.size;
  }
}

const slot = globalThis as typeof globalThis & { __everynodeReadLimiter?: RateLimiter };

export function expensiveReadLimiter(): RateLimiter {
  return (slot.__everynodeReadLimiter ??= new RateLimiter());
}
