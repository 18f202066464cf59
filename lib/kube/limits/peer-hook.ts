import type { IncomingMessage } from 'node:http';
import { installRequestHook } from '@/lib/server/request-hooks';
import { FORWARDED_HEADER, PEER_HEADER } from './client-address';

/**
 * Stamps every HTTP request with its socket peer and its X-Forwarded-For as received, in headers
 * a client cannot forge (overwritten here, before Next or the app read them). Idempotent.
 */
export function installPeerHook(): void {
  installRequestHook('peer', (req) => {
    stamp(req);
    return false;
  });
}

function stamp(req: IncomingMessage): void {
  req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? '';
  const forwarded = req.headers['x-forwarded-for'];
  if (forwarded === undefined) delete req.headers[FORWARDED_HEADER];
  else req.headers[FORWARDED_HEADER] = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
}
