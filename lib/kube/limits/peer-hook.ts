import http, { type IncomingMessage } from 'node:http';
import { FORWARDED_HEADER, PEER_HEADER } from './client-address';

/**
 * Stamps every HTTP request with its socket peer and its X-Forwarded-For as received, in headers
 * a client cannot forge (overwritten here, before Next or the app read them). Patches the
 * prototype, so it covers the server Next creates whether it exists yet or not. Idempotent.
 */
export function installPeerHook(): void {
  const proto = http.Server.prototype as http.Server & { __everynodePeerHook?: boolean };
  if (proto.__everynodePeerHook) return;
  proto.__everynodePeerHook = true;
  const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') stamp(args[0] as IncomingMessage);
    return emit.apply(this, [event, ...args]);
  } as typeof proto.emit;
}

function stamp(req: IncomingMessage): void {
  req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? '';
  const forwarded = req.headers['x-forwarded-for'];
  if (forwarded === undefined) delete req.headers[FORWARDED_HEADER];
  else req.headers[FORWARDED_HEADER] = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
}
