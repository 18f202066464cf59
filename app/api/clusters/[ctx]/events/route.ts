import { ctxParams, parseParams } from '@/lib/api/params';
import { errorResponse } from '@/lib/errors';
import { liveDeltasEnabled, subscribe, type LiveSubscription } from '@/lib/kube/cache/live-feeds';
import { getCache } from '@/lib/kube/cache/registry';
import { parseLastEventId, versionStream } from '@/lib/kube/cache/sse';
import { limits, streamLifetimeMs } from '@/lib/kube/limits/config';
import { clientOf, refusal } from '@/lib/kube/limits/refusal';
import { streamGate } from '@/lib/kube/limits/stream-gate';
import { metrics } from '@/lib/kube/metrics';
import { proxyIdentity } from '@/lib/kube/security/identity';
import { liveFeedsFor, parseViewParams } from '@/lib/server-data/live-views';
import { assertMayStream } from '@/lib/server-data/reads';

export const dynamic = 'force-dynamic';

/**
 * Live snapshot versions for one cluster (Server-Sent Events, resumable with Last-Event-ID).
 * Streams are capped in the process and per client (503 / 429 in words, with Retry-After) and
 * live at most EVERYNODE_SSE_MAX_LIFETIME_SECONDS. `?probe` answers only whether a stream would
 * be admitted now (204, or the refusal): EventSource cannot read a refusal, so the browser asks.
 * `?view=` (repeatable) asks for live deltas of the views the tab holds (README "Live deltas").
 */
export async function GET(request: Request, { params }: { params: Promise<{ ctx: string }> }): Promise<Response> {
  try {
    const { ctx } = await parseParams(params, ctxParams);
    const url = new URL(request.url);
    const views = parseViewParams(url.searchParams.getAll('view'));
    const cache = getCache(ctx);
    const viewer = proxyIdentity(request);
    await assertMayStream(ctx, cache, viewer);
    const l = limits();
    const m = metrics();
    const client = clientOf(request);
    const admission = streamGate().admit(client ?? '', { maxStreams: l.sseMaxStreams, maxStreamsPerClient: client === undefined ? Infinity : l.sseMaxStreamsPerClient });
    if (!admission.ok) {
      m.sseRefused.inc({ reason: admission.code });
      return refusal(admission.status, admission.code, admission.message, admission.retryAfterSeconds);
    }
    // The client already left (or only asked): nothing to hold the slot for.
    if (request.signal.aborted || url.searchParams.has('probe')) {
      admission.release();
      return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
    }
    let live: LiveSubscription | undefined;
    try {
      live = views.length > 0 && liveDeltasEnabled() ? await subscribe(liveFeedsFor(ctx, cache, views, viewer)) : undefined;
    } catch (err) {
      admission.release();
      throw err;
    }
    const stream = versionStream(cache, {
      live,
      lastEventId: parseLastEventId(request.headers.get('last-event-id')),
      signal: request.signal,
      lifetimeMs: streamLifetimeMs(l),
      stallMs: l.sseStallMs,
      onOpen: () => m.sseClients.inc({ context: ctx }),
      onClose: (reason) => {
        admission.release();
        m.sseClients.dec({ context: ctx });
        m.sseClosed.inc({ reason });
      },
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
