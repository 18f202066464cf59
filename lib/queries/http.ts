import { CSRF_HEADER, type ActionResponse, type ErrorResponse } from '@/lib/api/dto';

/** A failed route call, carrying the server's words (ErrorResponse.error.message) for display. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Field by field, what validation or the API server refused (change routes). */
    readonly causes?: { field: string; message: string }[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

async function parse<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (a proxy error page, a crash): fall through to a message built from the status.
  }
  if (!res.ok) {
    if (isErrorResponse(body)) throw new ApiError(res.status, body.error.code, body.error.message, body.error.causes);
    throw new ApiError(res.status, 'http', `The server answered ${res.status} ${res.statusText}`.trim());
  }
  return body as T;
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { signal, headers: { accept: 'application/json' } });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'network', 'Cannot reach the Everynode server');
  }
  return parse<T>(res);
}

/** Every mutating call carries the CSRF header and a JSON content type (the server rejects others). */
export async function postAction(url: string, body: unknown = {}): Promise<ActionResponse> {
  return postJson<ActionResponse>(url, body);
}

/** A POST with the same headers as an action, for answers of other shapes (previews, per-node results). */
export async function postJson<T>(url: string, body: unknown = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', [CSRF_HEADER]: '1' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the Everynode server');
  }
  return parse<T>(res);
}

/** Words for any thrown value, preferring the server's own message. */
export function errorText(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong';
}
