import { daemonSetParams, emptyBody } from '@/lib/api/params';
import { runAction } from '@/lib/http/run-action';
import { controlStaged } from '@/lib/kube/staged/control';

export const dynamic = 'force-dynamic';

/** Resumes a paused staged rollout, as the signed-in person; the failing pods they saw no longer pause it. */
export async function POST(request: Request, { params }: { params: Promise<{ ctx: string; ns: string; name: string }> }) {
  return runAction(request, params, {
    action: 'staged-resume',
    params: daemonSetParams,
    body: emptyBody,
    perform: (p, _body, actor) => controlStaged(p.ctx, p.ns, p.name, 'resume', actor),
  });
}
