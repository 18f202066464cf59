import 'server-only';
import type { ClustersResponse, CoverageResponse, DaemonSetDetailResponse, NodeDetailResponse } from '@/lib/api/dto';
import { coverageResponse, daemonSetDetailResponse, nodeDetailResponse } from '@/lib/api/map';
import { notFound } from '@/lib/errors';
import { nodeEvents } from '@/lib/kube/cache/events';
import { peekCache, readyCache } from '@/lib/kube/cache/registry';
import { currentContext, listContexts, serverOf } from '@/lib/kube/contexts';

/**
 * What the read routes answer, computed once for both callers: the route handlers and the pages
 * that render with their data in place (lib/server-data/prefetch.ts). Arguments are validated
 * by the caller. Every answer comes from the per-context cache, which is cluster-wide state
 * shared by all viewers; nothing here depends on who asks.
 */

/** Every kubeconfig context, which one is current, and its cache state (null until first used). */
export function readClusters(): ClustersResponse {
  const names = listContexts();
  const current = names.length > 0 ? currentContext() : undefined;
  return {
    clusters: names.map((name) => ({
      name,
      current: name === current,
      server: serverOf(name),
      cache: peekCache(name)?.status() ?? null,
    })),
  };
}

/** `waitMs`: how long a cache still in its first sync may take before the read fails with a 503. */
export async function readCoverage(ctx: string, waitMs?: number): Promise<CoverageResponse> {
  const cache = await readyCache(ctx, waitMs);
  return coverageResponse(ctx, cache.version, cache.status(), cache.engine, Date.now());
}

export async function readDaemonSet(ctx: string, namespace: string, name: string, waitMs?: number): Promise<DaemonSetDetailResponse> {
  const cache = await readyCache(ctx, waitMs);
  const agent = cache.engine.agent(namespace, name, Date.now());
  if (!agent) throw notFound(`daemonset ${namespace}/${name} not found in context "${ctx}"`);
  return daemonSetDetailResponse(ctx, cache.version, cache.engine, agent);
}

/** The node's facts and agents come from the cache; its recent Events are listed live. */
export async function readNode(ctx: string, node: string, waitMs?: number): Promise<NodeDetailResponse> {
  const cache = await readyCache(ctx, waitMs);
  const view = cache.engine.nodeView(node, Date.now());
  if (!view) throw notFound(`node ${node} not found in context "${ctx}"`);
  const pods = view.agents.flatMap((a) => a.cell.pods.map((p) => ({ namespace: a.namespace, name: p.name })));
  const events = await nodeEvents(cache, node, pods);
  return nodeDetailResponse(ctx, cache.version, view, events);
}
