'use client';

import { Minus, Plus, X } from 'lucide-react';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { TAINT_EFFECTS } from '@/lib/change/node/syntax';
import { labelProblem, taintProblem, type Draft } from './draft';

const input =
  'h-8 min-w-0 rounded-md border border-zinc-300 bg-white px-2 font-mono text-xs text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100';

/** One pending argument, with the server's words when it would be refused. */
function Arg({ arg, problem, onRemove, testId }: { arg: string; problem?: string; onRemove: () => void; testId: string }) {
  return (
    <li data-testid={testId} className="flex items-start gap-2">
      <code className={problem ? 'text-red-700 dark:text-red-300' : 'text-zinc-900 dark:text-zinc-100'}>{arg}</code>
      <button type="button" onClick={onRemove} aria-label={`Drop ${arg}`} className="rounded p-0.5 text-muted hover:bg-zinc-100 dark:hover:bg-zinc-800">
        <X aria-hidden className="size-3.5" />
      </button>
      {problem && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300">
          {problem}
        </span>
      )}
    </li>
  );
}

/**
 * The taint, label and cordon parts of a node change, as kubectl arguments. Existing taints of
 * a single node are offered for removal; everything typed is checked with the API server's rules.
 */
export function ChangeForm({ draft, onChange, existingTaints }: { draft: Draft; onChange: (d: Draft) => void; existingTaints?: { key: string; value?: string; effect: string }[] }) {
  const id = useId();
  const [taintKey, setTaintKey] = useState('');
  const [taintValue, setTaintValue] = useState('');
  const [effect, setEffect] = useState<string>('NoSchedule');
  const [labelKey, setLabelKey] = useState('');
  const [labelValue, setLabelValue] = useState('');

  const addTaint = () => {
    if (!taintKey) return;
    onChange({ ...draft, taints: [...draft.taints, `${taintKey}${taintValue ? `=${taintValue}` : ''}:${effect}`] });
    setTaintKey('');
    setTaintValue('');
  };
  const setLabel = (remove: boolean) => {
    if (!labelKey) return;
    onChange({ ...draft, labels: [...draft.labels, remove ? `${labelKey}-` : `${labelKey}=${labelValue}`] });
    setLabelKey('');
    setLabelValue('');
  };

  return (
    <div className="flex flex-col gap-4 text-sm">
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 font-medium text-zinc-900 dark:text-zinc-100">Taints</legend>
        <div className="flex flex-wrap items-center gap-2">
          <label className="sr-only" htmlFor={`${id}-tk`}>
            Taint key
          </label>
          <input id={`${id}-tk`} data-testid="taint-key" className={`${input} w-48`} placeholder="key" value={taintKey} onChange={(e) => setTaintKey(e.target.value)} />
          <span aria-hidden>=</span>
          <label className="sr-only" htmlFor={`${id}-tv`}>
            Taint value
          </label>
          <input id={`${id}-tv`} data-testid="taint-value" className={`${input} w-28`} placeholder="value" value={taintValue} onChange={(e) => setTaintValue(e.target.value)} />
          <label className="sr-only" htmlFor={`${id}-te`}>
            Taint effect
          </label>
          <select id={`${id}-te`} data-testid="taint-effect" className={input} value={effect} onChange={(e) => setEffect(e.target.value)}>
            {TAINT_EFFECTS.map((e) => (
              <option key={e}>{e}</option>
            ))}
          </select>
          <Button size="sm" onClick={addTaint} disabled={!taintKey} data-testid="add-taint">
            <Plus aria-hidden className="size-3.5" /> Add taint
          </Button>
        </div>
        {existingTaints && existingTaints.length > 0 && (
          <ul className="flex flex-wrap gap-2" aria-label="Taints on the node">
            {existingTaints.map((t) => {
              const arg = `${t.key}:${t.effect}-`;
              const pending = draft.taints.includes(arg);
              return (
                <li key={`${t.key}:${t.effect}`}>
                  <Button size="sm" variant="ghost" disabled={pending} onClick={() => onChange({ ...draft, taints: [...draft.taints, arg] })} data-testid={`remove-taint-${t.key}:${t.effect}`}>
                    <Minus aria-hidden className="size-3.5" /> Remove {t.key}
                    {t.value ? `=${t.value}` : ''}:{t.effect}
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
        {draft.taints.length > 0 && (
          <ul className="flex flex-col gap-1" aria-label="Taint changes">
            {draft.taints.map((t, i) => (
              <Arg key={`${t}-${i}`} arg={t} problem={taintProblem(t)} testId="pending-taint" onRemove={() => onChange({ ...draft, taints: draft.taints.filter((_, j) => j !== i) })} />
            ))}
          </ul>
        )}
      </fieldset>

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 font-medium text-zinc-900 dark:text-zinc-100">Labels</legend>
        <div className="flex flex-wrap items-center gap-2">
          <label className="sr-only" htmlFor={`${id}-lk`}>
            Label key
          </label>
          <input id={`${id}-lk`} data-testid="label-key" className={`${input} w-48`} placeholder="key" value={labelKey} onChange={(e) => setLabelKey(e.target.value)} />
          <span aria-hidden>=</span>
          <label className="sr-only" htmlFor={`${id}-lv`}>
            Label value
          </label>
          <input id={`${id}-lv`} data-testid="label-value" className={`${input} w-28`} placeholder="value" value={labelValue} onChange={(e) => setLabelValue(e.target.value)} />
          <Button size="sm" onClick={() => setLabel(false)} disabled={!labelKey} data-testid="set-label">
            <Plus aria-hidden className="size-3.5" /> Set label
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setLabel(true)} disabled={!labelKey} data-testid="remove-label">
            <Minus aria-hidden className="size-3.5" /> Remove label
          </Button>
        </div>
        {draft.labels.length > 0 && (
          <ul className="flex flex-col gap-1" aria-label="Label changes">
            {draft.labels.map((l, i) => (
              <Arg key={`${l}-${i}`} arg={l} problem={labelProblem(l)} testId="pending-label" onRemove={() => onChange({ ...draft, labels: draft.labels.filter((_, j) => j !== i) })} />
            ))}
          </ul>
        )}
      </fieldset>

      <div className="flex items-center gap-2">
        <label htmlFor={`${id}-cordon`} className="font-medium text-zinc-900 dark:text-zinc-100">
          Scheduling
        </label>
        <select id={`${id}-cordon`} data-testid="cordon" className={input} value={draft.cordon} onChange={(e) => onChange({ ...draft, cordon: e.target.value as Draft['cordon'] })}>
          <option value="keep">leave as it is</option>
          <option value="cordon">cordon (unschedulable)</option>
          <option value="uncordon">uncordon</option>
        </select>
      </div>
    </div>
  );
}
