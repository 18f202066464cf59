'use client';

import clsx from 'clsx';
import { Plus, Trash2 } from 'lucide-react';
import type { ReactNode } from 'react';
import type { AgentSettingsDTO } from '@/lib/api/dto';
import { OPERATORS } from '@/lib/change/agent/schema';
import { Button } from '@/components/ui/button';
import { FIELD } from '@/components/ui/field';
import type { AgentForm, ExpressionRow, TolerationRow } from './form-model';
import { YamlEditor } from './yaml-editor';

/** Problems by field path ("tolerations.0.value"), from the schema or the server. */
export type FieldErrors = Record<string, string>;

const input = clsx(FIELD, 'min-w-0');

function Section({ title, hint, children, errors, testId }: { title: string; hint?: string; children: ReactNode; errors: string[]; testId: string }) {
  return (
    <fieldset data-testid={testId} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <legend className="px-1 text-xs font-semibold text-zinc-800 dark:text-zinc-200">{title}</legend>
      {hint && <p className="mb-2 text-[11px] text-muted">{hint}</p>}
      <div className="flex flex-col gap-2">{children}</div>
      {errors.length > 0 && (
        <ul className="mt-2 list-disc pl-4 text-xs text-red-700 dark:text-red-300" data-testid={`${testId}-errors`}>
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** Messages of the errors under a path prefix, each with the rest of its path. */
function under(errors: FieldErrors, prefix: string): string[] {
  return Object.entries(errors)
    .filter(([path]) => path === prefix || path.startsWith(`${prefix}.`))
    .map(([path, message]) => (path === prefix ? message : `${path.slice(prefix.length + 1)}: ${message}`));
}

const EFFECT_OPTIONS: TolerationRow['effect'][] = ['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** The form: one section per part of the DaemonSet a change may touch. */
export function AgentChangeForm({ current, form, onChange, errors, resetKey }: { current: AgentSettingsDTO; form: AgentForm; onChange: (f: AgentForm) => void; errors: FieldErrors; resetKey: string }) {
  const set = (patch: Partial<AgentForm>) => onChange({ ...form, ...patch });
  const setToleration = (i: number, patch: Partial<TolerationRow>) => set({ tolerations: form.tolerations.map((t, j) => (j === i ? { ...t, ...patch } : t)) });
  const setExpression = (ti: number, ei: number, patch: Partial<ExpressionRow>) =>
    set({ terms: form.terms!.map((t, j) => (j === ti ? { expressions: t.expressions.map((e, k) => (k === ei ? { ...e, ...patch } : e)) } : t)) });

  return (
    <div className="flex flex-col gap-3" data-testid="change-form">
      <Section title="Images" hint="Per container, init containers too (kubectl set image)." errors={under(errors, 'images')} testId="section-images">
        {current.containers.map((c) => (
          <label key={c.name} className="grid grid-cols-[10rem_minmax(0,1fr)] items-center gap-2 text-xs">
            <span className="truncate font-mono" title={c.name}>
              {c.name}
              {c.init && <span className="ml-1 text-faint">(init)</span>}
            </span>
            <input className={clsx(input, 'font-mono')} data-testid={`image-${c.name}`} value={form.images[c.name] ?? ''} onChange={(e) => set({ images: { ...form.images, [c.name]: e.target.value } })} spellCheck={false} />
          </label>
        ))}
      </Section>

      <Section title="Update strategy" errors={[...under(errors, 'strategy'), ...under(errors, 'minReadySeconds')]} testId="section-strategy">
        <div className="flex flex-wrap items-center gap-3 text-xs">
          <label className="flex items-center gap-1.5">
            type
            <select className={input} value={form.strategy} onChange={(e) => set({ strategy: e.target.value as AgentForm['strategy'] })} data-testid="strategy-type">
              <option value="RollingUpdate">RollingUpdate</option>
              <option value="OnDelete">OnDelete</option>
            </select>
          </label>
          {form.strategy === 'RollingUpdate' && (
            <>
              <label className="flex items-center gap-1.5">
                maxUnavailable
                <input className={clsx(input, 'w-16')} value={form.maxUnavailable} onChange={(e) => set({ maxUnavailable: e.target.value })} data-testid="max-unavailable" />
              </label>
              <label className="flex items-center gap-1.5">
                maxSurge
                <input className={clsx(input, 'w-16')} value={form.maxSurge} onChange={(e) => set({ maxSurge: e.target.value })} data-testid="max-surge" />
              </label>
            </>
          )}
          <label className="flex items-center gap-1.5">
            minReadySeconds
            <input className={clsx(input, 'w-16')} value={form.minReadySeconds} onChange={(e) => set({ minReadySeconds: e.target.value })} data-testid="min-ready" />
          </label>
        </div>
      </Section>

      <Section title="Tolerations" hint="The template's whole list (the controller adds its own for not-ready, unreachable, pressure and unschedulable)." errors={under(errors, 'tolerations')} testId="section-tolerations">
        {form.tolerations.map((t, i) => (
          <div key={i} className="grid grid-cols-[minmax(0,1.6fr)_6rem_minmax(0,1fr)_8.5rem_5rem_auto] items-center gap-1.5" data-testid="toleration-row">
            <input className={clsx(input, 'font-mono')} aria-label={`toleration ${i + 1} key`} placeholder="key (empty: every taint)" value={t.key} onChange={(e) => setToleration(i, { key: e.target.value })} />
            <select className={input} aria-label={`toleration ${i + 1} operator`} value={t.operator} onChange={(e) => setToleration(i, { operator: e.target.value as TolerationRow['operator'] })}>
              <option value="Equal">Equal</option>
              <option value="Exists">Exists</option>
            </select>
            <input className={clsx(input, 'font-mono')} aria-label={`toleration ${i + 1} value`} placeholder="value" value={t.value} disabled={t.operator === 'Exists'} onChange={(e) => setToleration(i, { value: e.target.value })} />
            <select className={input} aria-label={`toleration ${i + 1} effect`} value={t.effect} onChange={(e) => setToleration(i, { effect: e.target.value as TolerationRow['effect'] })}>
              {EFFECT_OPTIONS.map((e) => (
                <option key={e} value={e}>
                  {e || 'all effects'}
                </option>
              ))}
            </select>
            <input className={input} aria-label={`toleration ${i + 1} seconds (NoExecute only)`} placeholder="seconds" value={t.tolerationSeconds} disabled={t.effect !== 'NoExecute'} onChange={(e) => setToleration(i, { tolerationSeconds: e.target.value })} />
            <Button size="sm" variant="ghost" aria-label={`remove toleration ${i + 1}`} onClick={() => set({ tolerations: form.tolerations.filter((_, j) => j !== i) })}>
              <Trash2 aria-hidden className="size-3.5" />
            </Button>
          </div>
        ))}
        <div>
          <Button size="sm" onClick={() => set({ tolerations: [...form.tolerations, { key: '', operator: 'Exists', value: '', effect: 'NoSchedule', tolerationSeconds: '' }] })} data-testid="add-toleration">
            <Plus aria-hidden className="size-3.5" /> Add toleration
          </Button>
        </div>
      </Section>

      <Section title="nodeSelector" errors={under(errors, 'nodeSelector')} testId="section-node-selector">
        {form.nodeSelector.map((p, i) => (
          <div key={i} className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] items-center gap-1.5">
            <input className={clsx(input, 'font-mono')} aria-label={`nodeSelector ${i + 1} key`} placeholder="label key" value={p.key} onChange={(e) => set({ nodeSelector: form.nodeSelector.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)) })} />
            <input className={clsx(input, 'font-mono')} aria-label={`nodeSelector ${i + 1} value`} placeholder="value" value={p.value} onChange={(e) => set({ nodeSelector: form.nodeSelector.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)) })} />
            <Button size="sm" variant="ghost" aria-label={`remove nodeSelector ${i + 1}`} onClick={() => set({ nodeSelector: form.nodeSelector.filter((_, j) => j !== i) })}>
              <Trash2 aria-hidden className="size-3.5" />
            </Button>
          </div>
        ))}
        <div>
          <Button size="sm" onClick={() => set({ nodeSelector: [...form.nodeSelector, { key: '', value: '' }] })}>
            <Plus aria-hidden className="size-3.5" /> Add pair
          </Button>
        </div>
      </Section>

      <Section title="Required node affinity" hint="Terms are ORed; the expressions of a term are ANDed. Values comma-separated; Gt/Lt take one integer." errors={under(errors, 'requiredNodeAffinity')} testId="section-affinity">
        {form.terms === null ? (
          <div>
            <Button size="sm" onClick={() => set({ terms: [{ expressions: [{ key: '', operator: 'In', values: '' }] }] })}>
              <Plus aria-hidden className="size-3.5" /> Require node affinity
            </Button>
          </div>
        ) : (
          <>
            {form.terms.map((t, ti) => (
              <div key={ti} className="rounded border border-dashed border-zinc-300 p-2 dark:border-zinc-700">
                <div className="mb-1.5 flex items-center justify-between text-[11px] text-muted">
                  <span>{ti === 0 ? 'term 1' : `or term ${ti + 1}`}</span>
                  <Button size="sm" variant="ghost" aria-label={`remove term ${ti + 1}`} onClick={() => set({ terms: form.terms!.length === 1 ? null : form.terms!.filter((_, j) => j !== ti) })}>
                    <Trash2 aria-hidden className="size-3.5" />
                  </Button>
                </div>
                {t.expressions.map((e, ei) => (
                  <div key={ei} className="mb-1 grid grid-cols-[minmax(0,1.4fr)_8rem_minmax(0,1fr)_auto] items-center gap-1.5">
                    <input className={clsx(input, 'font-mono')} aria-label={`term ${ti + 1} expression ${ei + 1} key`} placeholder="label key" value={e.key} onChange={(ev) => setExpression(ti, ei, { key: ev.target.value })} />
                    <select className={input} aria-label={`term ${ti + 1} expression ${ei + 1} operator`} value={e.operator} onChange={(ev) => setExpression(ti, ei, { operator: ev.target.value as ExpressionRow['operator'] })}>
                      {OPERATORS.map((o) => (
                        <option key={o} value={o}>
                          {o}
                        </option>
                      ))}
                    </select>
                    <input
                      className={clsx(input, 'font-mono')}
                      aria-label={`term ${ti + 1} expression ${ei + 1} values`}
                      placeholder={e.operator === 'Exists' || e.operator === 'DoesNotExist' ? 'no values' : 'values'}
                      disabled={e.operator === 'Exists' || e.operator === 'DoesNotExist'}
                      value={e.values}
                      onChange={(ev) => setExpression(ti, ei, { values: ev.target.value })}
                    />
                    <Button size="sm" variant="ghost" aria-label={`remove term ${ti + 1} expression ${ei + 1}`} onClick={() => set({ terms: form.terms!.map((x, j) => (j === ti ? { expressions: x.expressions.filter((_, k) => k !== ei) } : x)) })}>
                      <Trash2 aria-hidden className="size-3.5" />
                    </Button>
                  </div>
                ))}
                <Button size="sm" variant="ghost" onClick={() => set({ terms: form.terms!.map((x, j) => (j === ti ? { expressions: [...x.expressions, { key: '', operator: 'In', values: '' }] } : x)) })}>
                  <Plus aria-hidden className="size-3.5" /> Expression
                </Button>
              </div>
            ))}
            <div>
              <Button size="sm" onClick={() => set({ terms: [...form.terms!, { expressions: [{ key: '', operator: 'In', values: '' }] }] })}>
                <Plus aria-hidden className="size-3.5" /> Or term
              </Button>
            </div>
          </>
        )}
      </Section>

      <details className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-testid="section-template">
        <summary className="cursor-pointer text-xs font-semibold text-zinc-800 dark:text-zinc-200">Pod template (YAML) — env, resources, args, anything else</summary>
        <p className="my-2 text-[11px] text-muted">Edits here replace the template; the fields above apply on top of it.</p>
        <YamlEditor value={form.templateYaml} resetKey={resetKey} label="Pod template YAML" onChange={(templateYaml) => set({ templateYaml })} />
        {under(errors, 'templateYaml').map((e) => (
          <p key={e} className="mt-1 text-xs text-red-700 dark:text-red-300">
            {e}
          </p>
        ))}
      </details>

      <label className="flex flex-col gap-1 text-xs">
        <span className="font-semibold text-zinc-800 dark:text-zinc-200">Change cause</span>
        <input className={input} data-testid="change-cause" placeholder="why (kubernetes.io/change-cause; the revision history shows it)" value={form.changeCause} onChange={(e) => set({ changeCause: e.target.value })} />
        {under(errors, 'changeCause').map((e) => (
          <span key={e} className="text-red-700 dark:text-red-300">
            {e}
          </span>
        ))}
      </label>
    </div>
  );
}
