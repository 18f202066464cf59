import { errorResponse } from '@/lib/errors';
import { readClusters } from '@/lib/server-data/reads';

export const dynamic = 'force-dynamic';

/** Every kubeconfig context, which one is current, and its cache state (null until first used). */
export async function GET(): Promise<Response> {
  try {
    return Response.json(readClusters(), { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
