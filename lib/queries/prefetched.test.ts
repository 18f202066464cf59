import { dehydrate, HydrationBoundary, QueryClient, QueryClientProvider, useQuery, type DehydratedState } from '@tanstack/react-query';
import { createElement, type ReactElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Prefetched } from './prefetched';

const key = ['everynode', 'snapshot', 'prod', 'coverage'];

function serverState(): DehydratedState {
  const server = new QueryClient();
  server.setQueryData(key, 'from the server');
  return dehydrate(server);
}

function Reader() {
  const { data } = useQuery({ queryKey: key, queryFn: () => 'fetched', enabled: false });
  return createElement('p', null, String(data ?? 'loading'));
}

/** What a page's first render shows when the header has already created the query, empty (global search). */
function firstRender(boundary: (state: DehydratedState, children: ReactNode) => ReactElement): string {
  const client = new QueryClient();
  client.getQueryCache().build(client, { queryKey: key });
  return renderToString(createElement(QueryClientProvider, { client }, boundary(serverState(), createElement(Reader))));
}

describe('Prefetched', () => {
  it('shows server data in the first render even when the query already exists without data', () => {
    expect(firstRender((state, children) => createElement(Prefetched, { json: JSON.stringify(state) }, children))).toContain('from the server');
    // The reason it exists: HydrationBoundary alone defers such queries until after the first paint.
    expect(firstRender((state, children) => createElement(HydrationBoundary, { state }, children))).toContain('loading');
  });
});
