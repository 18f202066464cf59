import 'server-only';
import { AppsV1Api } from '@kubernetes/client-node';
import type { AgentPreviewResponse, FieldCause } from '@/lib/api/dto';
import { applyPatch, changesNothing, wirePatch, type AppliedChange } from '@/lib/change/agent/apply';
import { currentSettings } from '@/lib/change/agent/current';
import type { AgentChange, AgentPatch } from '@/lib/change/agent/schema';
import { planSummary } from '@/lib/change/agent/summary';
import type { KDaemonSet } from '@/lib/coverage/k8s';
import { previewAgentChange } from '@/lib/coverage/preview';
import { templateYaml, unifiedDiff } from '@/lib/coverage/revisions';
import { AppError, conflict, fromKubeError, notFound } from '@/lib/errors';
import { readyCache } from '@/lib/kube/cache/registry';
import { apiFor } from '@/lib/kube/contexts';
import type { Actor } from '@/lib/kube/security/identity';
import type { ActionOutcome } from './outcome';
import { strategicMergePatch } from './patch-options';
import { captureRawJson } from './raw-json';
import { generationOf } from './state';

/** The DaemonSet as the API server wrote it (raw JSON: the template is sent back whole). */
async function readLive(api: AppsV1Api, namespace: string, name: string): Promise<KDaemonSet> {
  const raw = captureRawJson();
  try {
    await api.readNamespacedDaemonSet({ name, namespace }, raw.options);
  } catch (err) {
    const e = fromKubeError(err);
    throw e.status === 404 ? notFound(`daemonset ${namespace}/${name} not found`) : e;
  }
  return raw.json() as KDaemonSet;
}

/** The change applied to the live object; what only the object can refuse (a container it lacks) is a 400. */
function applied(live: KDaemonSet, patch: AgentPatch): AppliedChange {
  const a = applyPatch(live, patch);
  if (a.problems.length > 0) {
    const first = a.problems[0]!;
    throw new AppError('bad_request', `${first.path}: ${first.message}`, 400, true, { causes: a.problems.map((p) => ({ field: p.path, message: p.message })) });
  }
  return a;
}

/** The API server's field causes of a refusal (details.causes of its Status), when it gave any. */
function kubeCauses(err: unknown): FieldCause[] {
  let body: unknown = (err as { body?: unknown })?.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return [];
    }
  }
  const causes = (body as { details?: { causes?: { field?: string; message?: string }[] } } | undefined)?.details?.causes ?? [];
  return causes.filter((c) => c.message).map((c) => ({ field: c.field ?? '', message: c.message! }));
}

const stale = (name: string) => conflict(`${name} changed since the preview; preview again`);

/** A refusal of the patch (dry run or real) in words, field by field; a precondition failure says "preview again". */
function patchRefused(err: unknown, name: string): AppError {
  const e = fromKubeError(err);
  if (e.status === 409) return stale(name);
  const causes = kubeCauses(err);
  return causes.length > 0 ? new AppError(e.code, e.message, e.status, e.expose, { cause: err, causes }) : e;
}

async function sendPatch(api: AppsV1Api, namespace: string, name: string, body: object, dryRun: boolean): Promise<KDaemonSet> {
  const raw = captureRawJson();
  try {
    await api.patchNamespacedDaemonSet({ name, namespace, body, ...(dryRun ? { dryRun: 'All' } : {}) }, strategicMergePatch(raw.options));
  } catch (err) {
    throw patchRefused(err, name);
  }
  return raw.json() as KDaemonSet;
}

/**
 * What the change would do, asked of the live DaemonSet (as the person), the engine (on the
 * cache's nodes and pods) and the API server (a dry run of the exact patch apply would send).
 */
export async function previewChange(ctx: string, namespace: string, name: string, patch: AgentPatch, actor: Actor): Promise<AgentPreviewResponse> {
  const api = apiFor(ctx, AppsV1Api, actor.identity);
  const live = await readLive(api, namespace, name);
  const change = applied(live, patch);
  const resourceVersion = live.metadata?.resourceVersion ?? '';
  const changes = !changesNothing(live, change);
  // The API server speaks first: what it refuses is never previewed, and what it accepts comes
  // back defaulted and typed (the YAML escape hatch can say anything), so the engine reads that.
  const dry = changes ? await sendPatch(api, namespace, name, wirePatch(live, change, patch, resourceVersion), true) : live;
  const cache = await readyCache(ctx);
  const now = Date.now();
  const inputs = cache.engine.previewInputs(namespace, name, now);
  if (!inputs) throw notFound(`daemonset ${namespace}/${name} is not in the cache of context "${ctx}" yet; try again in a moment`);
  const plan = previewAgentChange({
    current: live,
    hypothetical: dry,
    templateChanged: change.templateChanged,
    currentHash: inputs.agent.currentHash,
    nodes: inputs.nodes,
    pods: inputs.pods,
    before: inputs.agent.cells,
    now,
  });
  const diff = unifiedDiff(templateYaml(live.spec?.template), templateYaml(dry.spec?.template), 'current template', 'after the change');
  return {
    context: ctx,
    namespace,
    name,
    resourceVersion,
    changes,
    templateChanged: change.templateChanged,
    gain: plan.gain,
    lose: plan.lose,
    replace: plan.replace,
    counts: plan.counts,
    settled: plan.settled,
    rollout: plan.rollout,
    summary: planSummary({ changes, counts: plan.counts, rollout: plan.rollout }),
    dryRun: { ok: true, ...(dry.metadata?.generation !== undefined ? { generation: dry.metadata.generation } : {}) },
    diff,
    current: currentSettings(live),
    ...(change.templateChanged && dry.spec?.template ? { template: dry.spec.template as unknown as Record<string, unknown> } : {}),
  };
}

/** The fields a change touches, for the audit record and the Event ("image, tolerations"). */
export function changedFields(patch: AgentPatch): string {
  const names: Record<string, string> = { images: 'image', strategy: 'update strategy', minReadySeconds: 'minReadySeconds', tolerations: 'tolerations', nodeSelector: 'nodeSelector', requiredNodeAffinity: 'node affinity', templateYaml: 'pod template', changeCause: 'change-cause' };
  return Object.keys(patch).filter((k) => k in names && patch[k as keyof AgentPatch] !== undefined).map((k) => names[k]).join(', ') || 'nothing';
}

/**
 * Applies the change exactly as previewed: only when the DaemonSet is still at the previewed
 * resourceVersion (checked here, and again by the API server as the patch's precondition), so
 * nothing is written when anyone changed it in between.
 */
export async function applyChange(ctx: string, namespace: string, name: string, body: AgentChange, actor: Actor): Promise<ActionOutcome> {
  const { resourceVersion, ...patch } = body;
  const api = apiFor(ctx, AppsV1Api, actor.identity);
  const live = await readLive(api, namespace, name);
  const uid = live.metadata?.uid;
  // what is wrong with the change itself is said first: previewing again would not fix it
  const change = applied(live, patch);
  if (live.metadata?.resourceVersion !== resourceVersion) throw stale(name);
  const detail = { fields: changedFields(patch), ...(patch.changeCause ? { changeCause: patch.changeCause.slice(0, 200) } : {}) };
  if (changesNothing(live, change)) return { changed: false, uid, state: generationOf(live.metadata), message: `daemonset.apps/${name} unchanged`, detail };
  const patched = await sendPatch(api, namespace, name, wirePatch(live, change, patch, resourceVersion), false);
  return { changed: true, uid, state: generationOf(patched.metadata), message: `daemonset.apps/${name} changed${change.templateChanged ? ' (new pod template: the controller rolls it out)' : ''}`, detail };
}
