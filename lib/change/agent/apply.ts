import { CHANGE_CAUSE_ANNOTATION, type KDaemonSet, type KPodSpec, type KPodTemplateSpec, type KToleration } from '@/lib/coverage/k8s';
import type { AgentPatch, TermInput, TolerationInput } from './schema';
import { parseTemplateYaml } from './template-yaml';

/** A problem of a change that only the DaemonSet it applies to can show (a container it lacks). */
export interface ChangeProblem {
  path: string;
  message: string;
}

export interface AppliedChange {
  /** The DaemonSet as it would be after the change (a copy; the input is not touched). */
  ds: KDaemonSet;
  /** The pod template changed: the controller makes a new revision and replaces pods. */
  templateChanged: boolean;
  problems: ChangeProblem[];
}

/** Plain JSON with null/undefined dropped and keys sorted, to compare templates as the API server stores them. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== null && x !== undefined) out[k] = canonical(x);
    }
    return out;
  }
  return v instanceof Date ? v.toISOString() : v;
}

export const sameJson = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** A toleration as the API server stores it: no empty fields. */
function toleration(t: TolerationInput): KToleration {
  const out: KToleration = {};
  if (t.key) out.key = t.key;
  out.operator = t.operator ?? 'Equal';
  if (t.value) out.value = t.value;
  if (t.effect) out.effect = t.effect;
  if (t.tolerationSeconds !== undefined) out.tolerationSeconds = t.tolerationSeconds;
  return out;
}

function terms(input: TermInput[]) {
  return input.map((t) => ({
    ...(t.matchExpressions?.length ? { matchExpressions: t.matchExpressions.map((r) => ({ key: r.key, operator: r.operator, ...(r.values?.length ? { values: [...r.values] } : {}) })) } : {}),
    ...(t.matchFields?.length ? { matchFields: t.matchFields.map((r) => ({ key: r.key, operator: r.operator, values: [...r.values] })) } : {}),
  }));
}

function setRequiredAffinity(spec: KPodSpec, value: TermInput[] | null): void {
  if (value === null) {
    const na = spec.affinity?.nodeAffinity as Record<string, unknown> | undefined;
    if (!na) return;
    delete na.requiredDuringSchedulingIgnoredDuringExecution;
    if (Object.keys(na).length === 0) delete (spec.affinity as Record<string, unknown>).nodeAffinity;
    if (spec.affinity && Object.keys(spec.affinity).length === 0) delete spec.affinity;
    return;
  }
  spec.affinity ??= {};
  spec.affinity.nodeAffinity ??= {};
  spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: terms(value) };
}

/**
 * The DaemonSet as it would be after `patch` (pure: works on a copy). The template YAML, when
 * given, replaces the template first; the form's fields are applied on top of it, so the two can
 * be combined. Strategy, minReadySeconds and the change-cause are not part of the template.
 */
export function applyPatch(current: KDaemonSet, patch: AgentPatch): AppliedChange {
  const ds = structuredClone(current) as KDaemonSet;
  const problems: ChangeProblem[] = [];
  ds.spec ??= {};
  if (patch.templateYaml !== undefined) {
    const parsed = parseTemplateYaml(patch.templateYaml);
    if (parsed.template) ds.spec.template = parsed.template;
    else for (const p of parsed.problems) problems.push({ path: 'templateYaml', message: p.line ? `line ${p.line}, column ${p.col}: ${p.message}` : p.message });
  }
  const template: KPodTemplateSpec = (ds.spec.template ??= {});
  const spec: KPodSpec = (template.spec ??= {});

  for (const [name, image] of Object.entries(patch.images ?? {})) {
    const c = spec.containers?.find((x) => x.name === name) ?? spec.initContainers?.find((x) => x.name === name);
    if (c) c.image = image;
    else problems.push({ path: `images.${name}`, message: `the pod template has no container or init container named "${name}"` });
  }
  if (patch.tolerations !== undefined) {
    if (patch.tolerations.length > 0) spec.tolerations = patch.tolerations.map(toleration);
    else delete spec.tolerations;
  }
  if (patch.nodeSelector !== undefined) {
    if (Object.keys(patch.nodeSelector).length > 0) spec.nodeSelector = { ...patch.nodeSelector };
    else delete spec.nodeSelector;
  }
  if (patch.requiredNodeAffinity !== undefined) setRequiredAffinity(spec, patch.requiredNodeAffinity);

  if (patch.strategy) {
    ds.spec.updateStrategy =
      patch.strategy.type === 'OnDelete'
        ? { type: 'OnDelete' }
        : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: patch.strategy.maxUnavailable ?? 1, maxSurge: patch.strategy.maxSurge ?? 0 } };
  }
  if (patch.minReadySeconds !== undefined) ds.spec.minReadySeconds = patch.minReadySeconds;
  if (patch.changeCause !== undefined) {
    ds.metadata ??= {};
    ds.metadata.annotations = { ...ds.metadata.annotations, [CHANGE_CAUSE_ANNOTATION]: patch.changeCause };
  }
  return { ds, templateChanged: !sameJson(current.spec?.template, ds.spec.template), problems };
}

/**
 * The strategic merge patch that takes the live DaemonSet to `applied.ds`, guarded by the
 * resourceVersion it was computed on (the API server answers 409 when the object moved since).
 * A changed template is sent whole with `$patch: replace`, as the controller's own revisions
 * restore it, so lists the form edits whole (tolerations, terms) and keys it removed are exact.
 */
export function wirePatch(current: KDaemonSet, applied: AppliedChange, patch: AgentPatch, resourceVersion: string): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  if (applied.templateChanged) spec.template = { ...applied.ds.spec!.template, $patch: 'replace' };
  if (patch.strategy) {
    const s = applied.ds.spec!.updateStrategy!;
    spec.updateStrategy = s.type === 'OnDelete' ? { type: 'OnDelete', rollingUpdate: null } : s;
  }
  if (patch.minReadySeconds !== undefined && patch.minReadySeconds !== (current.spec?.minReadySeconds ?? 0)) spec.minReadySeconds = patch.minReadySeconds;
  const metadata: Record<string, unknown> = { resourceVersion };
  if (patch.changeCause !== undefined) metadata.annotations = { [CHANGE_CAUSE_ANNOTATION]: patch.changeCause };
  return { metadata, ...(Object.keys(spec).length > 0 ? { spec } : {}) };
}

/** True when the change would leave the DaemonSet as it is (spec and change-cause). */
export function changesNothing(current: KDaemonSet, applied: AppliedChange): boolean {
  const cause = (d: KDaemonSet) => d.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION];
  return sameJson(current.spec, applied.ds.spec) && cause(current) === cause(applied.ds);
}
