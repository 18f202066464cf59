import { nodePreviewBody } from '@/lib/api/node-change-body';
import { nodeParams, parseBody, parseParams } from '@/lib/api/params';
import { errorResponse } from '@/lib/errors';
import { limitExpensiveRead } from '@/lib/kube/limits/refusal';
import { proxyIdentity } from '@/lib/kube/security/identity';
import { previewNodeChange } from '@/lib/server-data/node-preview';

export const dynamic = 'force-dynamic';

/** What a taint / label / cordon change of this node would do to every agent; changes nothing. */
export async function POST(request: Request, { params }: { params: Promise<{ ctx: string; node: string }> }): Promise<Response> {
  try {
    const limited = limitExpensiveRead(request, 'preview');
    if (limited) return limited;
    const { ctx, node } = await parseParams(params, nodeParams);
    const body = await parseBody(request, nodePreviewBody);
    return Response.json(await previewNodeChange(ctx, [node], body.change, proxyIdentity(request)), { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
