import { MAX_MULTI_NODE_BODY_BYTES, nodesChangeBody } from '@/lib/api/node-change-body';
import { ctxParams } from '@/lib/api/params';
import { runAction } from '@/lib/http/run-action';
import { changeNodes, changeWords } from '@/lib/kube/actions/node-change';
import { multiNodeOutcome } from '@/lib/kube/actions/node-change-outcome';

export const dynamic = 'force-dynamic';

/** The same change on many nodes, one patch per node at its previewed resourceVersion; results per node. */
export async function POST(request: Request, { params }: { params: Promise<{ ctx: string }> }) {
  return runAction(request, params, {
    action: 'change-node',
    params: ctxParams,
    body: nodesChangeBody,
    maxBodyBytes: MAX_MULTI_NODE_BODY_BYTES,
    target: () => ({ kind: 'Node', namespace: '', name: '(several nodes)' }),
    requested: (body) => ({ change: changeWords(body.change), nodes: body.nodes.length }),
    // no "already done" window: a repeat finds every resourceVersion moved on and changes nothing (409 per node)
    stateNow: async () => undefined,
    perform: async (p, body, actor) => multiNodeOutcome(await changeNodes(p.ctx, body.nodes, body.change, actor), changeWords(body.change)),
  });
}
