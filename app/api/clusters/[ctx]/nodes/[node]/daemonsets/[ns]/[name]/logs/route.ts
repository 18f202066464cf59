import { nodeDaemonSetParams, parseParams, parseQuery } from '@/lib/api/params';
import { errorResponse } from '@/lib/errors';
import { clientOf } from '@/lib/kube/limits/refusal';
import { limitLogRead } from '@/lib/kube/logs/rate';
import { nodeLogQuery } from '@/lib/kube/logs/options';
import { nodeLogResponse } from '@/lib/kube/logs/node-log';
import { proxyIdentity } from '@/lib/kube/security/identity';

export const dynamic = 'force-dynamic';

/**
 * The agent's container log on one node (text/plain, streamed): ?container, tailLines,
 * sinceSeconds, previous, timestamps, follow — kubectl logs' options, checked before the
 * API server is asked. In proxy mode the pods/log request impersonates the person.
 */
export async function GET(request: Request, { params }: { params: Promise<{ ctx: string; node: string; ns: string; name: string }> }): Promise<Response> {
  try {
    const limited = limitLogRead(request, 'log');
    if (limited) return limited;
    const { ctx, node, ns, name } = await parseParams(params, nodeDaemonSetParams);
    const q = parseQuery(request, nodeLogQuery);
    return await nodeLogResponse(request, { ctx, node, namespace: ns, name }, q, proxyIdentity(request), clientOf(request));
  } catch (err) {
    return errorResponse(err);
  }
}
