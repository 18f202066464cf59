import 'server-only';
import { AppsV1Api, PatchStrategy, setHeaderOptions, type V1DaemonSet } from '@kubernetes/client-node';
import type { KDaemonSet } from '@/lib/coverage/k8s';
import { AppError, conflict, fromKubeError } from '@/lib/errors';
import type { ActionOutcome } from '@/lib/kube/actions/outcome';
import { readyCache } from '@/lib/kube/cache/registry';
import { apiFor } from '@/lib/kube/contexts';
import type { Actor } from '@/lib/kube/security/identity';
import { ANNOTATIONS, isActive, progressAnnotations, readStaged, type StagedRecord } from '@/lib/staged/annotations';
import { failureOf, livePod } from '@/lib/staged/decide';
import type { Plan, PlanRecord, Progress } from '@/lib/staged/plan';
import { planSteps } from '@/lib/staged/steps';
import { annotationOps, expectProgress, progressOps, restoreOps, type JsonPatchOp } from './patches';
import { templateHash } from './template-hash';

const jsonPatch = () => setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);
const invalid = (msg: string) => new AppError('invalid', msg, 422);

export interface StartBody {
  template: Record<string, unknown>;
  plan: Plan;
}

async function patch(api: AppsV1Api, ds: V1DaemonSet, ops: JsonPatchOp[], dryRun = false): Promise<V1DaemonSet> {
  const { name, namespace } = ds.metadata!;
  try {
    return await api.patchNamespacedDaemonSet({ name: name!, namespace: namespace!, body: ops, ...(dryRun ? { dryRun: 'All' } : {}) }, jsonPatch());
  } catch (err) {
    const app = fromKubeError(err);
    // A failed `test` op: the DaemonSet moved on between our read and our write.
    if (app.status === 422 && /test operation|testing value/i.test(app.message)) throw conflict(`daemonset.apps/${name} changed meanwhile; reload and try again`);
    throw app;
  }
}

const rvTest = (ds: V1DaemonSet): JsonPatchOp => ({ op: 'test', path: '/metadata/resourceVersion', value: ds.metadata?.resourceVersion });

/**
 * Starts a plan as the person: one patch sets OnDelete, the new template and the plan's
 * annotations, guarded by the resourceVersion read. A dry run first gives the API server's
 * defaulted template (whose hash the driver later compares) and its 422s before anything changes.
 */
export async function startStaged(ctx: string, namespace: string, name: string, body: StartBody, actor: Actor, now = new Date()): Promise<ActionOutcome> {
  const api = apiFor(ctx, AppsV1Api, actor.identity);
  const ds = await api.readNamespacedDaemonSet({ name, namespace });
  const existing = readStaged(ds.metadata?.annotations);
  if (existing && isActive(existing.progress.phase)) throw conflict(`daemonset.apps/${name} already has a staged rollout (${existing.progress.phase}); abort it or let it finish first`);

  const cache = await readyCache(ctx);
  const agent = cache.engine.agent(namespace, name, now.getTime());
  const eligible = agent?.cells.filter((c) => c.shouldRun).map((c) => c.node) ?? [];
  const steps = planSteps(body.plan, eligible, (n) => cache.engine.getNode(n)?.metadata?.labels);
  if (steps[0]!.nodes.length === 0) throw invalid('plan.canary: matches no node the agent runs on');

  const specOps: JsonPatchOp[] = [rvTest(ds), { op: 'replace', path: '/spec/template', value: body.template }, { op: 'replace', path: '/spec/updateStrategy', value: { type: 'OnDelete' } }];
  const dry = await patch(api, ds, specOps, true);
  if (templateHash(dry.spec?.template) === templateHash(ds.spec?.template)) throw invalid('template: is the same as the current pod template; nothing to roll out');

  // The spec change moves generation by exactly one (the resourceVersion test rules out a race).
  const record: PlanRecord = { plan: body.plan, startedBy: actor.name, startedAt: now.toISOString(), generation: (ds.metadata?.generation ?? 0) + 1 };
  const progress: Progress = { phase: 'running', step: 0, stepStartedAt: now.getTime(), promoted: false, acked: {} };
  const ops = [
    ...specOps,
    ...annotationOps(ds.metadata?.annotations, {
      [ANNOTATIONS.plan]: JSON.stringify(record),
      [ANNOTATIONS.originalStrategy]: JSON.stringify(ds.spec?.updateStrategy ?? { type: 'RollingUpdate' }),
      [ANNOTATIONS.previousTemplate]: JSON.stringify(ds.spec?.template),
      ...progressAnnotations(progress),
    }),
  ];
  const patched = await patch(api, ds, ops);
  if (patched.metadata?.generation !== record.generation) throw conflict(`daemonset.apps/${name} changed while the plan started; abort it and try again`);
  return {
    changed: true,
    uid: ds.metadata?.uid,
    state: stagedStateOf(patched.metadata),
    message: `daemonset.apps/${name}: staged rollout started (canary on ${steps[0]!.nodes.length} node${steps[0]!.nodes.length === 1 ? '' : 's'}, then ${steps.length - 1} wave${steps.length === 2 ? '' : 's'})`,
    detail: { steps: steps.length, canary: steps[0]!.nodes.join(',').slice(0, 200) },
  };
}

/**
 * The repeat guard's view of a plan (ActionOutcome.state): its spec generation and its progress
 * annotations. A staged control changes annotations only, and the plan moves on its own (a resume,
 * then a new pod pausing it again): a second Resume seconds later is a new wish exactly when this
 * differs from what the first one left.
 */
export function stagedStateOf(metadata: V1DaemonSet['metadata']): string {
  const a = metadata?.annotations ?? {};
  return JSON.stringify([metadata?.generation, a[ANNOTATIONS.state], a[ANNOTATIONS.wave], a[ANNOTATIONS.pausedReason], a[ANNOTATIONS.progress]]);
}

/** stagedStateOf the DaemonSet as it is now, read as the actor. */
export async function stagedState(ctx: string, namespace: string, name: string, actor: Actor): Promise<string> {
  return stagedStateOf((await apiFor(ctx, AppsV1Api, actor.identity).readNamespacedDaemonSet({ name, namespace })).metadata);
}

export type StagedControl = 'pause' | 'resume' | 'promote' | 'abort';
type Control = StagedControl;

/** Pause, resume, promote or abort, as the person, against the plan as it is now. */
export async function controlStaged(ctx: string, namespace: string, name: string, control: Control, actor: Actor, now = new Date()): Promise<ActionOutcome> {
  const api = apiFor(ctx, AppsV1Api, actor.identity);
  const ds = await api.readNamespacedDaemonSet({ name, namespace });
  const staged = readStaged(ds.metadata?.annotations);
  if (!staged || !isActive(staged.progress.phase)) throw conflict(`daemonset.apps/${name} has no staged rollout running or paused`);
  const p = staged.progress;
  const annotations = ds.metadata?.annotations;
  const done = (message: string, patched: V1DaemonSet, changed = true): ActionOutcome => ({
    changed,
    uid: ds.metadata?.uid,
    state: stagedStateOf(patched.metadata),
    message: `daemonset.apps/${name}: ${message}`,
    detail: { step: p.step },
  });

  switch (control) {
    case 'pause': {
      if (p.phase === 'paused') return done(`staged rollout already paused (${p.reason ?? 'by a person'})`, ds, false);
      const next: Progress = { ...p, phase: 'paused', reason: `paused by ${actor.name}` };
      return done('staged rollout paused', await patch(api, ds, [...expectProgress(p), ...progressOps(annotations, next)]));
    }
    case 'resume':
    case 'promote': {
      if (control === 'resume' && p.phase === 'running') return done('staged rollout already running', ds, false);
      const edited = handEdit(ds as KDaemonSet, staged);
      if (edited) throw conflict(`cannot ${control}: ${edited}; abort the plan to restore the previous template, or start a new one`);
      const next: Progress = { ...p, phase: 'running', promoted: p.promoted || control === 'promote', acked: { ...p.acked, ...(await failingPods(ctx, ds, staged, now)) } };
      delete next.reason;
      return done(control === 'resume' ? 'staged rollout resumed' : 'staged rollout promoted: the remaining nodes follow without gates', await patch(api, ds, [...expectProgress(p), ...progressOps(annotations, next)]));
    }
    case 'abort': {
      const previous = previousTemplate(annotations);
      const next: Progress = { ...p, phase: 'aborted', reason: `aborted by ${actor.name}` };
      const patched = await patch(api, ds, [...expectProgress(p), ...restoreOps(annotations, staged.originalStrategy, previous, next)]);
      return done('staged rollout aborted: previous template and update strategy restored', patched);
    }
  }
}

export function previousTemplate(annotations: Record<string, string> | undefined): unknown {
  try {
    return JSON.parse(annotations?.[ANNOTATIONS.previousTemplate] ?? '');
  } catch {
    return undefined;
  }
}

/** Why the DaemonSet no longer matches its plan (someone edited it by hand), if it does not. */
export function handEdit(ds: KDaemonSet, staged: StagedRecord): string | undefined {
  const type = ds.spec?.updateStrategy?.type ?? 'RollingUpdate';
  if (type !== 'OnDelete') return `the update strategy was changed to ${type} outside the plan`;
  const generation = ds.metadata?.generation ?? 0;
  if (generation !== staged.record.generation) return `the DaemonSet spec (pod template) was changed outside the plan: generation ${generation}, the plan's is ${staged.record.generation}`;
  return undefined;
}

/** New pods failing now: a person resuming has seen them, so they no longer pause the plan. */
async function failingPods(ctx: string, ds: V1DaemonSet, staged: StagedRecord, now: Date): Promise<Record<string, number>> {
  const cache = await readyCache(ctx);
  const agent = cache.engine.agent(ds.metadata!.namespace!, ds.metadata!.name!, now.getTime());
  const out: Record<string, number> = {};
  for (const c of agent?.cells ?? []) {
    const pod = c.shouldRun ? livePod(c) : undefined;
    if (pod?.revision === 'current' && failureOf(pod, staged.record.plan, staged.progress.acked, now.getTime())) out[pod.uid] = pod.restarts;
  }
  return out;
}
