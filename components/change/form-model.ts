import type { AgentSettingsDTO, TolerationDTO } from '@/lib/api/dto';
import type { AgentPatch, RequirementInput, TermInput, TolerationInput } from '@/lib/change/agent/schema';
import { OPERATORS } from '@/lib/change/agent/schema';

/**
 * The change form's state: text fields as typed (numbers and lists parsed only when the patch is
 * built), so a half-typed value never jumps. `patchOf` sends only what differs from `current`.
 */
export interface TolerationRow {
  key: string;
  operator: 'Exists' | 'Equal';
  value: string;
  effect: '' | 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds: string;
}
export interface ExpressionRow {
  key: string;
  operator: (typeof OPERATORS)[number];
  /** Comma-separated. */
  values: string;
}
export interface AgentForm {
  images: Record<string, string>;
  strategy: 'RollingUpdate' | 'OnDelete';
  maxUnavailable: string;
  maxSurge: string;
  minReadySeconds: string;
  tolerations: TolerationRow[];
  nodeSelector: { key: string; value: string }[];
  /** null: no required node affinity. */
  terms: { expressions: ExpressionRow[] }[] | null;
  templateYaml: string;
  changeCause: string;
}

const EFFECTS = new Set(['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute']);

export function tolerationRow(t: TolerationDTO): TolerationRow {
  return {
    key: t.key ?? '',
    operator: t.operator === 'Exists' ? 'Exists' : 'Equal',
    value: t.value ?? '',
    effect: (EFFECTS.has(t.effect ?? '') ? (t.effect ?? '') : '') as TolerationRow['effect'],
    tolerationSeconds: t.tolerationSeconds === undefined || t.tolerationSeconds === null ? '' : String(t.tolerationSeconds),
  };
}

export function formOf(current: AgentSettingsDTO): AgentForm {
  const rolling = current.strategy.type === 'RollingUpdate' ? current.strategy : undefined;
  return {
    images: Object.fromEntries(current.containers.map((c) => [c.name, c.image])),
    strategy: current.strategy.type,
    maxUnavailable: String(rolling?.maxUnavailable ?? 1),
    maxSurge: String(rolling?.maxSurge ?? 0),
    minReadySeconds: String(current.minReadySeconds),
    tolerations: current.tolerations.map(tolerationRow),
    nodeSelector: Object.entries(current.nodeSelector).map(([key, value]) => ({ key, value })),
    terms:
      current.requiredNodeAffinity === null
        ? null
        : current.requiredNodeAffinity.map((t) => ({
            expressions: (t.matchExpressions ?? []).map((e) => ({ key: e.key ?? '', operator: (OPERATORS as readonly string[]).includes(e.operator ?? '') ? (e.operator as ExpressionRow['operator']) : 'In', values: (e.values ?? []).join(', ') })),
          })),
    templateYaml: current.templateYaml,
    changeCause: '',
  };
}

/** "3" → 3, "25%" stays text, anything else is passed on for the schema to name. */
const intOrPercent = (s: string): number | string => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : s.trim());
const numberOr = (s: string): number => (/^-?\d+$/.test(s.trim()) ? Number(s.trim()) : Number.NaN);

function toleration(r: TolerationRow): TolerationInput {
  return {
    ...(r.key ? { key: r.key.trim() } : {}),
    operator: r.operator,
    ...(r.operator === 'Equal' || r.value ? { value: r.value.trim() } : {}),
    ...(r.effect ? { effect: r.effect } : {}),
    ...(r.tolerationSeconds.trim() !== '' ? { tolerationSeconds: numberOr(r.tolerationSeconds) } : {}),
  };
}

function requirement(e: ExpressionRow): RequirementInput {
  const values = e.values.split(',').map((v) => v.trim()).filter((v) => v !== '');
  return { key: e.key.trim(), operator: e.operator, ...(values.length > 0 ? { values } : {}) };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The change the form asks for, relative to the DaemonSet as it is: only what differs. */
export function patchOf(current: AgentSettingsDTO, form: AgentForm): AgentPatch {
  const base = formOf(current);
  const patch: AgentPatch = {};
  // The YAML goes first (it replaces the template); the fields below apply on top of it.
  if (form.templateYaml !== base.templateYaml) patch.templateYaml = form.templateYaml;
  const images = Object.fromEntries(Object.entries(form.images).filter(([name, image]) => base.images[name] !== image.trim()).map(([name, image]) => [name, image.trim()]));
  if (Object.keys(images).length > 0) patch.images = images;
  if (form.strategy !== base.strategy || (form.strategy === 'RollingUpdate' && (form.maxUnavailable !== base.maxUnavailable || form.maxSurge !== base.maxSurge))) {
    patch.strategy = form.strategy === 'OnDelete' ? { type: 'OnDelete' } : { type: 'RollingUpdate', maxUnavailable: intOrPercent(form.maxUnavailable), maxSurge: intOrPercent(form.maxSurge) };
  }
  if (form.minReadySeconds !== base.minReadySeconds) patch.minReadySeconds = numberOr(form.minReadySeconds);
  if (!same(form.tolerations, base.tolerations)) patch.tolerations = form.tolerations.map(toleration);
  if (!same(form.nodeSelector, base.nodeSelector)) patch.nodeSelector = Object.fromEntries(form.nodeSelector.filter((p) => p.key.trim() !== '').map((p) => [p.key.trim(), p.value.trim()]));
  if (!same(form.terms, base.terms)) {
    patch.requiredNodeAffinity = form.terms === null ? null : form.terms.map((t): TermInput => ({ matchExpressions: t.expressions.map(requirement) }));
  }
  if (form.changeCause.trim() !== '') patch.changeCause = form.changeCause.trim();
  return patch;
}

/** The form with a fix hint's tolerations added (those not already there). */
export function withTolerations(form: AgentForm, add: readonly TolerationDTO[]): AgentForm {
  const rows = add.map(tolerationRow).filter((r) => !form.tolerations.some((t) => same(t, r)));
  return { ...form, tolerations: [...form.tolerations, ...rows] };
}

/** A toleration for a taint as the grid names it (key=value:Effect, or key:Effect). */
export function tolerationForTaint(taint: string): TolerationDTO | undefined {
  const m = /^(.*?)(?:=(.*))?:(NoSchedule|NoExecute|PreferNoSchedule)$/.exec(taint);
  if (!m) return undefined;
  const [, key, value, effect] = m;
  return value ? { key, operator: 'Equal', value, effect } : { key, operator: 'Exists', effect };
}
