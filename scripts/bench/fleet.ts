/**
 * The bench's fleet is the cluster helper's scale scenario (cluster/scenarios/scale.ts: N kwok nodes
 * with the seed's mix of roles and taints, M healthy agents cycling the seed's placement rules),
 * applied as is to the bench's own cluster. This module only picks names out of it (pure).
 */
import type { KubeObject } from '../../cluster/lib/scenario';
import { SCALE_NAMESPACE, scaleNodeName, scaleScenario } from '../../cluster/scenarios/scale';

export const FLEET_NAMESPACE = SCALE_NAMESPACE;
export const nodeName = scaleNodeName;

interface PodSpecLike {
  tolerations?: { key?: string; operator?: string }[];
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchExpressions?: { key: string; operator: string }[] }[] } } };
}
const templateOf = (ds: KubeObject) => ((ds.spec as { template?: { spec?: PodSpecLike } }).template?.spec ?? {}) as PodSpecLike;

export function fleetAgents(agents: number): KubeObject[] {
  return scaleScenario(0, agents).filter((o) => o.kind === 'DaemonSet');
}

export function agentNames(agents: number): string[] {
  return fleetAgents(agents).map((a) => a.metadata.name);
}

/** Label selector of an agent's pods (its DaemonSet's matchLabels). */
export function podSelector(agents: number, agent: string): string {
  const ds = fleetAgents(agents).find((a) => a.metadata.name === agent);
  const labels = (ds?.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels;
  if (!labels) throw new Error(`agent ${agent} is not in the scale scenario`);
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** The agent with node-exporter's rule (every node but edge nodes): the one the report asks about. */
export function edgeExcludedAgent(agents: number): string {
  const found = fleetAgents(agents).find((a) =>
    templateOf(a).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.some((t) =>
      t.matchExpressions?.some((e) => e.key === 'node-role.kubernetes.io/edge' && e.operator === 'DoesNotExist'),
    ),
  );
  if (!found) throw new Error('the scale scenario has no agent excluded from edge nodes');
  return found.metadata.name;
}

/** The agent that tolerates every taint (so it has a pod on every node, node 0 included). */
export function everywhereAgent(agents: number): string {
  const found = fleetAgents(agents).find((a) => templateOf(a).tolerations?.some((t) => t.operator === 'Exists' && !t.key));
  if (!found) throw new Error('the scale scenario has no agent that tolerates every taint');
  return found.metadata.name;
}
