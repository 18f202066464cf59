import 'server-only';
import { EventEmitter } from 'node:events';
import type { KubeConfig } from '@kubernetes/client-node';
import type { CacheStatus, VersionEvent } from '@/lib/api/dto';
import { describeError, logDetail } from '@/lib/errors';
import { logger } from '@/lib/log';
import { EVENT_KINDS, EventIndex, involvedOf, slimEvent, type KubeEvent } from './event-index';
import type { Change } from './reducer';
import { Reflector, type ReflectorOptions, type ReflectorSpec } from './reflector';
import { isDaemonPod, isDaemonRevision, isHeartbeatOnly, slim, type CachedKind, type KubeObject } from './slim';
import { throttle } from './throttle';
import { Transport } from './transport';

/** What the cache feeds: the coverage engine's mutation side. */
export interface CoverageSink {
  upsert(kind: CachedKind, obj: KubeObject): void;
  remove(kind: CachedKind, obj: KubeObject): void;
}

const SPECS: (ReflectorSpec & { kind: CachedKind })[] = [
  { kind: 'Node', path: '/api/v1/nodes', slim: slim.Node },
  { kind: 'DaemonSet', path: '/apis/apps/v1/daemonsets', slim: slim.DaemonSet },
  { kind: 'Pod', path: '/api/v1/pods', accept: isDaemonPod, slim: slim.Pod },
  { kind: 'ControllerRevision', path: '/apis/apps/v1/controllerrevisions', accept: isDaemonRevision, slim: slim.ControllerRevision },
];

/** How often Events past their age are dropped (the API server deletes them too; this bounds a missed DELETED). */
const EVENT_SWEEP_MS = 60_000;

/**
 * Events bump the version at most this often: kubelets repeat BackOff / FailedScheduling Events
 * all the time, and each bump makes every tab refetch, so Events alone must not keep tabs busy.
 */
export const EVENT_VERSION_INTERVAL_MS = 2_000;

/** Minimum time between two `version` notifications to subscribers. */
export const NOTIFY_INTERVAL_MS = 100;

export interface ClusterCacheEvents {
  version: [VersionEvent];
  /** The cache stopped for good (e.g. replaced after a kubeconfig change): subscribers should let go. */
  stopped: [];
}

export interface ClusterCacheOptions {
  reflector?: ReflectorOptions;
  /** Where `version` starts: a cache replacing another continues its count, so a tab's Last-Event-ID never matches by coincidence. */
  firstVersion?: number;
  onRestart?: (kind: CachedKind | 'Event', reason: string) => void;
}

/**
 * One cluster's shared, watch-backed view: four reflectors feed the coverage engine, every
 * applied change bumps `version`, and subscribers hear about it at most every 100 ms.
 * One instance per kubeconfig context, shared by every request and SSE client.
 */
export class ClusterCache<E extends CoverageSink = CoverageSink> extends EventEmitter<ClusterCacheEvents> {
  version = 0;
  private readonly transport: Transport;
  private readonly reflectors: Map<CachedKind, Reflector>;
  private readonly unhealthy = new Map<CachedKind, string>();
  private staleSince: Date | undefined;
  private lastState: CacheStatus['state'] = 'syncing';
  private lastNotified = '';
  /** Coalesced, and silent when nothing a subscriber can see has changed (e.g. retries while stale). */
  private readonly notify = throttle(() => {
    const event = this.current();
    const signature = JSON.stringify(event);
    if (signature === this.lastNotified) return;
    this.lastNotified = signature;
    this.emit('version', event);
  }, NOTIFY_INTERVAL_MS);
  private readyWaiters: (() => void)[] = [];
  private stopped = false;
  /** Events about tracked objects, from one watch of all Events (started once the kinds above are synced). */
  readonly events = new EventIndex();
  private readonly eventReflector: Reflector;
  private eventsStarted = false;
  private eventsError: string | undefined;
  private readonly eventSweep: ReturnType<typeof setInterval>;
  private readonly eventsChanged = throttle(() => {
    if (this.stopped) return;
    this.version += 1;
    this.notify.trigger();
  }, EVENT_VERSION_INTERVAL_MS);

  constructor(
    readonly context: string,
    kc: KubeConfig,
    readonly engine: E,
    opts: ClusterCacheOptions = {},
  ) {
    super();
    this.version = opts.firstVersion ?? 0;
    this.setMaxListeners(0); // one listener per SSE client
    this.transport = new Transport(kc);
    this.reflectors = new Map(
      SPECS.map((spec) => [
        spec.kind,
        new Reflector(
          spec,
          this.transport,
          {
            onChanges: (changes) => this.apply(spec.kind, changes),
            onHealth: (healthy, err) => this.health(spec.kind, healthy, err),
            onRestart: (reason) => opts.onRestart?.(spec.kind, reason),
          },
          opts.reflector,
        ),
      ]),
    );
    this.eventReflector = new Reflector(
      { kind: 'Event', path: '/api/v1/events', accept: (e) => this.tracksEvent(e), slim: slimEvent },
      this.transport,
      {
        onChanges: (changes) => this.applyEvents(changes),
        onHealth: (healthy, err) => this.eventsHealth(healthy, err),
        onRestart: (reason) => opts.onRestart?.('Event', reason),
      },
      opts.reflector,
    );
    this.eventSweep = setInterval(() => this.dropEvents(this.events.sweep()), EVENT_SWEEP_MS);
    this.eventSweep.unref();
  }

  start(): this {
    for (const r of this.reflectors.values()) r.start();
    return this;
  }

  stop(): void {
    this.stopped = true;
    for (const r of this.reflectors.values()) r.stop();
    this.eventReflector.stop();
    clearInterval(this.eventSweep);
    this.eventsChanged.cancel();
    this.notify.cancel();
    this.transport.destroy();
    this.emit('stopped');
    this.removeAllListeners();
  }

  get synced(): boolean {
    for (const r of this.reflectors.values()) if (!r.synced) return false;
    return true;
  }

  status(): CacheStatus {
    const state: CacheStatus['state'] = !this.synced ? 'syncing' : this.unhealthy.size > 0 ? 'stale' : 'ready';
    const error = this.unhealthy.values().next().value;
    return {
      state,
      version: this.version,
      ...(state === 'stale' && this.staleSince ? { staleSince: this.staleSince.toISOString() } : {}),
      ...(error && state !== 'ready' ? { error } : {}),
    };
  }

  /** The version event a new subscriber should see first. */
  current(): VersionEvent {
    return { version: this.version, cache: this.status() };
  }

  /** Seconds since the cache lost a watch (0 while healthy). */
  stalenessSeconds(now = Date.now()): number {
    return this.staleSince ? Math.max(0, (now - this.staleSince.getTime()) / 1000) : 0;
  }

  /** Resolves once every kind has been listed; rejects after `timeoutMs`. */
  whenReady(timeoutMs = 30_000): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== done);
        const s = this.status();
        reject(new Error(`cache for "${this.context}" not ready after ${timeoutMs} ms${s.error ? `: ${s.error}` : ''}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.readyWaiters.push(done);
    });
  }

  /** The stored objects of one kind (slimmed), for routes that need raw facts. */
  objects(kind: CachedKind): IterableIterator<KubeObject> {
    return this.reflectors.get(kind)!.store.items.values();
  }

  get(kind: CachedKind, key: string): KubeObject | undefined {
    return this.reflectors.get(kind)!.store.items.get(key);
  }

  /** The Events watch's trouble, in words (it does not make the cache stale: Events are secondary). */
  eventsStatus(): { synced: boolean; error?: string } {
    return { synced: this.eventReflector.synced, ...(this.eventsError ? { error: this.eventsError } : {}) };
  }

  /** Resolves once the Events watch has listed (tests, bench); rejects after `timeoutMs`. */
  async whenEventsReady(timeoutMs = 30_000): Promise<void> {
    await this.whenReady(timeoutMs);
    const deadline = Date.now() + timeoutMs;
    while (!this.eventReflector.synced) {
      if (Date.now() > deadline) throw new Error(`events of "${this.context}" not listed after ${timeoutMs} ms${this.eventsError ? `: ${this.eventsError}` : ''}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Open sockets to the API server (leak check). */
  socketCount(): number {
    return this.transport.socketCount();
  }

  private apply(kind: CachedKind, changes: Change[]): void {
    if (this.stopped) return;
    // Heartbeat-only node updates reach the engine (the node page shows the time) but are not
    // announced: a new version makes every tab refetch.
    let visible = false;
    for (const change of changes) {
      if (!(kind === 'Node' && change.type === 'upsert' && change.previous && isHeartbeatOnly(change.previous, change.obj))) visible = true;
      try {
        if (change.type === 'upsert') this.engine.upsert(kind, change.obj);
        else this.engine.remove(kind, change.obj);
      } catch (err) {
        // One odd object must not take the cache down; it is logged and skipped.
        logger.warn({ err: describeError(err), cause: logDetail(err), kind, name: change.obj.metadata?.name }, 'engine rejected an object');
      }
    }
    if (!visible) return;
    this.version += 1;
    this.afterChange();
  }

  /**
   * Events about what the cache tracks: DaemonSets, Nodes, and pods in namespaces that hold a
   * DaemonSet (a daemon pod's first Events can arrive before the pod itself, so its name cannot be
   * the test). Everything else (Deployments' pods, Jobs, ...) is dropped on arrival.
   */
  private tracksEvent(obj: KubeObject): boolean {
    const o = involvedOf(obj as KubeEvent);
    if (!EVENT_KINDS.has(o.kind)) return false;
    if (o.kind !== 'Pod') return true;
    for (const ds of this.objects('DaemonSet')) if (ds.metadata?.namespace === o.namespace) return true;
    return false;
  }

  private applyEvents(changes: Change[]): void {
    if (this.stopped) return;
    this.dropEvents(this.events.apply(changes));
    this.eventsChanged.trigger();
  }

  /** Events the index let go of leave the reflector's store too (that is where the memory is). */
  private dropEvents(keys: string[]): void {
    for (const k of keys) this.eventReflector.store.items.delete(k);
  }

  private eventsHealth(healthy: boolean, err?: unknown): void {
    if (healthy) {
      this.eventsError = undefined;
      return;
    }
    const text = `Event watch: ${describeError(err)}`;
    if (this.eventsError === undefined) logger.warn({ context: this.context, error: text, cause: logDetail(err) }, 'events unavailable');
    this.eventsError = text;
  }

  private health(kind: CachedKind, healthy: boolean, err?: unknown): void {
    if (this.stopped) return;
    if (healthy) {
      this.unhealthy.delete(kind);
      if (this.unhealthy.size === 0) this.staleSince = undefined;
    } else {
      const text = `${kind} watch: ${describeError(err)}`;
      if (!this.unhealthy.has(kind)) logger.warn({ context: this.context, kind, error: text, cause: logDetail(err) }, 'watch lost');
      this.unhealthy.set(kind, text);
      this.staleSince ??= new Date();
    }
    this.afterChange();
  }

  private afterChange(): void {
    const state = this.status().state;
    if (state !== this.lastState) {
      logger.info({ context: this.context, from: this.lastState, to: state }, 'cache state');
      this.lastState = state;
    }
    if (this.synced && !this.eventsStarted && !this.stopped) {
      // After the DaemonSets are known, so the first LIST of Events can tell which pods are theirs.
      this.eventsStarted = true;
      this.eventReflector.start();
    }
    if (this.synced && this.readyWaiters.length > 0) {
      const waiters = this.readyWaiters;
      this.readyWaiters = [];
      for (const w of waiters) w();
    }
    this.notify.trigger();
  }
}
