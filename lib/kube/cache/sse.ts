import 'server-only';
import type { VersionEvent } from '@/lib/api/dto';

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

/** Parses Last-Event-ID; anything but a non-negative integer counts as absent. */
export function parseLastEventId(header: string | null): number | undefined {
  if (header === null || !/^\d{1,15}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

export interface StreamOptions {
  lastEventId?: number;
  signal?: AbortSignal;
  heartbeatMs?: number;
  onOpen?: () => void;
  onClose?: () => void;
}

/**
 * A stream that sends the current version at once (unless Last-Event-ID shows the client
 * already has it), then every version the cache announces, plus a comment heartbeat so proxies
 * keep the connection open. Everything is released when the client goes away.
 */
export function versionStream(source: VersionSource, opts: StreamOptions = {}): ReadableStream<Uint8Array> {
  let cleanup: (() => void) | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (chunk: string | Uint8Array) => {
        if (closed) return;
        try {
          controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
        } catch {
          cleanup?.();
        }
      };
      const onVersion = (e: VersionEvent) => send(encodeVersionEvent(e));
      const heartbeat = setInterval(() => send(`: heartbeat ${Date.now()}\n\n`), opts.heartbeatMs ?? HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        source.off('version', onVersion);
        source.off('stopped', abort);
        opts.signal?.removeEventListener('abort', abort);
        opts.onClose?.();
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      const abort = () => cleanup?.();
      if (opts.signal?.aborted) {
        closed = true;
        clearInterval(heartbeat);
        controller.close();
        return;
      }
      opts.signal?.addEventListener('abort', abort);
      source.on('version', onVersion);
      source.on('stopped', abort);
      opts.onOpen?.();
      send(`retry: ${RETRY_MS}\n\n`);
      // Versions restart from 0 with the server, so any difference (not only "older") means
      // the client's view is out of date.
      const now = source.current();
      if (opts.lastEventId !== now.version) onVersion(now);
    },
    cancel() {
      cleanup?.();
    },
  });
}
