import { z } from '@/lib/zod';
import { ctxParams, namespaceName, parseParams, parseQuery } from '@/lib/api/params';
import { errorResponse } from '@/lib/errors';
import { actorFor } from '@/lib/kube/security/identity';
import { permissionsFor } from '@/lib/kube/security/permissions';

export const dynamic = 'force-dynamic';

const query = z.object({ namespace: namespaceName });

/** GET ?namespace=NS → PermissionsResponse: what the signed-in person may do there, and why not. */
export async function GET(request: Request, { params }: { params: Promise<{ ctx: string }> }) {
  try {
    const { ctx } = await parseParams(params, ctxParams);
    const { namespace } = parseQuery(request, query);
    const result = await permissionsFor(ctx, namespace, actorFor(request, ctx));
    return Response.json(result, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
