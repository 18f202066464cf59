import { errorResponse } from '@/lib/errors';
import { metrics } from '@/lib/kube/metrics';
import '@/lib/kube/cache/registry'; // registers the caches as a metrics source

export const dynamic = 'force-dynamic';

/** Prometheus scrape endpoint (text exposition format). */
export async function GET(): Promise<Response> {
  try {
    const { registry } = metrics();
    return new Response(await registry.metrics(), {
      headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
