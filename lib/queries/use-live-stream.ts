'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useReducer } from 'react';
import type { VersionEvent } from '@/lib/api/dto';
import { holdsOtherVersion, initialConnection, reduceConnection, refusalOf, retryDelayMs, type ConnectionState } from './connection';
import { queryKeys } from './keys';
import { apiPaths } from './paths';

/** Bursts of cluster changes (a rollout) become at most one refetch per this window. */
const INVALIDATE_EVERY_MS = 250;

/**
 * Opens the tab's single EventSource for `ctx` and invalidates that context's snapshot queries
 * whenever the server reports a version the cached data does not have (also right after a reconnect).
 *
 * Reconnects: EventSource retries by itself after a dropped connection. It gives up for good on a
 * non-200 answer (the server's stream caps answer 429/503), and cannot read why; then the tab
 * asks the server with `?probe`, shows the refusal in the indicator, and tries again after the
 * backoff or the server's Retry-After, whichever is longer. A `bye` event (the stream's maximum
 * lifetime) reconnects at once without showing a loss.
 */
export function useLiveStream(ctx: string | undefined): ConnectionState {
  const queryClient = useQueryClient();
  const [state, dispatch] = useReducer(reduceConnection, initialConnection);

  useEffect(() => {
    if (!ctx) return;
    dispatch({ type: 'reset' });
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let flush: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let closed = false;

    const invalidate = () => {
      if (flush) return;
      flush = setTimeout(() => {
        flush = undefined;
        void queryClient.invalidateQueries({ queryKey: queryKeys.snapshot(ctx) });
      }, INVALIDATE_EVERY_MS);
    };

    /** Why the server refused the stream, if it did (a network failure counts as "not refused"). */
    const probe = async () => {
      try {
        const res = await fetch(`${apiPaths.events(ctx)}?probe`, { cache: 'no-store' });
        return refusalOf(res.status, res.status === 204 ? undefined : await res.json().catch(() => undefined), res.headers.get('retry-after'));
      } catch {
        return undefined;
      }
    };

    const retryLater = async () => {
      const refused = await probe();
      if (closed) return;
      const delay = retryDelayMs(attempt, refused?.retryAfterSeconds, Math.random());
      attempt += 1;
      if (refused) {
        const now = Date.now();
        dispatch({ type: 'refused', at: new Date(now).toISOString(), message: refused.message, retryAt: new Date(now + delay).toISOString() });
      }
      retry = setTimeout(connect, delay);
    };

    const connect = () => {
      source = new EventSource(apiPaths.events(ctx));
      // No refetch on (re)open: the server sends its current version first, and the version
      // check below refetches only if it differs from what the page holds.
      source.onopen = () => {
        attempt = 0;
        dispatch({ type: 'open' });
      };
      source.addEventListener('version', (e) => {
        let payload: VersionEvent;
        try {
          payload = JSON.parse((e as MessageEvent<string>).data) as VersionEvent;
        } catch {
          return;
        }
        dispatch({ type: 'version', payload });
        // Refetch only what was fetched at another version (the first event usually confirms the page).
        const cached = queryClient.getQueriesData<{ version?: number }>({ queryKey: queryKeys.snapshot(ctx) });
        if (holdsOtherVersion(cached.map(([, data]) => data?.version), payload.version)) invalidate();
      });
      // The server ends this stream on purpose (maximum lifetime): reconnect now, quietly.
      source.addEventListener('bye', () => {
        source?.close();
        if (!closed) connect();
      });
      source.onerror = () => {
        dispatch({ type: 'error', at: new Date().toISOString() });
        // EventSource retries by itself unless the server refused the stream (CLOSED).
        if (source?.readyState === EventSource.CLOSED && !closed) {
          source.close();
          void retryLater();
        } else {
          attempt += 1;
        }
      };
    };

    connect();
    return () => {
      closed = true;
      source?.close();
      clearTimeout(retry);
      clearTimeout(flush);
    };
  }, [ctx, queryClient]);

  return state;
}
