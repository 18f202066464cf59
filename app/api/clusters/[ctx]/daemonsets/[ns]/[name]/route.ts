import { daemonSetDetailResponse } from '@/lib/api/map';
import { daemonSetParams, parseParams } from '@/lib/api/params';
import { errorResponse, notFound } from '@/lib/errors';
import { readyCache } from '@/lib/kube/cache/registry';

export const dynamic = 'force-dynamic';

/** One agent: a cell per node with reasons, rollout detail, revision history with diffs. */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ ctx: string; ns: string; name: string }> },
): Promise<Response> {
  try {
    const { ctx, ns, name } = await parseParams(params, daemonSetParams);
    const cache = await readyCache(ctx);
    const agent = cache.engine.agent(ns, name, Date.now());
    if (!agent) throw notFound(`daemonset ${ns}/${name} not found in context "${ctx}"`);
    return Response.json(daemonSetDetailResponse(ctx, cache.version, cache.engine, agent), { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
