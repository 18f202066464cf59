import { Agent, createServer, maxHeaderSize, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installOversizedRequestHook } from './oversized-request-hook';

let server: Server;
let port: number;

beforeAll(async () => {
  installOversizedRequestHook();
  server = createServer((req, res) => res.end(`handled ${req.url?.length}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(path: string, agent?: Agent): Promise<{ status: number; type?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], text }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('oversized request hook', () => {
  it('answers a request line over the limit with a 431 ErrorResponse naming the limit', async () => {
    const res = await get(`/api/x?q=${'a'.repeat(maxHeaderSize + 100)}`);
    expect(res.status).toBe(431);
    expect(res.type).toBe('application/json');
    expect(JSON.parse(res.text)).toEqual({
      error: { code: 'request_too_large', message: `the request line and headers are longer than ${maxHeaderSize} bytes; send a shorter URL (fewer or shorter query parameters)` },
    });
  });

  it('answers it in words on a kept-alive connection too, after earlier answers on it', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get('/api/first', agent);
      expect(first.status).toBe(200);
      const res = await get(`/api/x?q=${'a'.repeat(maxHeaderSize + 100)}`, agent);
      expect(res.status).toBe(431);
      expect(JSON.parse(res.text).error.code).toBe('request_too_large');
    } finally {
      agent.destroy();
    }
  });

  it('hands a long URL within the limit to the server as before', async () => {
    const path = `/api/x?q=${'a'.repeat(maxHeaderSize - 1000)}`;
    expect(await get(path)).toMatchObject({ status: 200, text: `handled ${path.length}` });
  });
});
