import { daemonSetParams, parseParams } from '@/lib/api/params';
import { stagedStartBody } from '@/lib/api/schemas/staged';
import { errorResponse } from '@/lib/errors';
import { runAction } from '@/lib/http/run-action';
import { stagedState, startStaged } from '@/lib/kube/staged/control';
import { proxyIdentity } from '@/lib/kube/security/identity';
import { readStagedView } from '@/lib/server-data/staged-read';

export const dynamic = 'force-dynamic';

/** The agent's staged rollout: steps with their nodes, state, gate timer, pause reason, driver. */
export async function GET(request: Request, { params }: { params: Promise<{ ctx: string; ns: string; name: string }> }): Promise<Response> {
  try {
    const { ctx, ns, name } = await parseParams(params, daemonSetParams);
    return Response.json(await readStagedView(ctx, ns, name, proxyIdentity(request)), { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}

/** Starts a staged rollout of a new pod template, as the signed-in person. */
export async function POST(request: Request, { params }: { params: Promise<{ ctx: string; ns: string; name: string }> }) {
  return runAction(request, params, {
    action: 'staged-start',
    params: daemonSetParams,
    body: stagedStartBody,
    perform: (p, body, actor) => startStaged(p.ctx, p.ns, p.name, body, actor),
    stateNow: (p, actor) => stagedState(p.ctx, p.ns, p.name, actor),
    requested: (body) => ({ canary: body.plan.canary.kind, waves: body.plan.waves.kind, soakSeconds: body.plan.soakSeconds, images: (body.template.spec.containers ?? []).map((c) => c.image).join(',').slice(0, 500) }),
  });
}
