import { daemonSetParams, emptyBody } from '@/lib/api/params';
import { runAction } from '@/lib/http/run-action';
import { controlStaged } from '@/lib/kube/staged/control';

export const dynamic = 'force-dynamic';

/** Aborts a staged rollout: previous template and update strategy restored, as the signed-in person. */
export async function POST(request: Request, { params }: { params: Promise<{ ctx: string; ns: string; name: string }> }) {
  return runAction(request, params, {
    action: 'staged-abort',
    params: daemonSetParams,
    body: emptyBody,
    perform: (p, _body, actor) => controlStaged(p.ctx, p.ns, p.name, 'abort', actor),
  });
}
