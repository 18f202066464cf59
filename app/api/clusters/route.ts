import type { ClustersResponse } from '@/lib/api/dto';
import { errorResponse } from '@/lib/errors';
import { currentContext, listContexts, serverOf } from '@/lib/kube/contexts';
import { peekCache } from '@/lib/kube/cache/registry';

export const dynamic = 'force-dynamic';

/** Every kubeconfig context, which one is current, and its cache state (null until first used). */
export async function GET(): Promise<Response> {
  try {
    const names = listContexts();
    const current = names.length > 0 ? currentContext() : undefined;
    const body: ClustersResponse = {
      clusters: names.map((name) => ({
        name,
        current: name === current,
        server: serverOf(name),
        cache: peekCache(name)?.status() ?? null,
      })),
    };
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
