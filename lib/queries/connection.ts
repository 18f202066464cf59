import type { CacheStatus, VersionEvent } from '@/lib/api/dto';

/**
 * State of the one live stream a tab holds: the transport (EventSource) and the server cache
 * behind it. Pure, so the indicator's wording is unit-tested without a browser.
 */
export interface ConnectionState {
  transport: 'connecting' | 'open' | 'reconnecting';
  cache?: CacheStatus;
  version?: number;
  /** ISO time the stream was lost; kept until it reopens. */
  lostAt?: string;
  /** The server refused the stream (429/503): its words, and when the tab tries again. */
  refused?: { message: string; retryAt: string };
}

export type ConnectionEvent =
  | { type: 'open' }
  | { type: 'error'; at: string }
  | { type: 'version'; payload: VersionEvent }
  | { type: 'refused'; at: string; message: string; retryAt: string }
  | { type: 'reset' };

export const initialConnection: ConnectionState = { transport: 'connecting' };

export function reduceConnection(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  switch (event.type) {
    case 'reset':
      return initialConnection;
    case 'open':
      return { ...state, transport: 'open', lostAt: undefined, refused: undefined };
    case 'error':
      // Keep the first loss time across repeated retries: that is when the data went stale.
      return { ...state, transport: 'reconnecting', lostAt: state.lostAt ?? event.at };
    case 'refused':
      return { ...state, transport: 'reconnecting', lostAt: state.lostAt ?? event.at, refused: { message: event.message, retryAt: event.retryAt } };
    case 'version':
      return { ...state, transport: 'open', lostAt: undefined, refused: undefined, cache: event.payload.cache, version: event.payload.version };
  }
}

/**
 * Whether any cached snapshot was fetched at another version than the one the server announces.
 * Data not yet loaded (undefined) does not count: its fetch will bring the new version anyway.
 */
export function holdsOtherVersion(cachedVersions: (number | undefined)[], announced: number): boolean {
  return cachedVersions.some((v) => v !== undefined && v !== announced);
}

export type ConnectionTone = 'live' | 'busy' | 'stale';
export interface ConnectionView {
  tone: ConnectionTone;
  label: string;
  detail: string;
}

/** After this long without the stream, say "stale" rather than "reconnecting". */
export const STALE_AFTER_MS = 15_000;

function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString([], { hour12: false });
}

export function describeConnection(state: ConnectionState, now: number): ConnectionView {
  if (state.transport === 'reconnecting' && state.refused) {
    const stale = state.lostAt !== undefined && now - Date.parse(state.lostAt) >= STALE_AFTER_MS;
    return {
      tone: stale ? 'stale' : 'busy',
      label: 'Server busy',
      detail: `The server refused the live stream: ${state.refused.message}. Retrying at ${clock(state.refused.retryAt)}${stale ? '; data on screen may be out of date' : ''}.`,
    };
  }
  if (state.transport === 'reconnecting' && state.lostAt) {
    const lostMs = Date.parse(state.lostAt);
    if (now - lostMs >= STALE_AFTER_MS)
      return { tone: 'stale', label: `Stale since ${clock(state.lostAt)}`, detail: 'The live stream to the server is down; data on screen may be out of date. Retrying.' };
    return { tone: 'busy', label: 'Reconnecting…', detail: `Live stream lost at ${clock(state.lostAt)}; retrying.` };
  }
  if (state.transport === 'connecting') return { tone: 'busy', label: 'Connecting…', detail: 'Opening the live stream.' };
  const cache = state.cache;
  if (cache?.state === 'stale') {
    const since = cache.staleSince ? ` since ${clock(cache.staleSince)}` : '';
    return { tone: 'stale', label: `Stale${since}`, detail: `The server lost its watch on the cluster${cache.error ? `: ${cache.error}` : ''}. Retrying.` };
  }
  if (cache?.state === 'syncing') return { tone: 'busy', label: 'Syncing…', detail: 'The server is loading the cluster state.' };
  return { tone: 'live', label: 'Live', detail: state.version !== undefined ? `Up to date (version ${state.version}).` : 'Up to date.' };
}

/** Reconnect delays after the server refused or dropped a stream; the server's Retry-After wins when longer. */
export const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * How long to wait before reconnect attempt `attempt` (0-based): backoff, at least Retry-After,
 * plus up to 50 % jitter so tabs refused together do not come back together.
 */
export function retryDelayMs(attempt: number, retryAfterSeconds: number | undefined, random: number): number {
  const backoff = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]!;
  return Math.round(Math.max(backoff, (retryAfterSeconds ?? 0) * 1000) * (1 + 0.5 * random));
}

/** What a refused probe of the stream says (undefined: the stream would be admitted). */
export function refusalOf(status: number, body: unknown, retryAfter: string | null): { message: string; retryAfterSeconds?: number } | undefined {
  if (status >= 200 && status < 300) return undefined;
  const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) : undefined;
  return { message: typeof message === 'string' && message ? message : `the server answered ${status}`, ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}) };
}
