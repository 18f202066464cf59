/**
 * One hierarchical key factory for every query, so invalidation can target a whole cluster
 * snapshot (on an SSE `version` event) without touching permissions or the cluster list.
 */
const root = ['everynode'] as const;

export const queryKeys = {
  all: root,
  clusters: () => [...root, 'clusters'] as const,
  /** Everything derived from one context's cluster snapshot; the SSE hook invalidates this. */
  snapshot: (ctx: string) => [...root, 'snapshot', ctx] as const,
  coverage: (ctx: string) => [...queryKeys.snapshot(ctx), 'coverage'] as const,
  daemonSet: (ctx: string, namespace: string, name: string) =>
    [...queryKeys.snapshot(ctx), 'daemonset', namespace, name] as const,
  node: (ctx: string, name: string) => [...queryKeys.snapshot(ctx), 'node', name] as const,
  staged: (ctx: string, namespace: string, name: string) => [...queryKeys.snapshot(ctx), 'staged', namespace, name] as const,
  permissions: (ctx: string, namespace: string) => [...root, 'permissions', ctx, namespace] as const,
};
