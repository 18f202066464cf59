import 'server-only';
import { dehydrate, QueryClient, type DehydratedState, type QueryKey } from '@tanstack/react-query';
import { headers } from 'next/headers';
import { COMPACT_FROM_CELLS, compactDetail } from '@/lib/api/compact-detail';
import type { DaemonSetDetailResponse } from '@/lib/api/dto';
import { ctxParams, daemonSetParams, nodeParams, parseParams } from '@/lib/api/params';
import { describeError } from '@/lib/errors';
import { proxyIdentity } from '@/lib/kube/security/identity';
import { logger } from '@/lib/log';
import { defaultContextOf } from '@/lib/queries/default-context';
import { clustersQuery, coverageQuery, daemonSetQuery, nodeQuery, stagedQuery } from '@/lib/queries/options';
import { readClusters, readCoverage, readDaemonSet, readNode } from './reads';
import { readStagedView } from './staged-read';

/**
 * Pages render with their data in place instead of the browser fetching it after the JS loads:
 * the page reads what the route would answer (same validation, same reads) and hands it to
 * react-query under the key the client's query uses, so the browser does not fetch it again.
 */

/**
 * How long a page waits for its data. Past it (a cache still syncing, an unreachable cluster,
 * slow Events) the page renders without that data and the browser fetches it, showing its own
 * loading and error states as before.
 */
export const PREFETCH_BUDGET_MS = 1_500;

export interface ServerQuery {
  /** The client's key for this data (lib/queries/options.ts). */
  queryKey: QueryKey;
  read: (waitMs: number) => Promise<unknown>;
}

/** The person the page is rendered for (proxy mode), read from the request as the routes do. */
async function pageViewer() {
  return proxyIdentity(new Request('http://page.invalid/', { headers: await headers() }));
}

export const serverQueries = {
  clusters: (): ServerQuery => ({ queryKey: clustersQuery().queryKey, read: async () => readClusters() }),
  coverage: (ctx: string): ServerQuery => ({
    queryKey: coverageQuery(ctx).queryKey,
    read: async (waitMs) => readCoverage((await parseParams({ ctx }, ctxParams)).ctx, await pageViewer(), waitMs),
  }),
  daemonSet: (ctx: string, ns: string, name: string): ServerQuery => ({
    queryKey: daemonSetQuery(ctx, ns, name).queryKey,
    read: async (waitMs) => {
      const p = await parseParams({ ctx, ns, name }, daemonSetParams);
      return readDaemonSet(p.ctx, p.ns, p.name, await pageViewer(), waitMs);
    },
  }),
  /** The agent page's staged-rollout panel (null when no plan): without it the browser asks at once. */
  staged: (ctx: string, ns: string, name: string): ServerQuery => ({
    queryKey: stagedQuery(ctx, ns, name).queryKey,
    read: async () => {
      const p = await parseParams({ ctx, ns, name }, daemonSetParams);
      return readStagedView(p.ctx, p.ns, p.name, await pageViewer());
    },
  }),
  node: (ctx: string, node: string): ServerQuery => ({
    queryKey: nodeQuery(ctx, node).queryKey,
    read: async (waitMs) => {
      const p = await parseParams({ ctx, node }, nodeParams);
      return readNode(p.ctx, p.node, await pageViewer(), waitMs);
    },
  }),
};

/** `q`'s read, given up after `ms`; a failure is logged and rethrown (the query is then left out). */
function boundedRead(q: ServerQuery, ms: number): () => Promise<unknown> {
  return () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    });
    return Promise.race([q.read(ms), deadline])
      .finally(() => clearTimeout(timer))
      .catch((err: unknown) => {
        logger.debug({ queryKey: q.queryKey, error: describeError(err) }, 'page rendered without this data; the browser fetches it');
        throw err;
      });
  };
}

/**
 * Reads `queries` in parallel, each bounded by `budgetMs`, and returns the ones that succeeded,
 * dehydrated for <Prefetched>. A failed read is left out: the browser then fetches it and shows
 * the route's error (a 404, a 503 while syncing) exactly as it did without prefetching.
 */
export async function prefetch(queries: ServerQuery[], budgetMs = PREFETCH_BUDGET_MS): Promise<DehydratedState> {
  const client = new QueryClient();
  await Promise.all(queries.map((q) => client.prefetchQuery({ queryKey: q.queryKey, queryFn: boundedRead(q, budgetMs), retry: false })));
  return dehydrate(client);
}

/** `EVERYNODE_COMPACT_FROM_CELLS`: from how many cells the agent page's HTML carries the compact detail. */
function compactFrom(): number {
  const n = Number(process.env.EVERYNODE_COMPACT_FROM_CELLS);
  return process.env.EVERYNODE_COMPACT_FROM_CELLS !== undefined && Number.isInteger(n) && n >= 0 ? n : COMPACT_FROM_CELLS;
}

/**
 * A large DaemonSet detail goes into the HTML compact (lib/api/compact-detail.ts: ready cells
 * without their pods), dated 0 so the browser fetches the whole detail once after the first paint.
 */
function compactLarge(state: DehydratedState): DehydratedState {
  const from = compactFrom();
  return {
    ...state,
    queries: state.queries.map((q) => {
      const data = q.state.data as Partial<DaemonSetDetailResponse> | undefined;
      if (q.queryKey[1] !== 'snapshot' || q.queryKey[3] !== 'daemonset' || !Array.isArray(data?.cells) || data.cells.length < from) return q;
      return { ...q, state: { ...q.state, data: compactDetail(data as DaemonSetDetailResponse), dataUpdatedAt: 0 } };
    }),
  };
}

/** prefetch() as the JSON string <Prefetched> takes; the data is JSON already (what the routes answer). */
export async function prefetchJson(queries: ServerQuery[], budgetMs?: number): Promise<string> {
  return JSON.stringify(compactLarge(await prefetch(queries, budgetMs)));
}

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The context a page shows, as the client decides it: `?ctx=` (its first value), else the default. */
export async function pageContext(searchParams: SearchParams): Promise<string | undefined> {
  const raw = (await searchParams).ctx;
  const fromUrl = Array.isArray(raw) ? raw[0] : raw;
  if (fromUrl !== undefined) return fromUrl;
  try {
    return defaultContextOf(readClusters());
  } catch {
    return undefined; // no usable kubeconfig: the client shows the clusters route's error
  }
}
