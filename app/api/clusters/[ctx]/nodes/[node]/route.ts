import { nodeParams, parseParams } from '@/lib/api/params';
import { errorResponse } from '@/lib/errors';
import { proxyIdentity } from '@/lib/kube/security/identity';
import { readNode } from '@/lib/server-data/reads';

export const dynamic = 'force-dynamic';

/** One node: its facts, every agent's state here with reasons and fix hints, and recent Events. */
export async function GET(request: Request, { params }: { params: Promise<{ ctx: string; node: string }> }): Promise<Response> {
  try {
    const { ctx, node } = await parseParams(params, nodeParams);
    return Response.json(await readNode(ctx, node, proxyIdentity(request)), { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
