/**
 * The first code every request meets (pages, API, event stream, metrics, static files), before
 * any route runs:
 * 1. the Host (and X-Forwarded-Host, when a trusted proxy sets it) must be a name this console
 *    is known by, else 421 naming EVERYNODE_ALLOWED_HOSTS (DNS rebinding; lib/kube/security/hosts.ts);
 * 2. a path with bad percent-encoding answers 400 in words (Next's router would answer 500);
 * 3. the response carries a Content-Security-Policy with a fresh nonce, which Next reads from
 *    the request header of the same name and puts on its scripts (lib/kube/security/csp.ts).
 * An X-Forwarded-Host that is not trusted is dropped, so nothing downstream (the CSRF check
 * compares Origin with it) can be steered by it.
 * The static headers (nosniff, Referrer-Policy, X-Frame-Options) are in next.config.js.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce } from '@/lib/kube/security/csp';
import { hostPolicy, hostRefusal, malformedPath, type HostPolicy } from '@/lib/kube/security/hosts';

const CSP = 'content-security-policy';

let cached: { key: string; policy: HostPolicy | Error } | undefined;

/** The allow-list, parsed again only when the environment it comes from changes. */
function currentPolicy(): HostPolicy | Error {
  const env = process.env;
  const key = [env.EVERYNODE_ALLOWED_HOSTS, env.EVERYNODE_TRUST_FORWARDED_HOST, env.EVERYNODE_POD_IP, env.HOST, env.HOSTNAME, env.__NEXT_PRIVATE_ORIGIN].join('\n');
  if (cached?.key !== key) {
    let policy: HostPolicy | Error;
    try {
      policy = hostPolicy(env);
    } catch (err) {
      policy = err as Error;
      console.error(`everynode: refusing every request: ${policy.message}`);
    }
    cached = { key, policy };
  }
  return cached.policy;
}

/** A refusal in the shape of every API error (lib/api/dto.ts ErrorResponse), or plain text for a page. */
function refuse(request: NextRequest, status: number, code: string, message: string, csp: string): Response {
  const headers = { [CSP]: csp, 'cache-control': 'no-store' };
  if (request.headers.get('accept')?.includes('text/html')) {
    return new Response(`${message}\n`, { status, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
  }
  return Response.json({ error: { code, message } }, { status, headers });
}

export function proxy(request: NextRequest): Response {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');

  const policy = currentPolicy();
  if (policy instanceof Error) return refuse(request, 500, 'misconfigured', `server misconfigured: ${policy.message}`, csp);
  const refusal = hostRefusal(policy, request.headers.get('host'), request.headers.get('x-forwarded-host'));
  if (refusal) return refuse(request, refusal.status, refusal.status === 421 ? 'misdirected_request' : 'bad_request', refusal.message, csp);

  const malformed = malformedPath(request.nextUrl.pathname);
  if (malformed) return refuse(request, 400, 'bad_request', malformed, csp);

  const headers = new Headers(request.headers);
  headers.set(CSP, csp);
  if (!policy.trustForwardedHost) headers.delete('x-forwarded-host');
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(CSP, csp);
  return response;
}
