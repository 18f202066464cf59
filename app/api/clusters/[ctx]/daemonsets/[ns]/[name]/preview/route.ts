import { MAX_CHANGE_BODY_BYTES, daemonSetParams, parseBody, parseParams } from '@/lib/api/params';
import { agentPatchSchema } from '@/lib/change/agent/schema';
import { errorResponse } from '@/lib/errors';
import { previewChange } from '@/lib/kube/actions/change-agent';
import { limitExpensiveRead } from '@/lib/kube/limits/refusal';
import { actorFor } from '@/lib/kube/security/identity';

export const dynamic = 'force-dynamic';

/**
 * What a change would do, per node, with the API server's dry-run verdict; changes nothing, so
 * automation may ask it freely (rate-limited like other expensive reads). The dry run acts as
 * the person (impersonation in proxy mode), so RBAC and admission speak as they would on apply.
 */
export async function POST(request: Request, { params }: { params: Promise<{ ctx: string; ns: string; name: string }> }): Promise<Response> {
  try {
    const limited = limitExpensiveRead(request, 'change preview');
    if (limited) return limited;
    const p = await parseParams(params, daemonSetParams);
    const body = await parseBody(request, agentPatchSchema, MAX_CHANGE_BODY_BYTES);
    const preview = await previewChange(p.ctx, p.ns, p.name, body, actorFor(request, p.ctx));
    return Response.json(preview, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
