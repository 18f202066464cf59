import 'server-only';
import { clientOf, refusal } from '@/lib/kube/limits/refusal';
import { limits } from '@/lib/kube/limits/config';
import { RateLimiter } from '@/lib/kube/limits/rate-limit';

const slot = globalThis as typeof globalThis & { __everynodeLogLimiter?: RateLimiter };

/**
 * Log reads and searches are rate-limited per client like the other expensive reads, but in a
 * bucket of their own: reading logs must not use up the budget of the node and agent pages.
 */
export function limitLogRead(request: Request, what: string): Response | undefined {
  const client = clientOf(request);
  if (client === undefined) return undefined;
  const perMinute = limits().expensiveReadsPerMinute;
  const decision = (slot.__everynodeLogLimiter ??= new RateLimiter()).take(client, perMinute);
  if (decision.ok) return undefined;
  return refusal(429, 'too_many_requests', `too many ${what} requests from your address (at most ${perMinute} a minute); retry in ${decision.retryAfterSeconds} s`, decision.retryAfterSeconds);
}
