import { MAX_MULTI_NODE_BODY_BYTES, nodesPreviewBody } from '@/lib/api/node-change-body';
import { ctxParams, parseBody, parseParams } from '@/lib/api/params';
import { errorResponse } from '@/lib/errors';
import { limitExpensiveRead } from '@/lib/kube/limits/refusal';
import { proxyIdentity } from '@/lib/kube/security/identity';
import { previewNodeChange } from '@/lib/server-data/node-preview';

export const dynamic = 'force-dynamic';

/** The same change on many nodes (a grid filter resolved to names): counts per agent; changes nothing. */
export async function POST(request: Request, { params }: { params: Promise<{ ctx: string }> }): Promise<Response> {
  try {
    const limited = limitExpensiveRead(request, 'preview');
    if (limited) return limited;
    const { ctx } = await parseParams(params, ctxParams);
    const body = await parseBody(request, nodesPreviewBody, MAX_MULTI_NODE_BODY_BYTES);
    return Response.json(await previewNodeChange(ctx, body.nodes, body.change, proxyIdentity(request)), { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
