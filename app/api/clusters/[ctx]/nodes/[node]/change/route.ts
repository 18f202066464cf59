import { CoreV1Api } from '@kubernetes/client-node';
import { nodeChangeBody } from '@/lib/api/node-change-body';
import { nodeParams } from '@/lib/api/params';
import { runAction } from '@/lib/http/run-action';
import { changeNode, changeWords } from '@/lib/kube/actions/node-change';
import { singleNodeOutcome } from '@/lib/kube/actions/node-change-outcome';
import { apiFor } from '@/lib/kube/contexts';

export const dynamic = 'force-dynamic';

/** `kubectl taint` / `label` / `cordon` of one node, as the signed-in person, at the previewed resourceVersion. */
export async function POST(request: Request, { params }: { params: Promise<{ ctx: string; node: string }> }) {
  return runAction(request, params, {
    action: 'change-node',
    params: nodeParams,
    body: nodeChangeBody,
    target: (raw) => ({ kind: 'Node', namespace: '', name: typeof raw.node === 'string' ? raw.node.slice(0, 256) : '' }),
    requested: (body) => ({ change: changeWords(body.change), resourceVersion: body.resourceVersion }),
    stateNow: async (p, actor) => (await apiFor(p.ctx, CoreV1Api, actor.identity).readNode({ name: p.node })).metadata?.resourceVersion,
    perform: async (p, body, actor) => singleNodeOutcome(await changeNode(p.ctx, { name: p.node, resourceVersion: body.resourceVersion }, body.change, actor), changeWords(body.change)),
  });
}
