import type { QueryKey } from '@tanstack/react-query';
import type { ViewDelta } from '@/lib/api/dto';
import { applyDelta, type LiveSnapshot } from '@/lib/api/live-delta';

/**
 * Puts what the event stream brings into the tab's query cache at most once per frame. During a
 * rollout at 5,000 nodes deltas arrive several times a second, and a render of the agent page can
 * take longer than the gap between two of them on a busy machine: applying each one to the cache
 * would queue a render per delta, each later than the last. Deltas are applied as they come (cheap)
 * to a pending snapshot, and the cache, hence React, gets the newest one per frame.
 */

/** Where snapshots live: the react-query cache in the tab, a Map in tests. */
export interface LiveCache {
  get(key: QueryKey): LiveSnapshot | undefined;
  set(key: QueryKey, snapshot: LiveSnapshot): void;
}

/** Runs `flush` once, soon; returns what cancels it. */
export type Schedule = (flush: () => void) => () => void;

/** A hidden tab paints no frames: its cache is still brought up to date this often. */
const HIDDEN_FLUSH_MS = 100;

/** The next animation frame, or HIDDEN_FLUSH_MS when no frame comes (a hidden tab). */
export const nextFrame: Schedule = (flush) => {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    flush();
  };
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, HIDDEN_FLUSH_MS);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
};

export class LiveApplier {
  private readonly pending = new Map<string, { key: QueryKey; snapshot: LiveSnapshot }>();
  private cancel: (() => void) | undefined;

  constructor(
    private readonly cache: LiveCache,
    private readonly schedule: Schedule = nextFrame,
  ) {}

  /** Applies a delta to what the tab will hold; false when it does not fit (the tab must resync). */
  delta(key: QueryKey, delta: ViewDelta): boolean {
    const id = JSON.stringify(key);
    const held = this.pending.get(id)?.snapshot ?? this.cache.get(key);
    if (!held) return true; // nothing shown for this view any more: nothing to keep current
    try {
      this.hold(id, key, applyDelta(held, delta));
      return true;
    } catch {
      this.pending.delete(id);
      return false;
    }
  }

  snapshot(key: QueryKey, snapshot: LiveSnapshot): void {
    this.hold(JSON.stringify(key), key, snapshot);
  }

  /** Forgets what is pending for `key` (the server reset the view: the tab refetches it). */
  drop(key: QueryKey): void {
    this.pending.delete(JSON.stringify(key));
  }

  /** Writes everything pending into the cache now. */
  flush(): void {
    this.cancel?.();
    this.cancel = undefined;
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const { key, snapshot } of all) this.cache.set(key, snapshot);
  }

  close(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.pending.clear();
  }

  private hold(id: string, key: QueryKey, snapshot: LiveSnapshot): void {
    this.pending.set(id, { key, snapshot });
    this.cancel ??= this.schedule(() => {
      this.cancel = undefined;
      this.flush();
    });
  }
}
