/**
 * Event-stream clients over raw HTTP from a chosen loopback address (127.0.0.x), so one test
 * process can be many "clients" for the per-client caps; the server sees the socket peer.
 */
import { request, type IncomingMessage } from 'node:http';

export interface OpenedStream {
  status: number;
  headers: IncomingMessage['headers'];
  /** Body text so far (the whole body for a refusal). */
  text(): string;
  /** Resolves when the server ends the stream (or the socket closes). */
  ended: Promise<void>;
  close(): void;
}

export function openStream(origin: string, path: string, from: string, headers: Record<string, string> = {}): Promise<OpenedStream> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, origin);
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, localAddress: from, agent: false, headers: { accept: 'text/event-stream', ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        const ended = new Promise<void>((done) => {
          res.on('end', done);
          res.on('close', done);
          res.on('error', () => done());
        });
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: () => body, ended, close: () => req.destroy() });
      },
    );
    req.on('error', reject);
    req.end();
  });
}
