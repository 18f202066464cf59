import { coverageResponse } from '@/lib/api/map';
import { ctxParams, parseParams } from '@/lib/api/params';
import { errorResponse } from '@/lib/errors';
import { readyCache } from '@/lib/kube/cache/registry';

export const dynamic = 'force-dynamic';

/** Every agent's counts, rollout and problems, plus the compact node × agent grid. */
export async function GET(_request: Request, { params }: { params: Promise<{ ctx: string }> }): Promise<Response> {
  try {
    const { ctx } = await parseParams(params, ctxParams);
    const cache = await readyCache(ctx);
    const body = coverageResponse(ctx, cache.version, cache.status(), cache.engine, Date.now());
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
