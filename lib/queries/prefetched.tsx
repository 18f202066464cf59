'use client';

import { hydrate, HydrationBoundary, useQueryClient, type DehydratedState } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { expandDetail, isCompactDetail } from '@/lib/api/compact-detail';

/**
 * Puts server-read data (lib/server-data/prefetch.ts) into the browser's query cache before its
 * children render, so the first HTML and the first client render already show it.
 *
 * `json` is the dehydrated state as one JSON string: React would otherwise encode the data as
 * nested props, which costs more to decode in the browser than one JSON.parse of the string.
 *
 * HydrationBoundary alone holds back every query that already exists in the cache until an
 * effect after commit — including queries that exist but hold no data yet, which the header
 * creates before the page renders (the global search's disabled coverage query). Those are
 * filled here during render instead: nothing shows them yet, so nothing on screen changes
 * mid-render. Queries that hold data keep HydrationBoundary's rule (newer data after commit).
 */
export function Prefetched({ json, children }: { json: string; children?: ReactNode }) {
  const client = useQueryClient();
  const state = useMemo(() => expandCompact(JSON.parse(json) as DehydratedState), [json]);
  useMemo(() => {
    const cache = client.getQueryCache();
    const empty = state.queries.filter((q) => cache.get(q.queryHash)?.state.data === undefined);
    if (empty.length > 0) hydrate(client, { queries: empty });
  }, [client, state]);
  return <HydrationBoundary state={state}>{children}</HydrationBoundary>;
}

/** A large agent detail arrives compact (lib/server-data/prefetch.ts): back to the detail the grid reads. */
function expandCompact(state: DehydratedState): DehydratedState {
  if (!state.queries.some((q) => isCompactDetail(q.state.data))) return state;
  return { ...state, queries: state.queries.map((q) => (isCompactDetail(q.state.data) ? { ...q, state: { ...q.state, data: expandDetail(q.state.data) } } : q)) };
}
