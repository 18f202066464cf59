import type { ErrorResponse } from '@/lib/api/dto';
import { expensiveReadLimiter } from './rate-limit';
import { clientAddress, UNKNOWN_CLIENT } from './client-address';
import { limits } from './config';

/** A 429/503 in words, with Retry-After, in the API's ErrorResponse shape. */
export function refusal(status: 429 | 503, code: string, message: string, retryAfterSeconds: number): Response {
  const body: ErrorResponse = { error: { code, message } };
  return Response.json(body, { status, headers: { 'retry-after': String(retryAfterSeconds), 'cache-control': 'no-store' } });
}

/**
 * The client of this request, as the per-client limits see it, or undefined when the request
 * carries no peer stamp. Only requests that did not come through the HTTP server lack it
 * (in-process tests); they count against the global caps only.
 */
export function clientOf(request: Request): string | undefined {
  const client = clientAddress(request.headers, limits().trustedProxies);
  return client === UNKNOWN_CLIENT ? undefined : client;
}

/**
 * For reads that cost the API server or the CPU more than a cache lookup: undefined when the
 * client may go on, else the 429 to answer.
 */
export function limitExpensiveRead(request: Request, what: string): Response | undefined {
  const client = clientOf(request);
  if (client === undefined) return undefined;
  const perMinute = limits().expensiveReadsPerMinute;
  const decision = expensiveReadLimiter().take(client, perMinute);
  if (decision.ok) return undefined;
  return refusal(429, 'too_many_requests', `too many ${what} reads from your address (at most ${perMinute} a minute); retry in ${decision.retryAfterSeconds} s`, decision.retryAfterSeconds);
}
