import 'server-only';
import type { VersionEvent } from '@/lib/api/dto';
import type { LiveSubscription } from './live-feeds';

/**
 * Server-Sent Events for one browser tab, fed by the cluster cache's shared emitter: a tab never
 * opens its own Kubernetes watch, so 50 tabs cost 50 listeners, not 50 × 4 watches.
 */

export const HEARTBEAT_MS = 15_000;
/** Tells EventSource how long to wait before reconnecting. */
const RETRY_MS = 2_000;

export interface VersionSource {
  on(event: 'version', listener: (e: VersionEvent) => void): unknown;
  off(event: 'version', listener: (e: VersionEvent) => void): unknown;
  /** The source is gone for good: the stream ends and EventSource reconnects to its successor. */
  on(event: 'stopped', listener: () => void): unknown;
  off(event: 'stopped', listener: () => void): unknown;
  /** The current version and cache status. */
  current(): VersionEvent;
}

export function formatVersionEvent(e: VersionEvent): string {
  return `id: ${e.version}\nevent: version\ndata: ${JSON.stringify(e)}\n\n`;
}

const encoder = new TextEncoder();
/** Encoded once per event, not once per client: 100 tabs share the bytes of each version event. */
const encodedEvents = new WeakMap<VersionEvent, Uint8Array>();

function encodeVersionEvent(e: VersionEvent): Uint8Array {
  let bytes = encodedEvents.get(e);
  if (!bytes) {
    bytes = encoder.encode(formatVersionEvent(e));
    encodedEvents.set(e, bytes);
  }
  return bytes;
}

/** Sent before a stream ends on purpose: the browser reconnects at once, without showing a loss. */
export const BYE_EVENT = 'bye';
const byeEvent = (reason: string) => encoder.encode(`event: ${BYE_EVENT}\ndata: ${JSON.stringify({ reason })}\n\n`);

/** Parses Last-Event-ID; anything but a non-negative safe integer counts as absent. */
export function parseLastEventId(header: string | null): number | undefined {
  if (header === null || !/^\d{1,16}$/.test(header.trim())) return undefined;
  const n = Number(header.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Why a stream ended: the client left, its lifetime ran out, it stopped reading, or its source stopped. */
export type CloseReason = 'client' | 'lifetime' | 'stalled' | 'stopped';

export interface StreamOptions {
  lastEventId?: number;
  signal?: AbortSignal;
  heartbeatMs?: number;
  /** The stream ends after this long (with a `bye` event); EventSource reconnects. */
  lifetimeMs?: number;
  /** A client that has taken nothing for this long while data waits for it is dropped. */
  stallMs?: number;
  onOpen?: () => void;
  onClose?: (reason: CloseReason) => void;
  /**
   * Delta mode: the views the tab holds. Their catch-up (deltas or a snapshot, see live-feeds.ts)
   * is taken whenever the stream has room and goes out before the version event.
   */
  live?: LiveSubscription;
}

/** The error that ends a dropped stream; Next treats an AbortError as "client gone" and destroys the socket quietly. */
function dropped(why: string): Error {
  const err = new Error(why);
  err.name = 'AbortError';
  return err;
}

/**
 * A stream that sends the current version at once (unless Last-Event-ID shows the client
 * already has it), then every version the cache announces, plus a comment heartbeat so proxies
 * keep the connection open. Everything is released when the client goes away.
 *
 * Backpressure: the queue holds at most one chunk. While the client does not take it, newer
 * versions replace each other in one pending slot (the payload is only "version N", so the latest
 * is all a client needs) and heartbeats are skipped; a client that takes nothing for `stallMs`
 * is dropped. A reader that never reads therefore costs a bounded amount of memory.
 */
export function versionStream(source: VersionSource, opts: StreamOptions = {}): ReadableStream<Uint8Array> {
  let finish: ((reason: CloseReason) => void) | undefined;
  let onPull: (() => void) | undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        let pending: Uint8Array | undefined;
        const live = opts.live;
        let lastTaken = Date.now();
        const stallMs = opts.stallMs ?? 4 * (opts.heartbeatMs ?? HEARTBEAT_MS);
        const hasRoom = () => (controller.desiredSize ?? 0) > 0;
        const enqueue = (bytes: Uint8Array) => {
          try {
            controller.enqueue(bytes);
          } catch {
            finish?.('client');
          }
        };
        // Only the latest version waits (coalesced), and live frames are taken only when there is
        // room: what a slow tab needs is computed when it reads again, never queued.
        const flush = () => {
          if (closed || !hasRoom()) return;
          const frames = live?.take();
          const version = pending;
          pending = undefined;
          if (frames && version) enqueue(concat(frames, version));
          else if (frames ?? version) enqueue((frames ?? version)!);
        };
        const offer = (bytes: Uint8Array) => {
          if (closed) return;
          pending = bytes;
          flush();
        };
        // The cache may announce a version the preamble already carried (its announcements are
        // throttled, `current()` is not): versions only grow, so send each at most once.
        let sent: number | undefined;
        const onVersion = (e: VersionEvent) => {
          if (sent !== undefined && e.version <= sent) return;
          sent = e.version;
          offer(encodeVersionEvent(e));
        };
        const tick = () => {
          if (closed) return;
          if (hasRoom()) enqueue(encoder.encode(`: heartbeat ${Date.now()}\n\n`));
          else if (Date.now() - lastTaken >= stallMs) finish?.('stalled');
        };
        const heartbeat = setInterval(tick, opts.heartbeatMs ?? HEARTBEAT_MS);
        const lifetime = opts.lifetimeMs !== undefined ? setTimeout(() => finish?.('lifetime'), opts.lifetimeMs) : undefined;
        const abort = () => finish?.('client');
        const stopped = () => finish?.('stopped');
        onPull = () => {
          lastTaken = Date.now();
          flush();
        };
        finish = (reason) => {
          if (closed) return;
          closed = true;
          pending = undefined;
          clearInterval(heartbeat);
          clearTimeout(lifetime);
          source.off('version', onVersion);
          source.off('stopped', stopped);
          live?.close();
          opts.signal?.removeEventListener('abort', abort);
          opts.onClose?.(reason);
          // A client that is not reading would keep the queued bytes and its socket forever after
          // a plain close: drop it instead.
          if (reason === 'stalled' || (reason === 'lifetime' && !hasRoom())) {
            controller.error(dropped(reason === 'stalled' ? 'the client stopped reading the stream' : 'stream lifetime over'));
            return;
          }
          if (reason === 'lifetime') enqueue(byeEvent(reason));
          try {
            controller.close();
          } catch {
            // already closed by the runtime
          }
        };
        if (opts.signal?.aborted) {
          closed = true;
          clearInterval(heartbeat);
          clearTimeout(lifetime);
          live?.close();
          controller.close();
          return;
        }
        opts.signal?.addEventListener('abort', abort);
        source.on('version', onVersion);
        source.on('stopped', stopped);
        opts.onOpen?.();
        // The preamble goes in whatever the queue holds: it is the first thing any client reads.
        const now = source.current();
        const first = opts.lastEventId !== now.version ? encodeVersionEvent(now) : undefined;
        sent = now.version;
        let preamble: Uint8Array = encoder.encode(`retry: ${RETRY_MS}\n\n`);
        if (live) {
          preamble = concat(preamble, live.preamble);
          const frames = live.take();
          if (frames) preamble = concat(preamble, frames);
          live.listen(flush);
        }
        enqueue(first ? concat(preamble, first) : preamble);
        // Versions are unique across restarts and replaced caches (see registry.ts), so any
        // difference (not only "older") means the client's view is out of date.
      },
      pull() {
        onPull?.();
      },
      cancel() {
        finish?.('client');
      },
    },
    { highWaterMark: 1 },
  );
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
