/**
 * Who "a client" is for the per-client limits: an address, never a header the client chooses.
 *
 * Next's route handlers do not expose the TCP peer, and Next fills X-Forwarded-For with the peer
 * only when the request has none (a client can send any value). So instrumentation.ts stamps
 * every request, before Next sees it, with the socket's peer address and the X-Forwarded-For
 * that actually arrived, in two private headers it always overwrites (see peer-hook.ts).
 * With `trustedProxies` = n > 0, the n-th hop from the right of [X-Forwarded-For…, peer] is the
 * client: each trusted proxy appends the address it saw, so entries left of that are the client's
 * own claims and are ignored.
 */

export const PEER_HEADER = 'x-everynode-peer';
export const FORWARDED_HEADER = 'x-everynode-forwarded-for';

/** Requests that reached us without the hook (in-process tests, `next dev` before it loads). */
export const UNKNOWN_CLIENT = 'unknown';

export function clientAddress(headers: Headers, trustedProxies: number): string {
  const peer = headers.get(PEER_HEADER)?.trim();
  if (!peer) return UNKNOWN_CLIENT;
  if (trustedProxies <= 0) return normalize(peer);
  const hops = [
    ...(headers.get(FORWARDED_HEADER) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    peer,
  ];
  // Fewer hops than trusted proxies: the leftmost is the best anyone vouched for.
  return normalize(hops[Math.max(0, hops.length - 1 - trustedProxies)]!);
}

/** `::ffff:10.0.0.1` and `10.0.0.1` are one client. */
function normalize(address: string): string {
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1').toLowerCase();
}
