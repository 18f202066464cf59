import { daemonSetParams, emptyBody } from '@/lib/api/params';
import { runAction } from '@/lib/http/run-action';
import { controlStaged, stagedState, type StagedControl } from '@/lib/kube/staged/control';

type Params = Promise<{ ctx: string; ns: string; name: string }>;

/**
 * The POST handler of …/staged/<control>: one person's pause, resume, promote or abort of the
 * agent's staged rollout, through the mutation pipeline. The repeat guard compares the plan's
 * progress, not the generation these controls leave unchanged.
 */
export function stagedControlPost(control: StagedControl) {
  return (request: Request, { params }: { params: Params }): Promise<Response> =>
    runAction(request, params, {
      action: `staged-${control}`,
      params: daemonSetParams,
      body: emptyBody,
      perform: (p, _body, actor) => controlStaged(p.ctx, p.ns, p.name, control, actor),
      stateNow: (p, actor) => stagedState(p.ctx, p.ns, p.name, actor),
    });
}
