import { daemonSetParams, rollbackBody } from '@/lib/api/params';
import { rollbackDaemonSet } from '@/lib/kube/actions/rollback';
import { runAction } from '@/lib/http/run-action';

export const dynamic = 'force-dynamic';

/** `kubectl rollout undo daemonset/NAME -n NS [--to-revision=N]`; body `{ toRevision?: N }`. */
export async function POST(request: Request, { params }: { params: Promise<{ ctx: string; ns: string; name: string }> }) {
  return runAction(request, params, {
    action: 'rollback',
    params: daemonSetParams,
    body: rollbackBody,
    requested: (body): Record<string, number> => (body.toRevision === undefined ? {} : { toRevision: body.toRevision }),
    perform: (p, body, actor) => rollbackDaemonSet(p.ctx, p.ns, p.name, actor, body.toRevision ?? 0),
  });
}
