import { daemonSetParams, emptyBody } from '@/lib/api/params';
import { restartDaemonSet } from '@/lib/kube/actions/restart';
import { runAction } from '@/lib/http/run-action';

export const dynamic = 'force-dynamic';

/** `kubectl rollout restart daemonset/NAME -n NS`, as the signed-in person. */
export async function POST(request: Request, { params }: { params: Promise<{ ctx: string; ns: string; name: string }> }) {
  return runAction(request, params, {
    action: 'restart',
    params: daemonSetParams,
    body: emptyBody,
    perform: (p, _body, actor) => restartDaemonSet(p.ctx, p.ns, p.name, actor),
  });
}
