/**
 * Counts open event streams, in the whole process and per client, and refuses new ones past
 * either cap. Each stream costs a listener, timers and socket buffers (~30–100 KB of RSS): without
 * a cap one client can open streams until the heap limit kills the process.
 */

export type Admission =
  | { ok: true; release: () => void }
  | { ok: false; status: 429 | 503; code: 'too_many_streams' | 'server_busy'; message: string; retryAfterSeconds: number };

export interface GateLimits {
  maxStreams: number;
  maxStreamsPerClient: number;
}

export class StreamGate {
  private total = 0;
  private readonly perClient = new Map<string, number>();

  get open(): number {
    return this.total;
  }

  openFor(client: string): number {
    return this.perClient.get(client) ?? 0;
  }

  admit(client: string, l: GateLimits): Admission {
    const mine = this.openFor(client);
    if (mine >= l.maxStreamsPerClient) {
      return {
        ok: false,
        status: 429,
        code: 'too_many_streams',
        message: `too many live streams from your address (${mine} open, at most ${l.maxStreamsPerClient}); close other tabs or retry later`,
        retryAfterSeconds: 10,
      };
    }
    if (this.total >= l.maxStreams) {
      return {
        ok: false,
        status: 503,
        code: 'server_busy',
        message: `the server is at its limit of ${l.maxStreams} live streams; retry later`,
        retryAfterSeconds: 15,
      };
    }
    this.total += 1;
    this.perClient.set(client, mine + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.total -= 1;
        const left = (this.perClient.get(client) ?? 1) - 1;
        if (left > 0) this.perClient.set(client, left);
        else this.perClient.delete(client);
      },
    };
  }
}

const slot = globalThis as typeof globalThis & { __everynodeStreamGate?: StreamGate };

/** The process's one gate (on globalThis: Next bundles each route separately). */
export function streamGate(): StreamGate {
  return (slot.__everynodeStreamGate ??= new StreamGate());
}
