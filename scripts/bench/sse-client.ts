/**
 * A browser-tab stand-in for the console's live stream: one HTTP connection to the events route,
 * reconnecting with Last-Event-ID like EventSource, recording when each `version` event arrived.
 */
import { request, type ClientRequest } from 'node:http';
import { SseParser } from './sse-parser';

export interface VersionArrival {
  version: number;
  at: number; // Date.now()
}

export class SseClient {
  readonly arrivals: VersionArrival[] = [];
  reconnects = 0;
  errors = 0;
  private parser = new SseParser();
  private req: ClientRequest | undefined;
  private stopped = false;
  private waiters: { pred: (v: VersionArrival) => boolean; resolve: (v: VersionArrival) => void }[] = [];

  constructor(
    private readonly url: string,
    /** Keep at most this many arrivals (a soak produces thousands). */
    private readonly keep = 10_000,
    /** Loopback source address (127.x.y.z): the console counts streams per client address. */
    private readonly localAddress?: string,
  ) {}

  get lastVersion(): number | undefined {
    return this.arrivals.at(-1)?.version;
  }

  /** Resolves once the stream is open (response headers received). */
  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (this.parser.lastEventId !== undefined) headers['last-event-id'] = this.parser.lastEventId;
      const req = request(this.url, { headers, agent: false, ...(this.localAddress ? { localAddress: this.localAddress } : {}) }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`SSE ${this.url}: HTTP ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => this.onChunk(chunk));
        res.on('end', () => this.onClosed());
        res.on('error', () => this.onClosed());
        resolve();
      });
      req.on('error', (err) => {
        this.errors++;
        reject(err);
        this.onClosed();
      });
      req.end();
      this.req = req;
    });
  }

  private onChunk(chunk: string) {
    const at = Date.now();
    for (const e of this.parser.feed(chunk)) {
      if (e.event !== 'version') continue;
      const version = (JSON.parse(e.data) as { version: number }).version;
      const arrival = { version, at };
      this.arrivals.push(arrival);
      if (this.arrivals.length > this.keep) this.arrivals.splice(0, this.arrivals.length - this.keep);
      this.waiters = this.waiters.filter((w) => (w.pred(arrival) ? (w.resolve(arrival), false) : true));
    }
  }

  private closedOnce = false;
  private onClosed() {
    if (this.stopped || this.closedOnce) return;
    this.closedOnce = true;
    // Reconnect as EventSource would, after the server's retry hint (bounded).
    const delay = Math.min(this.parser.retryMs ?? 2000, 5000);
    setTimeout(() => {
      if (this.stopped) return;
      this.reconnects++;
      this.closedOnce = false;
      this.parser = Object.assign(new SseParser(), { lastEventId: this.parser.lastEventId, retryMs: this.parser.retryMs });
      this.connect().catch(() => undefined);
    }, delay);
  }

  /** The next arrival matching `pred` (after now), or rejects after `timeoutMs`. */
  next(pred: (v: VersionArrival) => boolean, timeoutMs: number): Promise<VersionArrival> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching SSE version event within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        pred,
        resolve: (v: VersionArrival) => {
          clearTimeout(timer);
          resolve(v);
        },
      };
      this.waiters.push(waiter);
    });
  }

  close(): void {
    this.stopped = true;
    this.req?.destroy();
  }
}

/** Opens `n` clients, a few at a time so the server is not hit by a thundering herd. */
export async function openClients(url: string, n: number, batch = 10): Promise<SseClient[]> {
  const clients: SseClient[] = [];
  for (let i = 0; i < n; i += batch) {
    const group = Array.from({ length: Math.min(batch, n - i) }, () => new SseClient(url, 2000));
    await Promise.all(group.map((c) => c.connect()));
    clients.push(...group);
  }
  return clients;
}
