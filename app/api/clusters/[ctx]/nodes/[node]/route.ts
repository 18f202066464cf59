import { nodeParams, parseParams } from '@/lib/api/params';
import { errorResponse } from '@/lib/errors';
import { limitExpensiveRead } from '@/lib/kube/limits/refusal';
import { proxyIdentity } from '@/lib/kube/security/identity';
import { readNode } from '@/lib/server-data/reads';

export const dynamic = 'force-dynamic';

/** One node: its facts, every agent's state here with reasons and fix hints, and recent Events. */
export async function GET(request: Request, { params }: { params: Promise<{ ctx: string; node: string }> }): Promise<Response> {
  try {
    const limited = limitExpensiveRead(request, 'node');
    if (limited) return limited;
    const { ctx, node } = await parseParams(params, nodeParams);
    return Response.json(await readNode(ctx, node, proxyIdentity(request)), { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
