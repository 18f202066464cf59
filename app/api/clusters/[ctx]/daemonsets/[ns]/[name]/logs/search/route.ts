import { daemonSetParams, parseParams, parseQuery } from '@/lib/api/params';
import { errorResponse } from '@/lib/errors';
import { limitLogRead } from '@/lib/kube/logs/rate';
import { searchLogQuery } from '@/lib/kube/logs/options';
import { planSearch, runSearch } from '@/lib/kube/logs/search';
import { proxyIdentity } from '@/lib/kube/security/identity';

export const dynamic = 'force-dynamic';

/**
 * Searches the agent's logs on every eligible node (or ?nodes=a,b) for ?pattern (text, or a
 * regular expression with regex=true), streaming one NDJSON line per node as it answers
 * (lib/kube/logs/search.ts bounds concurrency, bytes and time). Bad input is a 400 before any
 * log is read; the stream stops, and its requests are aborted, when the browser goes away.
 */
export async function GET(request: Request, { params }: { params: Promise<{ ctx: string; ns: string; name: string }> }): Promise<Response> {
  try {
    const { ctx, ns, name } = await parseParams(params, daemonSetParams);
    const q = parseQuery(request, searchLogQuery);
    const limited = limitLogRead(request, 'log search');
    if (limited) return limited;
    const viewer = proxyIdentity(request);
    const plan = await planSearch(ctx, ns, name, q, viewer);
    const abort = new AbortController();
    request.signal.addEventListener('abort', () => abort.abort(), { once: true });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const emit = (e: object) => {
          if (!abort.signal.aborted) controller.enqueue(encoder.encode(`${JSON.stringify(e)}\n`));
        };
        runSearch(ctx, viewer, plan, q, abort.signal, emit).finally(() => {
          try {
            controller.close();
          } catch {
            // the reader cancelled
          }
        });
      },
      cancel() {
        abort.abort();
      },
    });
    return new Response(body, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } });
  } catch (err) {
    return errorResponse(err);
  }
}
