import 'server-only';

/**
 * Remembers actions that just changed something, so an identical request arriving moments later
 * (a double click, a retried fetch) is answered "already done" instead of acting twice. The
 * cluster alone cannot tell: after `undo` the controller renumbers the restored revision, so a
 * second `undo` would flip back; after a recreate the replacement pod appears within
 * milliseconds, so a second recreate would delete it too.
 */
export const REPEAT_WINDOW_MS = 5_000;

interface Done {
  at: number;
  message: string;
}

const slot = globalThis as typeof globalThis & { __everynodeRecentActions?: Map<string, Done> };
const recent = (slot.__everynodeRecentActions ??= new Map());

/** The message of the same action done within the window, if any. */
export function recentlyDone(key: string, now = Date.now()): string | undefined {
  for (const [k, v] of recent) if (now - v.at > REPEAT_WINDOW_MS) recent.delete(k);
  return recent.get(key)?.message;
}

export function remember(key: string, message: string, now = Date.now()): void {
  recent.set(key, { at: now, message });
}

/** For tests. */
export function forgetRecentActions(): void {
  recent.clear();
}
