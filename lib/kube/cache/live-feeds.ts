import 'server-only';
import type { LiveViewName, LiveViewsEvent, ViewDelta, ViewResetEvent, ViewSnapshotEvent } from '@/lib/api/dto';
import { diffViews, rowSize, serialise, splitView, type LiveSnapshot, type SerialView } from '@/lib/api/live-delta';
import { describeError, unavailable } from '@/lib/errors';
import type { Identity } from '@/lib/kube/contexts';
import { liveTimings } from '@/lib/kube/metrics';

/**
 * Live views on the server: one feed per (cache, view, viewer) follows the cache's versions, reads
 * the view once per version, diffs it against the previous one and keeps the last deltas encoded,
 * so every tab holding the view shares one read, one diff and the same bytes. A tab takes from a
 * feed only when its stream has room: the chain of deltas since the version it holds, or one
 * snapshot when that version is older than the chain (or the chain would cost more than a
 * snapshot). A slow tab therefore never queues more than one such catch-up.
 */

/** Deltas kept per view: a tab more than this many versions behind gets a snapshot. */
export const DELTA_WINDOW = 64;
/** A feed nobody holds keeps following this long, so a reconnecting tab still gets deltas. */
export const FEED_IDLE_MS = 30_000;
/** Views one stream may follow. */
export const MAX_VIEWS_PER_STREAM = 4;
/** Distinct live views per cluster (each costs one read per version): past it a stream asking for a new one gets 503. */
export const MAX_FEEDS = 256;

export interface VersionEmitter {
  on(event: 'version', listener: () => void): unknown;
  off(event: 'version', listener: () => void): unknown;
}

const encoder = new TextEncoder();
const frame = (event: string, data: unknown) => encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

interface Link {
  from: number;
  to: number;
  bytes: Uint8Array;
}

interface Latest {
  version: number;
  serial: SerialView;
  snapshot: LiveSnapshot;
  /** Encoded on first need, once per version. */
  bytes?: Uint8Array;
  /** Serialised size, to decide when a chain costs more than a snapshot. */
  size: number;
  /** When the cache announced the first version this read covers (performance.now()). */
  announcedAt: number | undefined;
}

/** What a tab receives from one feed at a time. */
export type Catchup = { kind: 'none' } | { kind: 'frames'; bytes: Uint8Array[]; to: number } | { kind: 'reset'; bytes: Uint8Array };

export class ViewFeed {
  private latest: Latest | undefined;
  private chain: Link[] = [];
  private reset: { message: string; bytes: Uint8Array } | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly listeners = new Set<() => void>();
  private holders = 0;
  private idle: ReturnType<typeof setTimeout> | undefined;
  /** The first announcement not yet read: a delivery's delay counts from it. */
  private announcedAt: number | undefined;
  private readonly onVersion = () => {
    this.announcedAt ??= performance.now();
    void this.advance();
  };

  constructor(
    readonly view: LiveViewName,
    private readonly read: () => Promise<LiveSnapshot>,
    private readonly source: VersionEmitter,
    private readonly onRetire: () => void,
  ) {
    source.on('version', this.onVersion);
  }

  /** Brings the feed to the cache's current version: one read and diff, however many tabs wait. */
  advance(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.step();
      } while (this.again);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async step(): Promise<void> {
    const started = performance.now();
    const announcedAt = this.announcedAt;
    this.announcedAt = undefined;
    let snapshot: LiveSnapshot;
    try {
      snapshot = await this.read();
    } catch (err) {
      // E.g. the DaemonSet was deleted: tabs refetch and show the route's answer in words.
      const message = describeError(err);
      if (this.reset?.message !== message) {
        const event: ViewResetEvent = { view: this.view, message };
        this.reset = { message, bytes: frame('reset', event) };
        this.latest = undefined;
        this.chain = [];
        this.notify();
      }
      return;
    }
    this.reset = undefined;
    const prev = this.latest;
    if (prev && snapshot.version === prev.version) return;
    const serial = serialise(splitView(this.view, snapshot));
    let size = 0;
    for (const text of serial.rest.values()) size += text.length;
    for (const list of Object.values(serial.lists)) for (const parts of list.byKey.values()) size += rowSize(parts);
    if (prev) {
      const delta: ViewDelta = diffViews(this.view, prev.version, snapshot.version, prev.serial, serial);
      this.chain.push({ from: prev.version, to: snapshot.version, bytes: frame('delta', delta) });
      if (this.chain.length > DELTA_WINDOW) this.chain.shift();
    }
    this.latest = { version: snapshot.version, serial, snapshot, size, announcedAt };
    liveTimings.read(this.view, (performance.now() - started) / 1000);
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  /** What brings a tab holding `version` (undefined: nothing usable) up to the latest. */
  catchup(version: number | undefined): Catchup {
    if (this.reset) return { kind: 'reset', bytes: this.reset.bytes };
    const latest = this.latest;
    if (!latest || version === latest.version) return { kind: 'none' };
    const start = version === undefined ? -1 : this.chain.findIndex((l) => l.from === version);
    if (start >= 0) {
      const links = this.chain.slice(start);
      const bytes = links.reduce((n, l) => n + l.bytes.length, 0);
      if (bytes <= latest.size) {
        this.timeDelivery(latest);
        return { kind: 'frames', bytes: links.map((l) => l.bytes), to: latest.version };
      }
    }
    // A tab that held a version is following along, whatever it is sent; a first subscription is not timed.
    if (version !== undefined) this.timeDelivery(latest);
    const event: ViewSnapshotEvent = { view: this.view, snapshot: latest.snapshot };
    latest.bytes ??= frame('snapshot', event);
    return { kind: 'frames', bytes: [latest.bytes], to: latest.version };
  }

  private timeDelivery(latest: Latest): void {
    if (latest.announcedAt !== undefined) liveTimings.delivered(this.view, (performance.now() - latest.announcedAt) / 1000);
  }

  hold(listener: () => void): () => void {
    this.holders += 1;
    clearTimeout(this.idle);
    this.idle = undefined;
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      this.holders -= 1;
      if (this.holders === 0) {
        this.idle = setTimeout(() => this.retire(), FEED_IDLE_MS);
        this.idle.unref?.();
      }
    };
  }

  retire(): void {
    clearTimeout(this.idle);
    this.source.off('version', this.onVersion);
    this.listeners.clear();
    this.onRetire();
  }
}

/** Feeds of one cache, by view and viewer. */
const feedsByCache = new WeakMap<object, Map<string, ViewFeed>>();

/** Proxy mode cuts answers per person: their feeds are theirs; in kubeconfig mode everyone shares. */
export function viewerKey(viewer: Identity | undefined): string {
  return viewer ? JSON.stringify([viewer.user, [...(viewer.groups ?? [])].sort()]) : '';
}

/** The feed of `view` for `viewer` on `cache`, started on first use. */
export function feedFor(cache: VersionEmitter & object, view: LiveViewName, viewer: Identity | undefined, read: () => Promise<LiveSnapshot>): ViewFeed {
  let feeds = feedsByCache.get(cache);
  if (!feeds) feedsByCache.set(cache, (feeds = new Map()));
  const key = `${view}\u0000${viewerKey(viewer)}`;
  let feed = feeds.get(key);
  if (!feed) {
    if (feeds.size >= MAX_FEEDS) throw unavailable(`the server already follows ${MAX_FEEDS} live views of this cluster; try again later, or open the page without live deltas (?live=refetch)`);
    const map = feeds;
    feed = new ViewFeed(view, read, cache, () => map.delete(key));
    feeds.set(key, feed);
  }
  return feed;
}

/** Feeds currently running for `cache` (tests, bench). */
export function feedCount(cache: object): number {
  return feedsByCache.get(cache)?.size ?? 0;
}

/** One stream's hold on its views: what its tab holds of each, and the bytes that bring it up to date. */
export interface LiveSubscription {
  /** `event: live` naming the views, sent first. */
  preamble: Uint8Array;
  /** The catch-up bytes for every view (undefined when the tab is current); advances the tab's versions. */
  take(): Uint8Array | undefined;
  /** Calls `listener` when a feed has something new. */
  listen(listener: () => void): void;
  close(): void;
}

export async function subscribe(feeds: { feed: ViewFeed; version: number | undefined }[]): Promise<LiveSubscription> {
  await Promise.all(feeds.map(({ feed }) => feed.advance()));
  const held = feeds.map(({ feed, version }) => ({ feed, version, told: false }));
  let listener: (() => void) | undefined;
  const releases = held.map(({ feed }) => feed.hold(() => listener?.()));
  const event: LiveViewsEvent = { views: feeds.map(({ feed }) => feed.view) };
  return {
    preamble: frame('live', event),
    take() {
      const parts: Uint8Array[] = [];
      for (const h of held) {
        const c = h.feed.catchup(h.version);
        if (c.kind === 'frames') {
          parts.push(...c.bytes);
          h.version = c.to;
          h.told = false;
        } else if (c.kind === 'reset' && !h.told) {
          parts.push(c.bytes);
          h.version = undefined;
          h.told = true;
        }
      }
      return parts.length === 0 ? undefined : concatAll(parts);
    },
    listen(l) {
      listener = l;
    },
    close() {
      listener = undefined;
      for (const release of releases.splice(0)) release();
    },
  };
}

export function concatAll(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `EVERYNODE_LIVE_DELTAS=false` turns deltas off: streams then carry versions only and tabs refetch (the design before deltas). */
export function liveDeltasEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.EVERYNODE_LIVE_DELTAS?.trim().toLowerCase() !== 'false';
}

