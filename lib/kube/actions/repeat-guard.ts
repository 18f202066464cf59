import 'server-only';
import type { ActionOutcome } from './outcome';

/**
 * Keeps one action from happening twice when the same request arrives twice (a double click, a
 * retried fetch, two tabs). The cluster alone cannot tell a repeat from a new wish: after `undo`
 * the controller renumbers the restored revision, so a second `undo` would flip back; after a
 * recreate the replacement pod appears within milliseconds, so a second recreate would delete it.
 *
 * Two rules, both per key (action, target, body, actor):
 * - While a request runs, identical ones wait for it and share its outcome: they answer
 *   `changed: false` ("already in progress") when it changed something, its error when it failed.
 *   The entry is taken synchronously before anything is awaited, so concurrent requests cannot
 *   both slip past.
 * - For REPEAT_WINDOW_MS after a change, an identical request is answered "already done" only if
 *   the object is still as that action left it (`state`, the DaemonSet's generation); anything
 *   that changed it since (another rollback, an edit) makes the request act again.
 */
export const REPEAT_WINDOW_MS = 5_000;

export type Repeat = 'in-flight' | 'recent';

export interface Guarded {
  outcome: ActionOutcome;
  /** Set when this request did not act itself. */
  repeat?: Repeat;
}

interface Done {
  at: number;
  outcome: ActionOutcome;
}

interface Entry {
  running?: Promise<Guarded>;
  done?: Done;
}

/** One map per process; Next bundles each route separately, so it lives on globalThis. */
const slot = globalThis as typeof globalThis & { __everynodeActionGuard?: Map<string, Entry> };
const entries = (slot.__everynodeActionGuard ??= new Map());

export interface GuardOptions {
  /** Does the action. */
  perform: () => Promise<ActionOutcome>;
  /** The object's state now, comparable with ActionOutcome.state; undefined when unknown. */
  stateNow: () => Promise<string | undefined>;
  now?: () => number;
}

export function guardedAction(key: string, { perform, stateNow, now = Date.now }: GuardOptions): Promise<Guarded> {
  const started = now();
  for (const [k, e] of entries) if (!e.running && e.done && started - e.done.at > REPEAT_WINDOW_MS) entries.delete(k);

  const entry = entries.get(key);
  if (entry?.running) return entry.running.then(shared);

  const previous = entry?.done;
  const running = (async (): Promise<Guarded> => {
    if (previous?.outcome.state !== undefined) {
      const state = await stateNow().catch(() => undefined);
      if (state === previous.outcome.state) return { outcome: alreadyDone(previous.outcome), repeat: 'recent' };
    }
    return { outcome: await perform() };
  })();
  entries.set(key, { running });

  return running.then(
    (result) => {
      if (result.repeat) entries.set(key, { done: previous });
      else if (result.outcome.changed && result.outcome.state !== undefined) entries.set(key, { done: { at: now(), outcome: result.outcome } });
      else entries.delete(key);
      return result;
    },
    (err: unknown) => {
      entries.delete(key);
      throw err;
    },
  );
}

/** What a request that waited for an identical running one answers. */
function shared(first: Guarded): Guarded {
  if (!first.outcome.changed) return { outcome: first.outcome, repeat: 'in-flight' };
  return { outcome: { ...first.outcome, changed: false, message: `${first.outcome.message} (the same request was already in progress; done once)` }, repeat: 'in-flight' };
}

function alreadyDone(outcome: ActionOutcome): ActionOutcome {
  return { ...outcome, changed: false, message: `${outcome.message} (a moment ago; repeated request ignored)` };
}
