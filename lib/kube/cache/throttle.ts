/**
 * Calls `fn` at most once per `intervalMs`, always after the latest `trigger()`: a burst of
 * changes (a rollout touching 5,000 pods) becomes a handful of notifications, and the last
 * change of a burst is never lost. The first trigger after a quiet period fires on the next tick.
 */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function throttle(fn: () => void, intervalMs: number, timers: Timers = realTimers) {
  let last = -Infinity;
  let pending: unknown = undefined;
  const fire = () => {
    pending = undefined;
    last = timers.now();
    fn();
  };
  return {
    trigger(): void {
      if (pending !== undefined) return;
      const wait = Math.max(0, last + intervalMs - timers.now());
      pending = timers.setTimeout(fire, wait);
    },
    cancel(): void {
      if (pending !== undefined) timers.clearTimeout(pending);
      pending = undefined;
    },
  };
}
