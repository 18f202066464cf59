import 'server-only';
import type { ReactNode } from 'react';
import { Prefetched } from '@/lib/queries/prefetched';
import { prefetchJson, type ServerQuery } from './prefetch';

/**
 * Renders `children` with `queries` read on the server and in the browser's cache. Placed inside
 * a Suspense boundary, the page's shell (and its script tags) streams out at once: the browser
 * loads the JS while the server reads, and the data follows in the same response.
 */
export async function WithServerData({ queries, children }: { queries: ServerQuery[]; children: ReactNode }) {
  return <Prefetched json={await prefetchJson(queries)}>{children}</Prefetched>;
}
