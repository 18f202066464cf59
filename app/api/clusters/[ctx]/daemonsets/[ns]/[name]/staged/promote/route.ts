import { daemonSetParams, emptyBody } from '@/lib/api/params';
import { runAction } from '@/lib/http/run-action';
import { controlStaged } from '@/lib/kube/staged/control';

export const dynamic = 'force-dynamic';

/** Promotes a staged rollout: every remaining node follows without gates (failures still pause it). */
export async function POST(request: Request, { params }: { params: Promise<{ ctx: string; ns: string; name: string }> }) {
  return runAction(request, params, {
    action: 'staged-promote',
    params: daemonSetParams,
    body: emptyBody,
    perform: (p, _body, actor) => controlStaged(p.ctx, p.ns, p.name, 'promote', actor),
  });
}
