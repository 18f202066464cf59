import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { WatchEvent } from './reducer';

/**
 * Raw JSON over one keep-alive agent per cluster, for the cache's LISTs and watches.
 *
 * Why not client-node's Watch/informer: 1.x builds a fresh https.Agent per watch (sockets pile
 * up over reconnects), stops informers for good on most errors, and deserialises LISTs into
 * class instances with Date fields. Here every request shares one agent, a stopped watch
 * destroys its socket, and objects stay as the API server's JSON.
 * Credentials come from the KubeConfig on every request (exec and token-file auth can rotate).
 */

export class HttpStatusError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
  ) {
    super(`the Kubernetes API answered ${statusCode}`);
    this.name = 'HttpStatusError';
  }
  /** client-node's ApiException uses `code`; errors.fromKubeError reads either. */
  get code(): number {
    return this.statusCode;
  }
}

export interface WatchHandle {
  stop(): void;
}

export interface WatchCallbacks {
  /** The API server accepted the watch (HTTP 200). */
  onOpen?: () => void;
  onEvent: (event: WatchEvent) => void;
  /** Called exactly once: `undefined` for a normal end (server timeout), else the failure. */
  onClose: (err?: Error) => void;
}

type AgentOptions = https.AgentOptions;

export class Transport {
  private agent: http.Agent | undefined;
  private readonly server: URL;

  constructor(private readonly kc: KubeConfig) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig context has no cluster');
    this.server = new URL(cluster.server);
  }

  /** Headers and TLS material for one request, as client-node would apply them. */
  private async requestOptions(): Promise<{ headers: Record<string, string>; agent: http.Agent }> {
    const opts: https.RequestOptions & { headers?: Record<string, string> } = {};
    await this.kc.applyToHTTPSOptions(opts);
    // client-node made a throwaway agent for this request; it never opened a socket.
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [k, v] of Object.entries(opts.headers ?? {})) {
      if (typeof v === 'string' || typeof v === 'number') headers[k.toLowerCase()] = String(v);
    }
    if (opts.auth) headers.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    if (!this.agent && this.kc.getCurrentCluster()?.proxyUrl && opts.agent instanceof http.Agent) {
      // Behind an HTTP(S)/SOCKS proxy: keep the proxy agent client-node built, shared from now on.
      this.agent = opts.agent;
    }
    if (!this.agent) {
      const agentOptions: AgentOptions = {
        keepAlive: true,
        ca: opts.ca,
        cert: opts.cert,
        key: opts.key,
        pfx: opts.pfx,
        passphrase: opts.passphrase,
        servername: opts.servername,
      };
      if (opts.rejectUnauthorized !== undefined) agentOptions.rejectUnauthorized = opts.rejectUnauthorized;
      const cluster = this.kc.getCurrentCluster();
      if (cluster?.skipTLSVerify) agentOptions.rejectUnauthorized = false;
      if (cluster?.tlsServerName) agentOptions.servername = cluster.tlsServerName;
      this.agent = this.server.protocol === 'http:' ? new http.Agent({ keepAlive: true }) : new https.Agent(agentOptions);
    }
    return { headers, agent: this.agent };
  }

  private url(path: string, query: Record<string, string | number | boolean | undefined>): URL {
    const base = this.server.pathname.replace(/\/$/, '');
    const u = new URL(this.server.toString());
    u.pathname = base + path;
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
    return u;
  }

  private request(u: URL, headers: Record<string, string>, agent: http.Agent): http.ClientRequest {
    const lib = u.protocol === 'http:' ? http : https;
    return lib.request(u, { method: 'GET', headers, agent });
  }

  /** GET returning parsed JSON; non-2xx answers throw HttpStatusError with the Status body. */
  async getJson<T = unknown>(path: string, query: Record<string, string | number | boolean | undefined> = {}, timeoutMs = 60_000): Promise<T> {
    const { headers, agent } = await this.requestOptions();
    const u = this.url(path, query);
    return new Promise<T>((resolve, reject) => {
      const req = this.request(u, headers, agent);
      req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // leave as text
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(body as T);
          else reject(new HttpStatusError(status, body));
        });
      });
      req.end();
    });
  }

  /**
   * Opens a watch and streams newline-delimited events. The socket is destroyed when the watch
   * ends for any reason, so reconnects cannot leak. `idleMs` guards against a silent peer.
   */
  watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    callbacks: WatchCallbacks,
    idleMs: number,
  ): WatchHandle {
    let closed = false;
    let req: http.ClientRequest | undefined;
    const close = (err?: Error) => {
      if (closed) return;
      closed = true;
      req?.destroy();
      callbacks.onClose(err);
    };
    this.requestOptions().then(
      ({ headers, agent }) => {
        if (closed) return;
        const u = this.url(path, { ...query, watch: 'true' });
        req = this.request(u, headers, agent);
        req.setTimeout(idleMs, () => close(Object.assign(new Error('watch went silent'), { code: 'ETIMEDOUT' })));
        req.on('error', (e) => close(e));
        req.on('response', (res) => {
          const status = res.statusCode ?? 0;
          if (status !== 200) {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              let body: unknown = Buffer.concat(chunks).toString('utf8');
              try {
                body = JSON.parse(body as string);
              } catch {
                // keep text
              }
              close(new HttpStatusError(status, body));
            });
            res.on('error', (e) => close(e));
            return;
          }
          callbacks.onOpen?.();
          let buffered = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffered += chunk;
            let nl = buffered.indexOf('\n');
            while (nl >= 0) {
              const line = buffered.slice(0, nl).trim();
              buffered = buffered.slice(nl + 1);
              if (line.length > 0 && !closed) {
                let event: WatchEvent | undefined;
                try {
                  event = JSON.parse(line) as WatchEvent;
                } catch {
                  close(new Error('malformed watch event'));
                  return;
                }
                callbacks.onEvent(event);
              }
              nl = buffered.indexOf('\n');
            }
          });
          res.on('end', () => close());
          res.on('aborted', () => close(Object.assign(new Error('watch connection aborted'), { code: 'ECONNRESET' })));
          res.on('error', (e) => close(e));
        });
        req.end();
      },
      (e: unknown) => close(e instanceof Error ? e : new Error(String(e))),
    );
    return { stop: () => close() };
  }

  /** Open sockets of this cluster's agent (for tests and the leak check). */
  socketCount(): number {
    if (!this.agent) return 0;
    const count = (group: NodeJS.ReadOnlyDict<unknown[]>) => Object.values(group).reduce((n, list) => n + (list?.length ?? 0), 0);
    return count(this.agent.sockets) + count(this.agent.freeSockets);
  }

  destroy(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }
}
