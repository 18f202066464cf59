import 'server-only';
import type { z } from 'zod';
import type { ActionResponse } from '@/lib/api/dto';
import { parseBody, parseParams } from '@/lib/api/params';
import { errorResponse, forbidden, fromKubeError } from '@/lib/errors';
import { audit, type ActionName, type AuditRecord } from '@/lib/kube/audit';
import { csrfRefusal } from '@/lib/kube/security/csrf';
import { actorFor, assertWritable, proxyIdentity, type Actor } from '@/lib/kube/security/identity';
import type { ActionOutcome } from './outcome';
import { recentlyDone, remember } from './repeat-guard';

type RouteParams = Record<string, string | string[] | undefined>;

export interface ActionSpec<P extends { ctx: string; ns: string; name: string }, B> {
  action: ActionName;
  params: z.ZodType<P>;
  body: z.ZodType<B>;
  perform: (params: P, body: B, actor: Actor) => Promise<ActionOutcome>;
  /** Node the action targets, when it has one (recreate). */
  node?: (params: P) => string;
  /** Request facts for the audit record (e.g. the revision asked for). */
  requested?: (body: B) => Record<string, string | number>;
}

/**
 * The one path every mutating route takes, cheapest refusals first: read-only mode, CSRF and
 * origin, proxy identity, then parameter and body validation; only then does anything reach the
 * cluster, acting as the person. A repeat of an action that just changed something is answered
 * without acting again. Every attempt that got as far as an actor is audited.
 */
export async function runAction<P extends { ctx: string; ns: string; name: string }, B>(
  request: Request,
  params: Promise<RouteParams>,
  spec: ActionSpec<P, B>,
): Promise<Response> {
  let record: Omit<AuditRecord, 'result' | 'message'> | undefined;
  try {
    assertWritable();
    const refusal = csrfRefusal(request);
    if (refusal) throw forbidden(refusal);
    proxyIdentity(request);
    const p = await parseParams(params, spec.params);
    const body = await parseBody(request, spec.body);
    const actor = actorFor(request, p.ctx);
    record = {
      ctx: p.ctx,
      action: spec.action,
      actor: actor.name,
      target: { namespace: p.ns, name: p.name, ...(spec.node ? { node: spec.node(p) } : {}) },
      detail: spec.requested?.(body),
    };
    const repeatKey = JSON.stringify([spec.action, p, body, actor.name]);
    const previous = recentlyDone(repeatKey);
    const outcome: ActionOutcome = previous
      ? { changed: false, message: `${previous} (a moment ago; repeated request ignored)` }
      : await spec.perform(p, body, actor);
    if (outcome.changed) remember(repeatKey, outcome.message);
    await audit({
      ...record,
      target: { ...record.target, uid: outcome.uid },
      detail: { ...record.detail, ...outcome.detail },
      result: outcome.changed ? 'changed' : 'unchanged',
      message: outcome.message,
    });
    const response: ActionResponse = { ok: true, message: outcome.message, changed: outcome.changed };
    return Response.json(response, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    if (record) {
      const app = fromKubeError(err);
      await audit({ ...record, result: app.status === 403 ? 'refused' : 'failed', message: app.expose ? app.message : 'internal error' });
    }
    return errorResponse(err);
  }
}
