import 'server-only';
import { z } from '@/lib/zod';
import { badRequest, notFound, payloadTooLarge, unsupportedMediaType } from '@/lib/errors';
import { contextExists } from '@/lib/kube/contexts';

/** Request bodies larger than this are refused before parsing. */
export const MAX_BODY_BYTES = 16 * 1024;
/** Agent changes may carry a whole pod template as YAML. */
export const MAX_CHANGE_BODY_BYTES = 64 * 1024;

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Object names (DaemonSets, Pods) and node names: DNS-1123 subdomain, as the API server requires. */
export const objectName = z
  .string()
  .min(1, 'must not be empty')
  .max(253, 'must be at most 253 characters')
  .regex(DNS1123_SUBDOMAIN, 'must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".")');

/** Namespaces are DNS-1123 labels (no dots, at most 63 characters). */
export const namespaceName = z
  .string()
  .min(1, 'must not be empty')
  .max(63, 'must be at most 63 characters')
  .regex(DNS1123_LABEL, 'must be a DNS-1123 label (lowercase letters, digits and "-")');

/** A kubeconfig context name: free text, but bounded and printable; existence is checked separately. */
export const contextName = z
  .string()
  .min(1, 'must not be empty')
  .max(253, 'must be at most 253 characters')
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters');

export const rollbackBody = z.strictObject({
  toRevision: z.number().int('must be an integer').positive('must be positive').max(2 ** 53 - 1).optional(),
});
export const emptyBody = z.strictObject({});

function describe(error: z.ZodError, what: string): string {
  const issue = error.issues[0];
  if (!issue) return `invalid ${what}`;
  const where = issue.path.length > 0 ? issue.path.join('.') : what;
  return `${where}: ${issue.message}`;
}

/** Next decodes route params once; decode again defensively only if still percent-encoded. */
function decodeParam(value: unknown): unknown {
  if (typeof value !== 'string' || !/%[0-9a-fA-F]{2}/.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Validates route params with `schema`; a failure becomes a 400 naming the parameter. A `ctx`
 * param must name a context of the kubeconfig, else 404.
 */
export async function parseParams<S extends z.ZodType<Record<string, unknown>>>(
  params: Promise<Record<string, string | string[] | undefined>> | Record<string, string | string[] | undefined>,
  schema: S,
): Promise<z.infer<S>> {
  const raw = await params;
  const decoded = Object.fromEntries(Object.entries(raw ?? {}).map(([k, v]) => [k, decodeParam(v)]));
  const parsed = schema.safeParse(decoded);
  if (!parsed.success) throw badRequest(describe(parsed.error, 'parameters'));
  const value = parsed.data as Record<string, unknown>;
  if (typeof value.ctx === 'string' && !contextExists(value.ctx)) {
    throw notFound(`unknown context "${value.ctx}"`);
  }
  return parsed.data;
}

/** Validates query parameters (only the keys the schema names are read). */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const url = new URL(request.url);
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams.entries()));
  if (!parsed.success) throw badRequest(describe(parsed.error, 'query'));
  return parsed.data;
}

/**
 * Reads a JSON body of at most MAX_BODY_BYTES and validates it; an empty body counts as `{}`.
 * The Content-Type must say application/json (the console's client always does), empty body or
 * not: text/plain and form types are what a cross-site form can send without a preflight.
 * Size is checked on the declared length and on the bytes actually read.
 */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S, maxBytes = MAX_BODY_BYTES): Promise<z.infer<S>> {
  const mediaType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw unsupportedMediaType(`body: Content-Type must be application/json${mediaType ? ` (got ${mediaType.slice(0, 100)})` : ' (none was sent)'}`);
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw payloadTooLarge(`body must be at most ${maxBytes} bytes`);
  }
  const text = await readLimited(request, maxBytes);
  let json: unknown = {};
  if (text.trim().length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      throw badRequest('body: must be valid JSON');
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw badRequest(describe(parsed.error, 'body'));
  return parsed.data;
}

async function readLimited(request: Request, limit: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(`body must be at most ${limit} bytes`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Schemas for the read routes' params. */
export const ctxParams = z.object({ ctx: contextName });
export const daemonSetParams = z.object({ ctx: contextName, ns: namespaceName, name: objectName });
export const nodeParams = z.object({ ctx: contextName, node: objectName });
export const nodeDaemonSetParams = z.object({ ctx: contextName, node: objectName, ns: namespaceName, name: objectName });
