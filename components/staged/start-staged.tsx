'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Layers, Lock } from 'lucide-react';
import { useId, useState } from 'react';
import type { ActionResponse, Permission } from '@/lib/api/dto';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { FIELD } from '@/components/ui/field';
import { Tooltip } from '@/components/ui/tooltip';
import { errorText, postAction } from '@/lib/queries/http';
import { queryKeys } from '@/lib/queries/keys';
import { apiPaths } from '@/lib/queries/paths';
import { changesImages, containersOf, initialForm, startBody, type StartForm } from './start-form';

interface Props {
  ctx: string;
  namespace: string;
  name: string;
  /** The current spec.template (absent when the person may not read it), or with `stageChange` the previewed new one. */
  template: Record<string, unknown> | undefined;
  permission: Permission | undefined;
  onDone: (res: ActionResponse) => void;
  /** Opened from the Change… preview: `template` already is the change, rolled out by the plan. */
  stageChange?: boolean;
}

/**
 * "Staged rollout…": new images per container (prefilled with the current ones), then the plan.
 * Posts the whole new template with the plan; the Change… flow can post the same body.
 */
export function StartStaged({ ctx, namespace, name, template, permission, onDone, stageChange }: Props) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<StartForm>(() => initialForm(template));
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => postAction(apiPaths.staged(ctx, namespace, name), startBody(template!, form)),
    onSuccess: (res) => {
      setOpen(false);
      onDone(res);
      void queryClient.invalidateQueries({ queryKey: queryKeys.snapshot(ctx) });
    },
  });
  const denied = !template ? 'Your permissions do not show this agent\u2019s pod template' : permission && !permission.allowed ? (permission.reason ?? 'Not allowed') : !permission ? 'Checking your permissions…' : undefined;
  const set = (patch: Partial<StartForm>) => setForm((f) => ({ ...f, ...patch }));
  const id = useId();

  const button = (
    <Button
      size="sm"
      data-testid={stageChange ? 'stage-change' : 'staged-start'}
      disabled={denied !== undefined}
      onClick={() => {
        mutation.reset();
        setForm(initialForm(template));
        setOpen(true);
      }}
    >
      {denied && permission ? <Lock aria-hidden className="size-3.5" /> : <Layers aria-hidden className="size-3.5" />}
      {stageChange ? 'Stage this change…' : 'Staged rollout…'}
    </Button>
  );
  return (
    <>
      {denied ? (
        <Tooltip content={denied}>
          <span tabIndex={0} className="inline-flex" aria-label={`Staged rollout: ${denied}`}>
            {button}
          </span>
        </Tooltip>
      ) : (
        button
      )}
      <ConfirmDialog
        open={open}
        onOpenChange={(o) => !mutation.isPending && setOpen(o)}
        title={`Staged rollout of ${namespace}/${name}`}
        summary="The new template goes to the canary nodes first, then wave by wave; the DaemonSet is set to OnDelete for the plan and gets its update strategy back at the end."
        confirmLabel={stageChange || changesImages(template, form) ? 'Start staged rollout' : 'Start (no image changed)'}
        pending={mutation.isPending}
        error={mutation.isError ? errorText(mutation.error) : undefined}
        onConfirm={() => mutation.mutate()}
      >
        <div className="flex flex-col gap-3 text-zinc-800 dark:text-zinc-200" data-testid="staged-form">
          <fieldset className="flex flex-col gap-1.5">
            <legend className="mb-1 text-xs font-semibold">New images</legend>
            {containersOf(template).map((c, i) => (
              <label key={c.name ?? i} className="grid grid-cols-[8rem_1fr] items-center gap-2 text-xs">
                <span className="truncate font-mono">{c.name}</span>
                <input
                  className={`${FIELD} font-mono`}
                  data-testid={`staged-image-${i}`}
                  value={form.images[i] ?? ''}
                  onChange={(e) => set({ images: form.images.map((v, j) => (j === i ? e.target.value : v)) })}
                />
              </label>
            ))}
          </fieldset>
          <fieldset className="grid grid-cols-[8rem_1fr] items-center gap-2 text-xs">
            <legend className="mb-1 text-xs font-semibold">Canary</legend>
            <select aria-label="Canary by" className={FIELD} value={form.canaryKind} onChange={(e) => set({ canaryKind: e.target.value as StartForm['canaryKind'], canary: e.target.value === 'count' ? '1' : '' })}>
              <option value="count">first N nodes</option>
              <option value="selector">label selector</option>
              <option value="nodes">named nodes</option>
            </select>
            <input
              aria-label={form.canaryKind === 'count' ? 'Canary node count' : form.canaryKind === 'selector' ? 'Canary label selector (key=value, …)' : 'Canary node names (comma-separated)'}
              placeholder={form.canaryKind === 'selector' ? 'node-role/canary=true' : form.canaryKind === 'nodes' ? 'node-1, node-2' : ''}
              className={`${FIELD} font-mono`}
              data-testid="staged-canary"
              value={form.canary}
              onChange={(e) => set({ canary: e.target.value })}
            />
          </fieldset>
          <fieldset className="grid grid-cols-[8rem_1fr] items-center gap-2 text-xs">
            <legend className="mb-1 text-xs font-semibold">Waves</legend>
            <select aria-label="Waves by" className={FIELD} value={form.wavesKind} onChange={(e) => set({ wavesKind: e.target.value as StartForm['wavesKind'], waves: e.target.value === 'percent' ? '10, 50, 100' : 'topology.kubernetes.io/zone' })}>
              <option value="percent">percentages of the rest</option>
              <option value="label">one per label value</option>
            </select>
            <input
              aria-label={form.wavesKind === 'percent' ? 'Cumulative percentages, ending at 100' : 'Node label key'}
              className={`${FIELD} font-mono`}
              data-testid="staged-waves"
              value={form.waves}
              onChange={(e) => set({ waves: e.target.value })}
            />
          </fieldset>
          <fieldset className="grid grid-cols-3 gap-2 text-xs">
            <legend className="mb-1 text-xs font-semibold">Gates</legend>
            <NumberField id={`${id}-soak`} label="Soak (s)" value={form.soakSeconds} onChange={(v) => set({ soakSeconds: v })} testId="staged-soak" />
            <NumberField id={`${id}-restarts`} label="Max restarts" value={form.maxRestarts} onChange={(v) => set({ maxRestarts: v })} testId="staged-max-restarts" />
            <NumberField id={`${id}-ready`} label="Ready within (s)" value={form.readyTimeoutSeconds} onChange={(v) => set({ readyTimeoutSeconds: v })} testId="staged-ready-timeout" />
            <label className="col-span-3 flex items-center gap-2">
              <input type="checkbox" checked={form.autoAbort} onChange={(e) => set({ autoAbort: e.target.checked })} data-testid="staged-auto-abort" />
              Abort automatically on a failure (instead of pausing)
            </label>
          </fieldset>
        </div>
      </ConfirmDialog>
    </>
  );
}

function NumberField({ id, label, value, onChange, testId }: { id: string; label: string; value: string; onChange: (v: string) => void; testId: string }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-muted">
        {label}
      </label>
      <input id={id} inputMode="numeric" className={`${FIELD} tabular-nums`} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </div>
  );
}
