'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useReducer } from 'react';
import type { VersionEvent } from '@/lib/api/dto';
import { holdsOtherVersion, initialConnection, reduceConnection, type ConnectionState } from './connection';
import { queryKeys } from './keys';
import { apiPaths } from './paths';

/** Bursts of cluster changes (a rollout) become at most one refetch per this window. */
const INVALIDATE_EVERY_MS = 250;
const RETRY_MS = [1_000, 2_000, 5_000, 10_000];

/**
 * Opens the tab's single EventSource for `ctx` and invalidates that context's snapshot queries
 * whenever the server reports a version the cached data does not have (also right after a reconnect).
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
      source.onerror = () => {
        dispatch({ type: 'error', at: new Date().toISOString() });
        // EventSource retries by itself unless the server refused the stream (CLOSED).
        if (source?.readyState === EventSource.CLOSED && !closed) {
          source.close();
          const delay = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 10_000;
          attempt += 1;
          retry = setTimeout(connect, delay);
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
