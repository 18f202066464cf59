import { emptyBody, nodeDaemonSetParams } from '@/lib/api/params';
import { recreateDaemonPod } from '@/lib/kube/actions/recreate';
import { runAction } from '@/lib/http/run-action';

export const dynamic = 'force-dynamic';

/** Deletes the DaemonSet's pod on the node so its controller creates a fresh one. */
export async function POST(request: Request, { params }: { params: Promise<{ ctx: string; node: string; ns: string; name: string }> }) {
  return runAction(request, params, {
    action: 'recreate',
    params: nodeDaemonSetParams,
    body: emptyBody,
    node: (p) => p.node,
    perform: (p, _body, actor) => recreateDaemonPod(p.ctx, p.ns, p.name, p.node, actor),
  });
}
