import 'server-only';
import type { NodeChangePreviewResponse, PreviewedNodeDTO } from '@/lib/api/dto';
import { LIMIT_NODES } from '@/lib/api/read-filter';
import { applyNodeChange } from '@/lib/change/node/apply';
import { formatOp, toSpec, type NodeChange } from '@/lib/change/node/model';
import { changeNotes } from '@/lib/change/node/notes';
import type { KNode } from '@/lib/coverage/k8s';
import { previewNodeChanges } from '@/lib/coverage/node-preview';
import { forbidden, notFound } from '@/lib/errors';
import { readyCache } from '@/lib/kube/cache/registry';
import type { Identity } from '@/lib/kube/contexts';
import { EVERYTHING } from '@/lib/kube/security/read-access';
import { accessOf } from './reads';

/**
 * What a node change would do to every agent, computed on the live cache by the engine's own
 * rules (lib/coverage/node-preview.ts), for one node or many. Every node must be known to the
 * cache (404 naming the first that is not). It shows node facts, so in proxy mode it needs
 * `list nodes`; agents the viewer may not list are left out.
 */
export async function previewNodeChange(ctx: string, names: readonly string[], change: NodeChange, viewer: Identity | undefined): Promise<NodeChangePreviewResponse> {
  const cache = await readyCache(ctx);
  const access = await accessOf(ctx, cache, viewer);
  if (!access.nodes) throw forbidden(`node ${names[0] ?? ''} cannot be previewed: a preview shows node labels and taints. ${LIMIT_NODES}`);
  const engine = cache.engine;
  const version = cache.version;
  const hypothetical: KNode[] = [];
  const nodes: PreviewedNodeDTO[] = [];
  for (const name of names) {
    const live = engine.getNode(name);
    if (!live) throw notFound(`node ${name} not found in context "${ctx}"`);
    const applied = applyNodeChange(live, change);
    hypothetical.push(applied.node);
    nodes.push({
      name,
      resourceVersion: live.metadata?.resourceVersion ?? '',
      changed: applied.changed,
      ops: applied.effects.map((e) => ({ change: formatOp(e.op), changed: e.changed, ...(e.note ? { note: e.note } : {}) })),
    });
  }
  const preview = previewNodeChanges(engine.cellsOnNodes(hypothetical, Date.now()));
  const agents = access === EVERYTHING ? preview.agents : preview.agents.filter((a) => access.rights(a.namespace).daemonsets);
  return { context: ctx, version, change: toSpec(change), nodes, agents, totals: preview.totals, notes: changeNotes(change) };
}
