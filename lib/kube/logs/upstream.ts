import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type { KubeConfig } from '@kubernetes/client-node';
import { impersonationHeaders, kubeConfigFor, type Identity } from '@/lib/kube/contexts';
import { HttpStatusError } from '@/lib/kube/cache/transport';

/**
 * GET pods/{pod}/log on the API server, as a byte stream the caller reads and may abort.
 *
 * Raw https, not client-node's Log class: the request is destroyed (socket and all) the moment
 * the caller's signal aborts, so a closed browser tab or a search that moved on leaves no
 * connection open towards the API server; and the open ones are counted ({@link openLogRequests}).
 * Nothing here ever reads, logs or quotes the log bytes themselves.
 */

export interface PodLogQuery {
  container: string;
  tailLines?: number;
  sinceSeconds?: number;
  previous?: boolean;
  timestamps?: boolean;
  follow?: boolean;
  /** The API server stops after this many bytes (the kubelet honours it). */
  limitBytes?: number;
}

const counter = globalThis as typeof globalThis & { __everynodeLogRequests?: { open: number; peak: number } };
const gauge = () => (counter.__everynodeLogRequests ??= { open: 0, peak: 0 });

/** pods/log requests open towards API servers right now (tests' leak check, the bench's peak). */
export function openLogRequests(): number {
  return gauge().open;
}

/** Highest {@link openLogRequests} since the last reset (the bench's "peak in flight"). */
export function peakLogRequests(reset = false): number {
  const g = gauge();
  const peak = g.peak;
  if (reset) g.peak = g.open;
  return peak;
}

export function podLogPath(namespace: string, pod: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;
}

async function requestOptions(kc: KubeConfig, identity: Identity | undefined): Promise<https.RequestOptions> {
  const opts: https.RequestOptions = { method: 'GET', headers: {} };
  await kc.applyToHTTPSOptions(opts);
  const headers: [string, string][] = [];
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string' || typeof v === 'number') headers.push([k, String(v)]);
  if (opts.auth) {
    headers.push(['authorization', `Basic ${Buffer.from(opts.auth).toString('base64')}`]);
    delete opts.auth;
  }
  headers.push(['accept', 'text/plain, application/json']);
  if (identity) headers.push(...impersonationHeaders(identity));
  // A flat [k, v, k, v] list keeps repeated Impersonate-Group lines (an object cannot).
  return { ...opts, headers: headers.flat() as unknown as http.OutgoingHttpHeaders };
}

export interface PodLogStream {
  body: Readable;
  /** Settles when the request and its socket are closed (the body ended, or was aborted). */
  closed: Promise<void>;
}

/**
 * Resolves once the API server answered 200, with the body stream; rejects with HttpStatusError
 * (the Status body, for lib/errors' words) on any other status, or with the network error —
 * only once the request is closed, so a caller that moves on leaves nothing open.
 * Aborting `signal` destroys the request at any point.
 */
export async function openPodLog(ctx: string, identity: Identity | undefined, namespace: string, pod: string, q: PodLogQuery, signal: AbortSignal, timeoutMs?: number): Promise<PodLogStream> {
  const kc = kubeConfigFor(ctx);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig context has no cluster');
  const opts = await requestOptions(kc, identity);
  signal.throwIfAborted();
  const u = new URL(cluster.server);
  u.pathname = u.pathname.replace(/\/$/, '') + podLogPath(namespace, pod);
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== false) u.searchParams.set(k, String(v));
  const lib = u.protocol === 'http:' ? http : https;
  // Node adds no Host header of its own when headers come as a list.
  const withHost = { ...opts, headers: ['host', u.host, ...(opts.headers as unknown as string[])] as unknown as http.OutgoingHttpHeaders };
  return new Promise<PodLogStream>((resolve, reject) => {
    const g = gauge();
    const req = lib.request(u, withHost);
    g.open += 1;
    g.peak = Math.max(g.peak, g.open);
    let failure: Error | undefined;
    let answered = false;
    let markClosed = () => {};
    const closed = new Promise<void>((r) => (markClosed = r));
    const onAbort = () => req.destroy(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    signal.addEventListener('abort', onAbort, { once: true });
    req.once('close', () => {
      g.open -= 1;
      signal.removeEventListener('abort', onAbort);
      markClosed();
      if (!answered) reject(failure ?? new Error('the connection closed before an answer'));
    });
    if (timeoutMs !== undefined) req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })));
    req.on('error', (err) => (failure ??= err));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status === 200) {
        answered = true;
        // The body's end (or its abort) ends the request; a follow stream stays open until then.
        res.once('end', () => req.destroy());
        res.once('close', () => req.destroy());
        resolve({ body: res, closed });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= 64 * 1024) chunks.push(c);
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = { message: text.trim().slice(0, 500) };
        }
        failure = new HttpStatusError(status, body);
        req.destroy();
      });
    });
    req.end();
  });
}
