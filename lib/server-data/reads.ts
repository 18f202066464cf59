import 'server-only';
import type { ClustersResponse, CoverageResponse, DaemonSetDetailResponse, NodeDetailResponse } from '@/lib/api/dto';
import { coverageResponse, daemonSetDetailResponse, nodeDetailResponse } from '@/lib/api/map';
import { filterCoverage, filterDaemonSet, filterNode, nodeEventSources, nodesWithVisiblePods } from '@/lib/api/read-filter';
import { forbidden, notFound } from '@/lib/errors';
import { nodeEvents } from '@/lib/kube/cache/events';
import { agentCauseSummary, causeDTO, causesOf } from './causes';
import { peekCache, readyCache, type CoverageCache } from '@/lib/kube/cache/registry';
import { currentContext, listContexts, serverOf, type Identity } from '@/lib/kube/contexts';
import { EVERYTHING, readAccessFor, type ReadAccess } from '@/lib/kube/security/read-access';

/**
 * What the read routes answer, computed once for both callers: the route handlers and the pages
 * that render with their data in place (lib/server-data/prefetch.ts). Arguments are validated
 * by the caller. Every answer comes from the per-context cache, which is cluster-wide state
 * shared by all viewers, and is then cut down to what `viewer` (the auth proxy's person; none
 * in kubeconfig mode) may list (lib/api/read-filter.ts, lib/kube/security/read-access.ts).
 */

/** The viewer's read rights over the namespaces the cache holds agents in. */
export async function accessOf(ctx: string, cache: CoverageCache, viewer: Identity | undefined): Promise<ReadAccess> {
  if (!viewer) return EVERYTHING;
  const namespaces = new Set<string>();
  for (const ds of cache.objects('DaemonSet')) if (ds.metadata?.namespace) namespaces.add(ds.metadata.namespace);
  return readAccessFor(ctx, viewer, [...namespaces]);
}

/** Without `list nodes`, the nodes the viewer knows of: those running a pod they may list. */
const podNodes = (cache: CoverageCache, access: ReadAccess, now: number) => (access.nodes ? new Set<string>() : nodesWithVisiblePods(cache.engine.agents(now), access));

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
export async function readCoverage(ctx: string, viewer: Identity | undefined, waitMs?: number): Promise<CoverageResponse> {
  const cache = await readyCache(ctx, waitMs);
  const access = await accessOf(ctx, cache, viewer);
  const now = Date.now();
  const all = coverageResponse(ctx, cache.version, cache.status(), cache.engine, now);
  const agents = cache.engine.agents(now);
  all.agents.forEach((a, i) => {
    const causes = agentCauseSummary(causesOf(cache, agents[i]!));
    if (causes.length > 0) a.causes = causes;
  });
  return access === EVERYTHING ? all : filterCoverage(all, access, podNodes(cache, access, now));
}

/** An agent the viewer may not list is answered exactly like one that does not exist. */
export async function readDaemonSet(ctx: string, namespace: string, name: string, viewer: Identity | undefined, waitMs?: number): Promise<DaemonSetDetailResponse> {
  const cache = await readyCache(ctx, waitMs);
  const access = await accessOf(ctx, cache, viewer);
  const now = Date.now();
  const agent = access.rights(namespace).daemonsets ? cache.engine.agent(namespace, name, now) : undefined;
  if (!agent) throw notFound(`daemonset ${namespace}/${name} not found in context "${ctx}"`);
  const all = daemonSetDetailResponse(ctx, cache.version, cache.engine, agent);
  causesOf(cache, agent).forEach((cause, i) => {
    // a copy: the cell object is shared by every read while the engine's cell is unchanged (lib/api/map.ts)
    if (cause) all.cells[i] = { ...all.cells[i]!, cause: causeDTO(cause, agent, all.cells[i]!.node) };
  });
  return access === EVERYTHING ? all : filterDaemonSet(all, access, podNodes(cache, access, now));
}

/**
 * The node's facts, agents and recent Events come from the cache (Events: only those the viewer
 * may list). Without `list nodes`, a node none of their pods runs on does not exist.
 */
export async function readNode(ctx: string, node: string, viewer: Identity | undefined, waitMs?: number): Promise<NodeDetailResponse> {
  const cache = await readyCache(ctx, waitMs);
  const access = await accessOf(ctx, cache, viewer);
  const now = Date.now();
  const view = cache.engine.nodeView(node, now);
  if (!view || (!access.nodes && !podNodes(cache, access, now).has(node))) throw notFound(`node ${node} not found in context "${ctx}"`);
  const pods = view.agents.flatMap((a) => a.cell.pods.map((p) => ({ namespace: a.namespace, name: p.name })));
  const sources = nodeEventSources(pods, access);
  const events = nodeEvents(cache.events, node, sources.pods, sources.node);
  const all = nodeDetailResponse(ctx, cache.version, view, events);
  const index = cache.engine.nodeNames().indexOf(node);
  all.agents.forEach((entry) => {
    const agent = cache.engine.agent(entry.namespace, entry.name, now);
    const cause = agent ? causesOf(cache, agent)[index] : undefined;
    if (agent && cause) entry.cause = causeDTO(cause, agent, node);
  });
  return access === EVERYTHING ? all : filterNode(all, access);
}

/**
 * The live stream carries only version numbers and cache status ("something changed"), the
 * same for everyone; it is not filtered per person. Who may read nothing here is refused it.
 * While the cache is still syncing, the namespaces are not known yet and the stream is allowed.
 */
export async function assertMayStream(ctx: string, cache: CoverageCache, viewer: Identity | undefined): Promise<void> {
  if (!viewer || !cache.synced) return;
  const access = await accessOf(ctx, cache, viewer);
  if (access.nodes) return;
  for (const ds of cache.objects('DaemonSet')) if (ds.metadata?.namespace && access.rights(ds.metadata.namespace).daemonsets) return;
  throw forbidden(`${viewer.user} may not list nodes, nor daemonsets in any namespace that has agents: there is nothing to stream`);
}
