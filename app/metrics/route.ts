import { errorResponse, notFound } from '@/lib/errors';
import { metrics } from '@/lib/kube/metrics';
import { metricsPort } from '@/lib/kube/metrics-server';
import '@/lib/kube/cache/registry'; // registers the caches as a metrics source

export const dynamic = 'force-dynamic';

/** Prometheus scrape endpoint (text exposition format), unless metrics have a port of their own. */
export async function GET(): Promise<Response> {
  try {
    if (metricsPort() !== undefined) throw notFound('metrics are served on a separate port (EVERYNODE_METRICS_PORT), not here');
    const { registry } = metrics();
    return new Response(await registry.metrics(), {
      headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
