import { nodeDetailResponse } from '@/lib/api/map';
import { nodeParams, parseParams } from '@/lib/api/params';
import { errorResponse, notFound } from '@/lib/errors';
import { nodeEvents } from '@/lib/kube/cache/events';
import { readyCache } from '@/lib/kube/cache/registry';

export const dynamic = 'force-dynamic';

/** One node: its facts, every agent's state here with reasons and fix hints, and recent Events. */
export async function GET(_request: Request, { params }: { params: Promise<{ ctx: string; node: string }> }): Promise<Response> {
  try {
    const { ctx, node } = await parseParams(params, nodeParams);
    const cache = await readyCache(ctx);
    const view = cache.engine.nodeView(node, Date.now());
    if (!view) throw notFound(`node ${node} not found in context "${ctx}"`);
    const pods = view.agents.flatMap((a) => a.cell.pods.map((p) => ({ namespace: a.namespace, name: p.name })));
    const events = await nodeEvents(cache, node, pods);
    return Response.json(nodeDetailResponse(ctx, cache.version, view, events), { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
