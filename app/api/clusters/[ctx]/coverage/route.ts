import { ctxParams, parseParams } from '@/lib/api/params';
import { errorResponse } from '@/lib/errors';
import { proxyIdentity } from '@/lib/kube/security/identity';
import { readCoverage } from '@/lib/server-data/reads';

export const dynamic = 'force-dynamic';

/** Every agent's counts, rollout and problems, plus the compact node × agent grid. */
export async function GET(request: Request, { params }: { params: Promise<{ ctx: string }> }): Promise<Response> {
  try {
    const { ctx } = await parseParams(params, ctxParams);
    return Response.json(await readCoverage(ctx, proxyIdentity(request)), { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
