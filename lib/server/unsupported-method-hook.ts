import http, { type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * Methods a WHATWG Request cannot carry (fetch's forbidden methods) that Node still parses: Next
 * throws while turning such a request into a Request for a route handler and answers a bare 500
 * (found by the schemathesis fuzz: TRACE on every API route). Node's parser itself refuses TRACK
 * with a 400, and CONNECT never reaches 'request'.
 */
const UNREPRESENTABLE = new Set(['TRACE']);

/**
 * Answers those methods with a 405 in the shape of every API error, before Next sees them.
 * Patches the prototype, so it covers the server Next creates whether it exists yet or not.
 * Idempotent.
 */
export function installUnsupportedMethodHook(): void {
  const proto = http.Server.prototype as http.Server & { __everynodeMethodHook?: boolean };
  if (proto.__everynodeMethodHook) return;
  proto.__everynodeMethodHook = true;
  const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request' && UNREPRESENTABLE.has((args[0] as IncomingMessage).method ?? '')) {
      refuse(args[0] as IncomingMessage, args[1] as ServerResponse);
      return true;
    }
    return emit.apply(this, [event, ...args]);
  } as typeof proto.emit;
}

function refuse(req: IncomingMessage, res: ServerResponse): void {
  const body = JSON.stringify({ error: { code: 'method_not_allowed', message: `method ${req.method} is not supported by this server` } });
  res.writeHead(405, { allow: 'GET, HEAD, POST', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
  req.resume(); // discard any body, so the connection can be reused
}
