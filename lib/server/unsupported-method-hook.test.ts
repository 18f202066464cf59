import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installUnsupportedMethodHook } from './unsupported-method-hook';

let server: Server;
let port: number;

beforeAll(async () => {
  installUnsupportedMethodHook();
  installUnsupportedMethodHook(); // idempotent: a second install must not wrap twice
  server = createServer((req, res) => res.end(`handled ${req.method}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(method: string): Promise<{ status: number; allow?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: '/api/healthz' }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('unsupported method hook', () => {
  it('answers TRACE with a 405 ErrorResponse naming the method, before the handler', async () => {
    const method = 'TRACE';
    const res = await send(method);
    expect(res.status).toBe(405);
    expect(res.allow).toBe('GET, HEAD, POST');
    expect(JSON.parse(res.text)).toEqual({ error: { code: 'method_not_allowed', message: `method ${method} is not supported by this server` } });
  });

  it.each(['GET', 'POST', 'PUT', 'OPTIONS'])('hands %s to the server as before', async (method) => {
    expect(await send(method)).toMatchObject({ status: 200, text: `handled ${method}` });
  });
});
