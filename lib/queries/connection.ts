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
}

export type ConnectionEvent =
  | { type: 'open' }
  | { type: 'error'; at: string }
  | { type: 'version'; payload: VersionEvent }
  | { type: 'reset' };

export const initialConnection: ConnectionState = { transport: 'connecting' };

export function reduceConnection(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  switch (event.type) {
    case 'reset':
      return initialConnection;
    case 'open':
      return { ...state, transport: 'open', lostAt: undefined };
    case 'error':
      // Keep the first loss time across repeated retries: that is when the data went stale.
      return { ...state, transport: 'reconnecting', lostAt: state.lostAt ?? event.at };
    case 'version':
      return { ...state, transport: 'open', lostAt: undefined, cache: event.payload.cache, version: event.payload.version };
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
