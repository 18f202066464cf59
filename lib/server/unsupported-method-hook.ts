import type { IncomingMessage, ServerResponse } from 'node:http';
import { installRequestHook } from './request-hooks';

/**
 * Methods a WHATWG Request cannot carry (fetch's forbidden methods) that Node still parses: Next
 * throws while turning such a request into a Request for a route handler and answers a bare 500
 * (found by the schemathesis fuzz: TRACE on every API route). Node's parser itself refuses TRACK
 * with a 400, and CONNECT never reaches 'request'.
 */
const UNREPRESENTABLE = new Set(['TRACE']);

/** Answers those methods with a 405 in the shape of every API error, before Next sees them. Idempotent. */
export function installUnsupportedMethodHook(): void {
  installRequestHook('unsupported-method', (req, res) => {
    if (!UNREPRESENTABLE.has(req.method ?? '')) return false;
    refuse(req, res);
    return true;
  });
}

function refuse(req: IncomingMessage, res: ServerResponse): void {
  const body = JSON.stringify({ error: { code: 'method_not_allowed', message: `method ${req.method} is not supported by this server` } });
  res.writeHead(405, { allow: 'GET, HEAD, POST', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
  req.resume(); // discard any body, so the connection can be reused
}
