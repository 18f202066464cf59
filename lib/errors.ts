import 'server-only';
import type { ErrorResponse } from '@/lib/api/dto';
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
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

export const badRequest = (msg: string) => new AppError('bad_request', msg, 400);
export const unauthorized = (msg: string) => new AppError('unauthorized', msg, 401);
export const forbidden = (msg: string) => new AppError('forbidden', msg, 403);
export const notFound = (msg: string) => new AppError('not_found', msg, 404);
export const conflict = (msg: string) => new AppError('conflict', msg, 409);
export const payloadTooLarge = (msg: string) => new AppError('payload_too_large', msg, 413);
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

/** Removes anything that looks like a credential from text that may reach a user or a log. */
export function scrubSecrets(text: string): string {
  return text
    .replace(/(authorization["']?\s*[:=]\s*["']?)(bearer|basic)?\s*[^\s"',}]+/gi, '$1[redacted]')
    .replace(/\bbearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]')
    .replace(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]')
    .replace(/(token|password|client-key-data|client-certificate-data)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1$2[redacted]');
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
  const netCode = (err as { code?: unknown } | undefined)?.code;
  if (typeof netCode === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|UND_ERR_\w+)$/.test(netCode)) {
    return new AppError('upstream_unreachable', `the Kubernetes API is unreachable (${netCode})`, 503, true, { cause: err });
  }
  if (err instanceof Error && err.name === 'AbortError') {
    return new AppError('upstream_timeout', 'the Kubernetes API did not answer in time', 504, true, { cause: err });
  }
  return new AppError('internal', 'internal error', 500, false, { cause: err });
}

/** Short, credential-free text for a watch error (shown in cache status). */
export function describeError(err: unknown): string {
  const app = fromKubeError(err);
  if (app.expose) return app.message;
  return err instanceof Error ? scrubSecrets(err.message).slice(0, 200) : 'unknown error';
}

/** JSON ErrorResponse for any thrown value. Details of unexpected errors go only to the log. */
export function errorResponse(err: unknown): Response {
  const app = err instanceof AppError ? err : fromKubeError(err);
  if (!app.expose || app.status >= 500) {
    logger.error({ err: err instanceof Error ? { name: err.name, message: scrubSecrets(err.message) } : String(err), code: app.code }, 'request failed');
  }
  const body: ErrorResponse = {
    error: { code: app.code, message: app.expose ? app.message : 'internal error' },
  };
  return Response.json(body, { status: app.status, headers: { 'cache-control': 'no-store' } });
}
