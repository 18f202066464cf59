import 'server-only';
import type { ErrorResponse, FieldCause } from '@/lib/api/dto';
import { logger } from '@/lib/log';

/**
 * A failure with a code the client can branch on, an HTTP status, and whether its message may
 * be shown to the user. Unexposed errors reach the client as a bare "internal error".
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly expose = true,
    options?: { cause?: unknown; causes?: FieldCause[] },
  ) {
    super(message, options);
    this.name = 'AppError';
    if (options?.causes) this.causes = options.causes;
  }
  /** Field by field, what the API server (or validation) refused (422 of a dry run). */
  readonly causes?: FieldCause[];
}

export const badRequest = (msg: string) => new AppError('bad_request', msg, 400);
export const unauthorized = (msg: string) => new AppError('unauthorized', msg, 401);
export const forbidden = (msg: string) => new AppError('forbidden', msg, 403);
export const notFound = (msg: string) => new AppError('not_found', msg, 404);
export const conflict = (msg: string) => new AppError('conflict', msg, 409);
export const payloadTooLarge = (msg: string) => new AppError('payload_too_large', msg, 413);
export const unsupportedMediaType = (msg: string) => new AppError('unsupported_media_type', msg, 415);
export const unavailable = (msg: string) => new AppError('unavailable', msg, 503);

/** Structural view of client-node's ApiException (and of Watch errors, which carry statusCode). */
interface KubeLikeError {
  code?: unknown;
  statusCode?: unknown;
  body?: unknown;
}

/** The `message` of a Kubernetes Status object, whether the body arrived as text or parsed. */
function statusMessage(body: unknown): string | undefined {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (parsed && typeof parsed === 'object' && 'message' in parsed) {
    const m = (parsed as { message?: unknown }).message;
    if (typeof m === 'string' && m.length > 0) return scrubSecrets(m);
  }
  return undefined;
}

/** Key names whose `key=value` / `key: value` values are credentials. */
const SECRET_KEYS = /((?:client[-_]?)?secret|token|password|passwd|pwd|api[-_]?key|access[-_]?key|credentials?|client-key-data|client-certificate-data)/;

/**
 * Removes anything that looks like a credential from text bound for the server log. A safety net
 * for raw error text, which never reaches a person (they get fixed words, see fromKubeError).
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(/(authorization["']?\s*[:=]\s*["']?)(bearer|basic)?\s*[^\s"',}]+/gi, '$1[redacted]')
    .replace(/\bbearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]')
    .replace(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]')
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+(:[^\s/@]*)?@/gi, '$1[redacted]@')
    .replace(new RegExp(`(\\b[\\w-]*${SECRET_KEYS.source}[\\w-]*)(["']?\\s*[:=]\\s*["']?)[^\\s"'&,;}]+`, 'gi'), '$1$3[redacted]');
}

/** Messages and codes of an error and its causes, scrubbed: the raw detail the server log keeps. */
export function logDetail(err: unknown): { message: string; code?: string } {
  const messages: string[] = [];
  let code: string | undefined;
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth += 1, e = (e as { cause?: unknown }).cause) {
    if (e instanceof Error) messages.push(`${e.name}: ${e.message}`);
    else messages.push(String(e));
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string') code = c; // the deepest code is the system's (ECONNREFUSED, CERT_…)
  }
  return { message: scrubSecrets(messages.join(' <- ')).slice(0, 2000), ...(code ? { code } : {}) };
}

function httpStatusOf(err: unknown): number | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as KubeLikeError;
  for (const candidate of [e.code, e.statusCode]) {
    if (typeof candidate === 'number' && candidate >= 100 && candidate < 600) return candidate;
  }
  return undefined;
}

/**
 * Maps an error from the Kubernetes API (client-node ApiException, a watch failure, a network
 * error) to an AppError whose message is the API server's own words, never its headers.
 */
export function fromKubeError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const status = httpStatusOf(err);
  const apiMessage = statusMessage((err as KubeLikeError | undefined)?.body);
  const say = (fallback: string) => apiMessage ?? fallback;
  switch (status) {
    case 400:
      return new AppError('bad_request', say('the Kubernetes API rejected the request'), 400, true, { cause: err });
    case 401:
      return new AppError('unauthorized', say('the Kubernetes API did not accept the credentials'), 401, true, { cause: err });
    case 403:
      return new AppError('forbidden', say('forbidden by Kubernetes RBAC'), 403, true, { cause: err });
    case 404:
      return new AppError('not_found', say('not found in the cluster'), 404, true, { cause: err });
    case 409:
      return new AppError('conflict', say('the object changed meanwhile; try again'), 409, true, { cause: err });
    case 410:
      return new AppError('gone', say('the requested resource version is too old'), 410, true, { cause: err });
    case 422:
      return new AppError('invalid', say('the Kubernetes API found the change invalid'), 422, true, { cause: err });
    case 429:
      return new AppError('too_many_requests', say('the Kubernetes API is throttling requests; try again shortly'), 429, true, { cause: err });
  }
  if (status !== undefined && status >= 500) {
    return new AppError('upstream_error', say(`the Kubernetes API answered ${status}`), 502, true, { cause: err });
  }
  return connectionProblem(err) ?? new AppError('internal', 'internal error', 500, false, { cause: err });
}

/** Where credentials came from, for the words a failure to get them is reported in. */
export type CredentialSource = 'exec' | 'auth-provider' | 'kubeconfig';

const CREDENTIAL_WORDS: Record<CredentialSource, string> = {
  exec: 'the exec credential plugin failed',
  'auth-provider': 'the kubeconfig auth-provider failed',
  kubeconfig: 'the kubeconfig credentials could not be loaded',
};

/** Getting credentials failed before any request was sent (lib/kube/contexts wraps that step). */
export function credentialsFailed(source: CredentialSource, cause: unknown): AppError {
  return new AppError('credentials_failed', CREDENTIAL_WORDS[source], 503, true, { cause });
}

const TLS_WORDS: [RegExp, string][] = [
  [/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_SIGNATURE_FAILURE|CERT_UNTRUSTED|CERT_REJECTED)$/, 'TLS: the API server certificate is not trusted'],
  [/^(CERT_HAS_EXPIRED|CERT_NOT_YET_VALID)$/, 'TLS: the API server certificate has expired or is not yet valid'],
  [/^(ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)$/, 'TLS: the API server certificate does not name this server'],
  [/^(EPROTO|ERR_SSL_\w+|ERR_TLS_\w+)$/, 'TLS: the handshake with the API server failed'],
];

const NETWORK_WORDS: [RegExp, string, number][] = [
  [/^ECONNREFUSED$/, 'the Kubernetes API is unreachable: connection refused', 503],
  [/^(ENOTFOUND|EAI_AGAIN)$/, 'the Kubernetes API is unreachable: its host name does not resolve', 503],
  [/^(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/, 'the Kubernetes API is unreachable: no answer in time', 504],
  [/^(ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_\w+)$/, 'the Kubernetes API is unreachable: the connection failed', 503],
];

/**
 * Failures below HTTP (TLS, TCP, DNS, timeouts), in fixed words by category: the raw text of
 * such errors holds URLs, OpenSSL internals and sometimes credentials, and it reaches routes the
 * auth-proxy overlay leaves open (/api/healthz, /api/clusters). The raw text goes to the log only.
 * Causes are searched too: fetch wrappers (node-fetch FetchError, undici) put the system error there.
 */
function connectionProblem(err: unknown): AppError | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth += 1, e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      for (const [pattern, words] of TLS_WORDS) if (pattern.test(code)) return new AppError('upstream_tls', words, 503, true, { cause: err });
      for (const [pattern, words, status] of NETWORK_WORDS) {
        if (pattern.test(code)) return new AppError(status === 504 ? 'upstream_timeout' : 'upstream_unreachable', words, status, true, { cause: err });
      }
    }
    const name = (e as { name?: unknown }).name;
    if (name === 'AbortError' || name === 'TimeoutError') return new AppError('upstream_timeout', 'the Kubernetes API is unreachable: no answer in time', 504, true, { cause: err });
  }
  return undefined;
}

/**
 * Short, credential-free words for an error (cache status, /api/healthz, 503 bodies): the
 * category, never the raw message; log the raw detail with logDetail.
 */
export function describeError(err: unknown): string {
  const app = fromKubeError(err);
  return app.expose ? app.message : 'unexpected error (details in the server log)';
}

/** JSON ErrorResponse for any thrown value. Details of unexpected errors go only to the log. */
export function errorResponse(err: unknown): Response {
  const app = err instanceof AppError ? err : fromKubeError(err);
  if (!app.expose || app.status >= 500) {
    logger.error({ error: logDetail(err), code: app.code }, 'request failed');
  }
  const body: ErrorResponse = {
    error: { code: app.code, message: app.expose ? app.message : 'internal error', ...(app.expose && app.causes ? { causes: app.causes } : {}) },
  };
  return Response.json(body, { status: app.status, headers: { 'cache-control': 'no-store' } });
}
