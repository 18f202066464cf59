import 'server-only';
import type { z } from 'zod';
import type { ActionResponse } from '@/lib/api/dto';
import { parseBody, parseParams } from '@/lib/api/params';
import { errorResponse, forbidden, fromKubeError } from '@/lib/errors';
import type { ActionOutcome } from '@/lib/kube/actions/outcome';
import { guardedAction } from '@/lib/kube/actions/repeat-guard';
import { daemonSetState } from '@/lib/kube/actions/state';
import { audit, resultOf, type ActionName, type AuditRecord } from '@/lib/kube/audit';
import { csrfRefusal } from '@/lib/kube/security/csrf';
import { actorFor, assertWritable, proxyIdentity, type Actor } from '@/lib/kube/security/identity';

export type RouteParams = Record<string, string | string[] | undefined>;

export interface ActionSpec<P extends { ctx: string }, B> {
  action: ActionName;
  params: z.ZodType<P>;
  body: z.ZodType<B>;
  perform: (params: P, body: B, actor: Actor) => Promise<ActionOutcome>;
  /** Node the action targets, when it has one (recreate). */
  node?: (params: P) => string;
  /** Request facts for the audit record (e.g. the revision asked for). */
  requested?: (body: B) => Record<string, string | number>;
  /** What the action acts on, from the raw route params; default: the DaemonSet `ns`/`name`. */
  target?: (raw: RouteParams) => AuditRecord['target'];
  /** The object's state now for the repeat guard (see ActionOutcome.state); default: the DaemonSet's generation. */
  stateNow?: (params: P, actor: Actor) => Promise<string | undefined>;
  /** Largest body accepted (default MAX_BODY_BYTES; a pod template as YAML, a list of nodes need more). */
  maxBodyBytes?: number;
}

type DaemonSetParams = { ctx: string; ns: string; name: string };

/**
 * The one path every mutating route takes, cheapest refusals first: read-only mode, CSRF and
 * origin, proxy identity, then parameter and body validation; only then does anything reach the
 * cluster, acting as the person, through the repeat guard (one action per identical request).
 * Every attempt is audited, refusals included, with who asked, from where, and the answer.
 */
export async function runAction<P extends { ctx: string }, B>(
  request: Request,
  params: Promise<RouteParams>,
  spec: ActionSpec<P, B>,
): Promise<Response> {
  const record = await initialRecord(request, params, spec);
  try {
    assertWritable();
    const refusal = csrfRefusal(request);
    if (refusal) throw forbidden(refusal);
    const identity = proxyIdentity(request);
    if (identity) Object.assign(record, { actor: identity.user, groups: identity.groups });
    const p = await parseParams(params, spec.params);
    const body = await parseBody(request, spec.body, spec.maxBodyBytes);
    const actor = actorFor(request, p.ctx);
    Object.assign(record, { actor: actor.name, detail: spec.requested?.(body) });

    const key = JSON.stringify([spec.action, p, body, actor.name, actor.identity?.groups ?? []]);
    const stateNow = spec.stateNow ?? ((q: P, a: Actor) => daemonSetState(q.ctx, (q as unknown as DaemonSetParams).ns, (q as unknown as DaemonSetParams).name, a));
    const { outcome, repeat } = await guardedAction(key, {
      perform: () => spec.perform(p, body, actor),
      stateNow: () => stateNow(p, actor),
    });
    const detail = { ...record.detail, ...outcome.detail, ...(repeat ? { repeat } : {}) };
    if (outcome.targets) {
      // an action on several objects: each one audited (and given its Event) on its own
      for (const t of outcome.targets) {
        await audit({ ...record, target: t.target, detail: { ...detail, ...t.detail }, result: t.result, status: t.status, message: t.message });
      }
    } else {
      await audit({ ...record, target: { ...record.target, uid: outcome.uid }, detail, result: outcome.changed ? 'changed' : 'unchanged', status: 200, message: outcome.message });
    }
    const response: ActionResponse = { ...outcome.answer, ok: true, message: outcome.message, changed: outcome.changed };
    return Response.json(response, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    const app = fromKubeError(err);
    await audit({ ...record, result: resultOf(app.status), status: app.status, message: app.expose ? app.message : 'internal error' });
    return errorResponse(err);
  }
}

type PendingRecord = Omit<AuditRecord, 'result' | 'message'>;

/** What is known before anything is checked: the raw route params (bounded) and the client. */
async function initialRecord<P extends { ctx: string }, B>(
  request: Request,
  params: Promise<RouteParams>,
  spec: ActionSpec<P, B>,
): Promise<PendingRecord> {
  const raw = await params.catch((): RouteParams => ({}));
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 256) : '');
  return {
    ctx: text(raw.ctx),
    action: spec.action,
    actor: '(not identified)',
    client: clientOf(request),
    target: spec.target?.(raw) ?? { namespace: text(raw.ns), name: text(raw.name), ...(spec.node ? { node: text(raw.node) } : {}) },
  };
}

function clientOf(request: Request): AuditRecord['client'] {
  const address = request.headers.get('x-forwarded-for')?.slice(0, 256);
  const userAgent = request.headers.get('user-agent')?.slice(0, 256);
  return { ...(address ? { address } : {}), ...(userAgent ? { userAgent } : {}) };
}
