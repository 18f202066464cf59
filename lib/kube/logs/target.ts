import 'server-only';
import type { AgentCoverage } from '@/lib/coverage/results';
import type { DaemonPod } from '@/lib/coverage/types';
import { badRequest, notFound } from '@/lib/errors';
import { readyCache } from '@/lib/kube/cache/registry';
import type { Identity } from '@/lib/kube/contexts';
import { readAccessFor } from '@/lib/kube/security/read-access';

/**
 * Which pod and container a log request means: the agent's pod on the node, from the cache
 * (the same view the grid shows). An agent the viewer may not list is answered like one that
 * does not exist, as the read routes do; whether they may read its logs is Kubernetes' call
 * (the pods/log request impersonates them).
 */

export interface LogTarget {
  namespace: string;
  pod: string;
  node: string;
  container: string;
  containers: string[];
}

/** The agent's pod on a node: the live one, the newest if a replacement is already there. */
export function podOnNode(pods: readonly DaemonPod[]): DaemonPod | undefined {
  const live = pods.filter((p) => !p.deletionTimestamp);
  const pool = live.length > 0 ? live : [...pods];
  return pool.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

/** Container names of the agent's pod template, in order (the first is kubectl's default). */
export function templateContainers(agent: AgentCoverage): string[] {
  return (agent.ds.spec?.template?.spec?.containers ?? []).map((c) => c.name).filter((n): n is string => Boolean(n));
}

export function chooseContainer(wanted: string | undefined, containers: readonly string[], what: string): string {
  const container = wanted ?? containers[0];
  if (!container) throw badRequest(`${what} has no containers`);
  if (!containers.includes(container)) throw badRequest(`container: "${container}" is not a container of ${what} (it has ${containers.join(', ')})`);
  return container;
}

export async function visibleAgent(ctx: string, namespace: string, name: string, viewer: Identity | undefined): Promise<AgentCoverage> {
  const cache = await readyCache(ctx);
  if (viewer) {
    const access = await readAccessFor(ctx, viewer, [namespace]);
    if (!access.rights(namespace).daemonsets) throw notFound(`daemonset ${namespace}/${name} not found in context "${ctx}"`);
  }
  const agent = cache.engine.agent(namespace, name, Date.now());
  if (!agent) throw notFound(`daemonset ${namespace}/${name} not found in context "${ctx}"`);
  return agent;
}

export async function logTarget(ctx: string, node: string, namespace: string, name: string, container: string | undefined, viewer: Identity | undefined): Promise<LogTarget> {
  const agent = await visibleAgent(ctx, namespace, name, viewer);
  const cell = agent.cells.find((c) => c.node === node);
  if (!cell) throw notFound(`node ${node} not found in context "${ctx}"`);
  const pod = podOnNode(cell.pods);
  if (!pod) throw notFound(`daemonset ${namespace}/${name} has no pod on node ${node}: there are no logs to read`);
  const containers = pod.containers.length > 0 ? pod.containers.map((c) => c.name) : templateContainers(agent);
  return { namespace, pod: pod.name, node, container: chooseContainer(container, containers, `pod ${namespace}/${pod.name}`), containers };
}
