'use client';

import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useReducer } from 'react';
import type { LiveViewName, LiveViewsEvent, VersionEvent, ViewDelta, ViewResetEvent, ViewSnapshotEvent } from '@/lib/api/dto';
import type { LiveSnapshot } from '@/lib/api/live-delta';
import { holdsOtherVersion, initialConnection, reduceConnection, refusalOf, retryDelayMs, type ConnectionState } from './connection';
import { queryKeys } from './keys';
import { LiveApplier } from './live-apply';
import { deltasWanted, heldViews, keyOfView, streamUrl, viewOfKey } from './live-views';
import { apiPaths } from './paths';

/** As many views as the server follows per stream (lib/kube/cache/live-feeds.ts). */
const MAX_VIEWS = 4;
/** A view set that changes (navigation) reconnects the stream after this pause, once. */
const RESUBSCRIBE_MS = 50;
const REFETCH_FLAG = 'everynode.live';

/** `?live=refetch` once in a tab keeps that tab on the refetch design until it closes (A/B). */
function deltasOn(): boolean {
  if (typeof window === 'undefined') return true;
  if (!deltasWanted(window.location.search)) sessionStorage.setItem(REFETCH_FLAG, 'refetch');
  return sessionStorage.getItem(REFETCH_FLAG) !== 'refetch';
}

function parse<T>(e: Event): T | undefined {
  try {
    return JSON.parse((e as MessageEvent<string>).data) as T;
  } catch {
    return undefined;
  }
}

/** The views this tab shows now, with the version it holds of each. */
function currentViews(queryClient: QueryClient, ctx: string) {
  const queries = queryClient.getQueryCache().findAll({ queryKey: queryKeys.snapshot(ctx) });
  return heldViews(
    ctx,
    // Data dated 0 is the first page's compact detail, about to be fetched whole: followed once it is.
    queries.map((q) => ({ key: q.queryKey, observed: q.getObserversCount() > 0, version: q.state.dataUpdatedAt > 0 ? (q.state.data as { version?: number } | undefined)?.version : undefined })),
    MAX_VIEWS,
  );
}

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
  const deltas = deltasOn();

  useEffect(() => {
    if (!ctx) return;
    dispatch({ type: 'reset' });
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let flush: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let closed = false;
    /** Views the server keeps live on the open stream: version events do not refetch them. */
    let covered = new Set<LiveViewName>();
    /** The view names the open stream was asked for (versions left out: they change with every delta). */
    let asked = '';
    let resubscribe: ReturnType<typeof setTimeout> | undefined;
    /** Deltas and snapshots reach the cache (and React) at most once per frame. */
    const live = new LiveApplier({ get: (key) => queryClient.getQueryData<LiveSnapshot>(key), set: (key, snapshot) => queryClient.setQueryData(key, snapshot) });

    /** Refetches, at most once per window, the snapshot queries not kept live by deltas. */
    const invalidate = () => {
      if (flush) return;
      flush = setTimeout(() => {
        flush = undefined;
        void queryClient.invalidateQueries({
          queryKey: queryKeys.snapshot(ctx),
          predicate: (q) => {
            const view = viewOfKey(ctx, q.queryKey);
            return view === undefined || !covered.has(view);
          },
        });
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

    /** Reopens the stream with the views and versions the tab holds now (navigation, a delta that does not fit). */
    const reopen = () => {
      clearTimeout(resubscribe);
      resubscribe = setTimeout(() => {
        resubscribe = undefined;
        if (closed) return;
        source?.close();
        connect();
      }, RESUBSCRIBE_MS);
    };

    const connect = () => {
      live.flush(); // the versions the new stream is asked from are those the cache holds
      const views = deltas ? currentViews(queryClient, ctx) : [];
      asked = views.map((v) => v.view).join(' ');
      covered = new Set();
      source = new EventSource(views.length > 0 ? streamUrl(ctx, views) : apiPaths.events(ctx));
      source.addEventListener('live', (e) => {
        covered = new Set(parse<LiveViewsEvent>(e)?.views ?? []);
      });
      source.addEventListener('delta', (e) => {
        const delta = parse<ViewDelta>(e);
        // Out of step (e.g. a refetch landed in between): the server resends what fits.
        if (delta && !live.delta(keyOfView(ctx, delta.view), delta)) reopen();
      });
      source.addEventListener('snapshot', (e) => {
        const s = parse<ViewSnapshotEvent>(e);
        if (s) live.snapshot(keyOfView(ctx, s.view), s.snapshot);
      });
      source.addEventListener('reset', (e) => {
        const r = parse<ViewResetEvent>(e);
        if (!r) return;
        live.drop(keyOfView(ctx, r.view));
        void queryClient.invalidateQueries({ queryKey: keyOfView(ctx, r.view), exact: true });
      });
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
        // Refetch only what was fetched at another version (the first event usually confirms the
        // page), and nothing the stream keeps live by deltas.
        const cached = queryClient.getQueriesData<{ version?: number }>({ queryKey: queryKeys.snapshot(ctx) });
        const stale = cached.filter(([key]) => {
          const view = viewOfKey(ctx, key);
          return view === undefined || !covered.has(view);
        });
        if (holdsOtherVersion(stale.map(([, data]) => data?.version), payload.version)) invalidate();
      });
      // The server ends this stream on purpose (maximum lifetime): reconnect now, quietly.
      source.addEventListener('bye', () => {
        source?.close();
        if (!closed) connect();
      });
      source.onerror = () => {
        dispatch({ type: 'error', at: new Date().toISOString() });
        // EventSource retries by itself unless the server refused the stream (CLOSED). A delta
        // stream is reopened by hand instead: its URL must name the versions the tab holds now.
        if (source?.readyState === EventSource.CLOSED && !closed) {
          source.close();
          void retryLater();
        } else if (asked !== '' && !closed) {
          source?.close();
          void retryLater();
        } else {
          attempt += 1;
        }
      };
    };

    // Navigation changes the views the tab shows: follow them (once their data is there).
    const unsubscribe = deltas
      ? queryClient.getQueryCache().subscribe((event) => {
          if (closed || !['observerAdded', 'observerRemoved', 'updated', 'removed'].includes(event.type)) return;
          if (viewOfKey(ctx, event.query.queryKey) === undefined) return;
          const now = currentViews(queryClient, ctx).map((v) => v.view).join(' ');
          if (now !== asked) {
            asked = now;
            reopen();
          }
        })
      : undefined;

    connect();
    return () => {
      closed = true;
      live.close();
      unsubscribe?.();
      source?.close();
      clearTimeout(retry);
      clearTimeout(flush);
      clearTimeout(resubscribe);
    };
  }, [ctx, queryClient, deltas]);

  return state;
}
