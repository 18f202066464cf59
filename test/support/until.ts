/**
 * The one polling helper of the tests, the deploy checks and the bench: waits for a condition
 * instead of sleeping a fixed time.
 */

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Thrown by a probe when waiting cannot help (e.g. the API server refused for good): ends the wait at once. */
export class GiveUp extends Error {}

export interface UntilOptions {
  timeoutMs?: number;
  everyMs?: number;
  /** Whether a probe error means "not yet" (default) or ends the wait with that error. */
  retryErrors?: boolean;
}

/**
 * Polls `fn` until it returns something other than undefined/false, and resolves with it. A probe
 * that throws counts as "not yet" (its last error is named on timeout) unless it throws `GiveUp`
 * or `retryErrors` is false. `timeoutMs` may be given instead of the options.
 */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, opts: UntilOptions | number = {}, everyMs?: number): Promise<T> {
  const o: UntilOptions = typeof opts === 'number' ? { timeoutMs: opts, everyMs } : opts;
  const timeoutMs = o.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      if (err instanceof GiveUp || o.retryErrors === false) throw err;
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(o.everyMs ?? 100);
  }
}
