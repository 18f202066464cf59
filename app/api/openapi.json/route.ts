import { openApiDocument } from '@/lib/api/openapi';
import { errorResponse } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** The OpenAPI 3.1 document of this API, generated from the schemas the routes validate with. */
export function GET(): Response {
  try {
    return Response.json(openApiDocument(), { headers: { 'cache-control': 'no-cache' } });
  } catch (err) {
    return errorResponse(err);
  }
}
