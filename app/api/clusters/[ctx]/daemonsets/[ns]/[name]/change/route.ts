import { MAX_CHANGE_BODY_BYTES, daemonSetParams } from '@/lib/api/params';
import { agentChangeSchema } from '@/lib/change/agent/schema';
import { runAction } from '@/lib/http/run-action';
import { applyChange, changedFields } from '@/lib/kube/actions/change-agent';

export const dynamic = 'force-dynamic';

/** Apply a previewed change (body: the change plus the preview's resourceVersion); 409 when the DaemonSet moved since. */
export async function POST(request: Request, { params }: { params: Promise<{ ctx: string; ns: string; name: string }> }) {
  return runAction(request, params, {
    action: 'change',
    params: daemonSetParams,
    body: agentChangeSchema,
    maxBodyBytes: MAX_CHANGE_BODY_BYTES,
    requested: (body) => ({ fields: changedFields(body), resourceVersion: body.resourceVersion }),
    perform: (p, body, actor) => applyChange(p.ctx, p.ns, p.name, body, actor),
  });
}
