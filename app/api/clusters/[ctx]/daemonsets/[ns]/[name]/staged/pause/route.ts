import { daemonSetParams, emptyBody } from '@/lib/api/params';
import { runAction } from '@/lib/http/run-action';
import { controlStaged } from '@/lib/kube/staged/control';

export const dynamic = 'force-dynamic';

/** Pauses the agent's staged rollout (the driver deletes no more pods until resumed), as the signed-in person. */
export async function POST(request: Request, { params }: { params: Promise<{ ctx: string; ns: string; name: string }> }) {
  return runAction(request, params, {
    action: 'staged-pause',
    params: daemonSetParams,
    body: emptyBody,
    perform: (p, _body, actor) => controlStaged(p.ctx, p.ns, p.name, 'pause', actor),
  });
}
