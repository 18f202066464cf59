import { daemonSetParams, parseParams } from '@/lib/api/params';
import { errorResponse } from '@/lib/errors';
import { limitExpensiveRead } from '@/lib/kube/limits/refusal';
import { proxyIdentity } from '@/lib/kube/security/identity';
import { readDaemonSet } from '@/lib/server-data/reads';

export const dynamic = 'force-dynamic';

/** One agent: a cell per node with reasons, rollout detail, revision history with diffs. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ ctx: string; ns: string; name: string }> },
): Promise<Response> {
  try {
    const limited = limitExpensiveRead(request, 'agent detail');
    if (limited) return limited;
    const { ctx, ns, name } = await parseParams(params, daemonSetParams);
    return Response.json(await readDaemonSet(ctx, ns, name, proxyIdentity(request)), { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
