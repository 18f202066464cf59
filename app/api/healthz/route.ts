import { errorResponse } from '@/lib/errors';
import { currentContext } from '@/lib/kube/contexts';
import { getCache } from '@/lib/kube/cache/registry';

export const dynamic = 'force-dynamic';

/** Readiness: 200 once the default context's cache is synced and watching, 503 before or while stale. */
export async function GET(): Promise<Response> {
  try {
    const cache = getCache(currentContext());
    const status = cache.status();
    const ok = status.state === 'ready';
    return Response.json(
      { status: ok ? 'ok' : status.state, context: cache.context, cache: status },
      { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } },
    );
  } catch (err) {
    return errorResponse(err);
  }
}
