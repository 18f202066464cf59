import 'server-only';
import { CSRF_HEADER } from '@/lib/api/dto';

/**
 * Why a mutating request must be refused as a possible cross-site request forgery, or undefined
 * when it may proceed. Two independent checks, both required:
 * - the browser-set Origin names this very host (X-Forwarded-Host when a proxy fronts us,
 *   else Host, else the request URL's host);
 * - the custom CSRF header is present with value '1': a cross-origin page cannot add it without a
 *   CORS preflight, which this server never grants.
 */
export function csrfRefusal(request: Request): string | undefined {
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null') return 'cross-origin request refused (no Origin header)';
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return 'cross-origin request refused (malformed Origin header)';
  }
  if (originHost !== serverHost(request)) return 'cross-origin request refused';
  if (request.headers.get(CSRF_HEADER) !== '1') return `missing CSRF header (${CSRF_HEADER}: 1)`;
  return undefined;
}

/** The host the browser addressed: first X-Forwarded-Host entry, Host, or the URL's host. */
function serverHost(request: Request): string {
  const forwarded = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  const host = forwarded || request.headers.get('host') || new URL(request.url).host;
  return host.toLowerCase();
}
