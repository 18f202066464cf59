import { ctxParams, parseParams } from '@/lib/api/params';
import { errorResponse } from '@/lib/errors';
import { getCache } from '@/lib/kube/cache/registry';
import { parseLastEventId, versionStream } from '@/lib/kube/cache/sse';
import { metrics } from '@/lib/kube/metrics';
import { proxyIdentity } from '@/lib/kube/security/identity';
import { assertMayStream } from '@/lib/server-data/reads';

export const dynamic = 'force-dynamic';

/** Live snapshot versions for one cluster (Server-Sent Events, resumable with Last-Event-ID). */
export async function GET(request: Request, { params }: { params: Promise<{ ctx: string }> }): Promise<Response> {
  try {
    const { ctx } = await parseParams(params, ctxParams);
    const cache = getCache(ctx);
    await assertMayStream(ctx, cache, proxyIdentity(request));
    const clients = metrics().sseClients;
    const stream = versionStream(cache, {
      lastEventId: parseLastEventId(request.headers.get('last-event-id')),
      signal: request.signal,
      onOpen: () => clients.inc({ context: ctx }),
      onClose: () => clients.dec({ context: ctx }),
    });
    return new Response(stream, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no', // nginx and friends: do not buffer the stream
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
