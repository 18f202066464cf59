/**
 * The peers' answer to "which eligible nodes lack agent X, and why", computed the way an operator
 * joins `kubectl get nodes -o json` with `kubectl get pods -A -o json` (pure): nodes that match
 * the agent's nodeSelector and hold none of its pods, each with its taints as the likely "why".
 * It is deliberately what people write by hand: affinity and tolerations are not evaluated.
 */

interface Meta {
  name?: string;
  labels?: Record<string, string>;
  ownerReferences?: { kind?: string; name?: string; uid?: string }[];
}
export interface NodeLike {
  metadata?: Meta;
  spec?: { taints?: { key: string; value?: string; effect: string }[] };
}
export interface PodLike {
  metadata?: Meta & { namespace?: string };
  spec?: { nodeName?: string };
}
export interface DaemonSetLike {
  metadata?: Meta & { uid?: string; namespace?: string };
  spec?: { template?: { spec?: { nodeSelector?: Record<string, string> } } };
}

export interface Gap {
  node: string;
  why: string;
}

export function nodesLackingAgent(nodes: readonly NodeLike[], pods: readonly PodLike[], ds: DaemonSetLike): Gap[] {
  const uid = ds.metadata?.uid;
  const covered = new Set<string>();
  for (const p of pods) {
    if (p.spec?.nodeName && p.metadata?.ownerReferences?.some((o) => o.kind === 'DaemonSet' && o.uid === uid)) covered.add(p.spec.nodeName);
  }
  const selector = Object.entries(ds.spec?.template?.spec?.nodeSelector ?? {});
  const gaps: Gap[] = [];
  for (const n of nodes) {
    const name = n.metadata?.name ?? '';
    const labels = n.metadata?.labels ?? {};
    if (covered.has(name) || !selector.every(([k, v]) => labels[k] === v)) continue;
    const taints = (n.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
    gaps.push({ node: name, why: taints.length > 0 ? `taints ${taints.join(', ')}` : 'no pod (unknown)' });
  }
  return gaps;
}
