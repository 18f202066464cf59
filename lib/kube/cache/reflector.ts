import 'server-only';
import { Backoff } from './backoff';
import { applyEvent, applyList, emptyStore, type Change, type Store, type WatchEvent } from './reducer';
import type { KubeObject } from './slim';
import { HttpStatusError, type Transport, type WatchHandle } from './transport';

/**
 * List + watch for one kind, forever: the initial LIST fills the store, the watch resumes from
 * the last resourceVersion, a 410 Gone (on the watch or as an ERROR event) triggers a relist,
 * and every other failure restarts after an exponential backoff (capped at 30 s). Unlike
 * client-node 1.x informers, no error ever stops it; only stop() does.
 */

export interface ReflectorSpec {
  kind: string;
  /** Collection path across all namespaces, e.g. /api/v1/pods. */
  path: string;
  accept?: (obj: KubeObject) => boolean;
  slim?: (obj: KubeObject) => KubeObject;
}

export interface ReflectorHooks {
  onChanges: (changes: Change[]) => void;
  /** Healthy: LIST done or watch open. Unhealthy: the last attempt failed (err says why). */
  onHealth: (healthy: boolean, err?: unknown) => void;
  /** Counts restarts caused by errors (for the watch-restarts metric). */
  onRestart?: (reason: string) => void;
}

export interface ReflectorOptions {
  pageSize?: number;
  /** Server-side watch timeout range in seconds (a random value in it per watch, like client-go). */
  watchTimeoutSeconds?: [number, number];
  /** A watch with no bytes (events or bookmarks) for this long is reopened. */
  idleMs?: number;
  backoff?: Backoff;
}

type WatchOutcome = 'ended' | 'expired';

const isGone = (err: unknown) => err instanceof HttpStatusError && err.statusCode === 410;

export class Reflector {
  readonly store: Store = emptyStore();
  synced = false;
  private stopped = false;
  private current: WatchHandle | undefined;
  private wake: (() => void) | undefined;
  private readonly backoff: Backoff;
  private readonly pageSize: number;
  private readonly timeoutRange: [number, number];
  private readonly idleMs: number;

  constructor(
    private readonly spec: ReflectorSpec,
    private readonly transport: Transport,
    private readonly hooks: ReflectorHooks,
    opts: ReflectorOptions = {},
  ) {
    this.backoff = opts.backoff ?? new Backoff();
    this.pageSize = opts.pageSize ?? 500;
    this.timeoutRange = opts.watchTimeoutSeconds ?? [300, 600];
    this.idleMs = opts.idleMs ?? 120_000;
  }

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.current?.stop();
    this.wake?.();
  }

  private async run(): Promise<void> {
    let needList = true;
    while (!this.stopped) {
      try {
        if (needList) {
          await this.list();
          needList = false;
          this.backoff.reset();
          this.hooks.onHealth(true);
        }
        const started = Date.now();
        const outcome = await this.watchOnce();
        if (outcome === 'expired') {
          needList = true;
        } else if (Date.now() - started < 1000) {
          // A watch that closes right after opening is a failure in disguise: do not spin.
          await this.sleep(this.backoff.next());
        }
      } catch (err) {
        if (this.stopped) break;
        if (isGone(err)) {
          needList = true;
          continue;
        }
        this.hooks.onHealth(false, err);
        this.hooks.onRestart?.(err instanceof HttpStatusError ? `http_${err.statusCode}` : 'error');
        await this.sleep(this.backoff.next());
      }
    }
  }

  private async list(): Promise<void> {
    const kept: KubeObject[] = [];
    let cont: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.transport.getJson<{ items?: KubeObject[]; metadata?: { continue?: string; resourceVersion?: string } }>(
        this.spec.path,
        { limit: this.pageSize, continue: cont },
      );
      for (const item of page.items ?? []) {
        if (this.spec.accept && !this.spec.accept(item)) continue;
        kept.push(this.spec.slim ? this.spec.slim(item) : item);
      }
      cont = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      if (this.stopped) return;
    } while (cont);
    const changes = applyList(this.store, kept, resourceVersion);
    this.synced = true;
    if (changes.length > 0) this.hooks.onChanges(changes);
  }

  private watchOnce(): Promise<WatchOutcome> {
    return new Promise<WatchOutcome>((resolve, reject) => {
      if (this.stopped) return resolve('ended');
      const [lo, hi] = this.timeoutRange;
      const timeoutSeconds = Math.floor(lo + Math.random() * (hi - lo));
      let expired = false;
      let failure: Error | undefined;
      let opened = false;
      const handle = this.transport.watch(
        this.spec.path,
        { resourceVersion: this.store.resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
        {
          onOpen: () => {
            opened = true;
            this.hooks.onHealth(true);
          },
          onEvent: (event: WatchEvent) => {
            if (event.type === 'ERROR') {
              const status = event.object as { code?: number; message?: string };
              if (status?.code === 410) expired = true;
              else failure = new HttpStatusError(status?.code ?? 500, status);
              handle.stop();
              return;
            }
            const changes = applyEvent(this.store, event, { accept: this.spec.accept, slim: this.spec.slim });
            if (changes.length > 0) this.hooks.onChanges(changes);
          },
          onClose: (err) => {
            this.current = undefined;
            if (expired) return resolve('expired');
            if (failure) return reject(failure);
            if (!err || this.stopped) return resolve('ended');
            // A silent but open watch is reopened quietly; only a failed reopen means trouble.
            if (opened && (err as { code?: unknown }).code === 'ETIMEDOUT') return resolve('ended');
            reject(err);
          },
        },
        this.idleMs,
      );
      this.current = handle;
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
