'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LoaderCircle, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { ActionResponse, AgentPreviewResponse, TolerationDTO } from '@/lib/api/dto';
import { agentPatchSchema, type AgentPatch } from '@/lib/change/agent/schema';
import { Button } from '@/components/ui/button';
import { useFocusReturn } from '@/components/ui/use-focus-return';
import { ApiError, errorText, postJson } from '@/lib/queries/http';
import { queryKeys } from '@/lib/queries/keys';
import { daemonSetQuery, permissionsQuery } from '@/lib/queries/options';
import { apiPaths } from '@/lib/queries/paths';
import { AgentChangeForm, type FieldErrors } from './agent-change-form';
import { StartStaged } from '@/components/staged/start-staged';
import { ApplyControls } from './apply-controls';
import { ChangePreview } from './change-preview';
import { formOf, patchOf, withTolerations, type AgentForm } from './form-model';

export interface ChangePrefill {
  /** Tolerations to add (a fix hint's). */
  tolerations?: TolerationDTO[];
}

function fieldErrorsOf(patch: AgentPatch): FieldErrors {
  const r = agentPatchSchema.safeParse(patch);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
}

/**
 * Change an agent: the form (prefilled with the DaemonSet as it is, plus a fix hint's change),
 * then the preview (the engine's per-node answer and the API server's dry run), then Apply.
 * Nothing is written before Apply, and Apply sends the previewed resourceVersion.
 */
export function ChangeAgentDialog({
  ctx,
  namespace,
  name,
  open,
  onOpenChange,
  prefill,
  onDone,
}: {
  ctx: string;
  namespace: string;
  name: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  prefill?: ChangePrefill;
  onDone?: (res: ActionResponse) => void;
}) {
  const focusReturn = useFocusReturn();
  const [busy, setBusy] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={(o) => !busy && onOpenChange(o)}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/50 backdrop-blur-[1px]" />
        <Dialog.Content
          data-testid="change-dialog"
          {...focusReturn}
          className="fixed top-1/2 left-1/2 z-50 flex max-h-[92vh] w-[min(60rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 flex-col rounded-xl border border-zinc-200 bg-white shadow-2xl focus:outline-none dark:border-zinc-800 dark:bg-zinc-900"
        >
          {/* mounted per opening (Radix unmounts closed content): every opening starts from the live DaemonSet */}
          <ChangeBody ctx={ctx} namespace={namespace} name={name} prefill={prefill} onBusy={setBusy} onApplied={(res) => {
            onOpenChange(false);
            onDone?.(res);
          }} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function ChangeBody({
  ctx,
  namespace,
  name,
  prefill,
  onBusy,
  onApplied,
}: {
  ctx: string;
  namespace: string;
  name: string;
  prefill?: ChangePrefill;
  onBusy: (busy: boolean) => void;
  onApplied: (res: ActionResponse) => void;
}) {
  const queryClient = useQueryClient();
  const detail = useQuery(daemonSetQuery(ctx, namespace, name));
  // A staged rollout of the change patches the DaemonSet as the change itself does.
  const changePermission = useQuery(permissionsQuery(ctx, namespace)).data?.change;
  const [form, setForm] = useState<AgentForm | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [preview, setPreview] = useState<{ result: AgentPreviewResponse; patch: AgentPatch } | null>(null);

  const ask = useMutation({
    mutationFn: (patch: AgentPatch) => postJson<AgentPreviewResponse>(apiPaths.previewChange(ctx, namespace, name), patch),
    onSuccess: (result, patch) => setPreview({ result, patch }),
    onError: (err) => {
      if (err instanceof ApiError && err.causes) setErrors(Object.fromEntries(err.causes.map((c) => [c.field, c.message])));
    },
  });
  const runPreview = (current: AgentPreviewResponse, f: AgentForm) => {
    const patch = patchOf(current.current, f);
    const found = fieldErrorsOf(patch);
    setErrors(found);
    if (Object.keys(found).length === 0) ask.mutate(patch);
  };
  // The DaemonSet as it is now, read live (an empty change previews nothing and answers the settings).
  const base = useMutation({
    mutationFn: () => postJson<AgentPreviewResponse>(apiPaths.previewChange(ctx, namespace, name), {}),
    onSuccess: (b) => {
      const f = prefill?.tolerations ? withTolerations(formOf(b.current), prefill.tolerations) : formOf(b.current);
      setForm(f);
      if (prefill) runPreview(b, f);
    },
  });
  const apply = useMutation({
    mutationFn: ({ patch, resourceVersion }: { patch: AgentPatch; resourceVersion: string }) => postJson<ActionResponse>(apiPaths.change(ctx, namespace, name), { ...patch, resourceVersion }),
    onMutate: () => onBusy(true),
    onSettled: () => onBusy(false),
    onSuccess: (res) => {
      onApplied(res);
      void queryClient.invalidateQueries({ queryKey: queryKeys.snapshot(ctx) });
    },
  });

  const { mutate: loadBase } = base;
  useEffect(() => loadBase(), [loadBase]);

  const current = base.data;
  const emptyChange = current && form ? Object.keys(patchOf(current.current, form)).length === 0 : true;
  const nodes = detail.data?.nodes.names ?? [];

  return (
    <>
      <div className="flex items-start justify-between gap-4 border-b border-zinc-200 px-5 py-3 dark:border-zinc-800">
        <div>
          <Dialog.Title className="text-base font-semibold text-zinc-900 dark:text-zinc-50">
            Change {namespace}/{name}
          </Dialog.Title>
          <Dialog.Description className="text-xs text-muted">{preview ? 'Preview: nothing has changed yet.' : 'Edit, then preview what the change does on every node before anything is applied.'}</Dialog.Description>
        </div>
        <Dialog.Close className="rounded p-1 text-muted hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800" aria-label="Close">
          <X className="size-4" aria-hidden />
        </Dialog.Close>
      </div>

      <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">
        {base.isError && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/50 dark:text-red-300">
            {errorText(base.error)}
          </p>
        )}
        {!current || !form ? (
          !base.isError && (
            <p className="flex items-center gap-2 text-sm text-muted">
              <LoaderCircle aria-hidden className="size-4 animate-spin" /> Reading {name}…
            </p>
          )
        ) : preview ? (
          <ChangePreview preview={preview.result} nodes={nodes} />
        ) : (
          <AgentChangeForm current={current.current} form={form} onChange={setForm} errors={errors} resetKey={current.resourceVersion} />
        )}
        {(ask.isError || apply.isError) && (
          <p role="alert" data-testid="change-error" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/50 dark:text-red-300">
            {errorText(ask.error ?? apply.error)}
          </p>
        )}
      </div>

      <div className="flex items-center justify-end gap-2 border-t border-zinc-200 px-5 py-3 dark:border-zinc-800">
        {preview ? (
          <>
            <Button onClick={() => setPreview(null)} disabled={apply.isPending} data-testid="back-to-edit">
              Back to edit
            </Button>
            <ApplyControls
              pending={apply.isPending}
              disabled={!preview.result.changes}
              onApplyNow={() => apply.mutate({ patch: preview.patch, resourceVersion: preview.result.resourceVersion })}
            >
              {preview.result.template && (
                <StartStaged ctx={ctx} namespace={namespace} name={name} template={preview.result.template} permission={changePermission} onDone={onApplied} stageChange />
              )}
            </ApplyControls>
          </>
        ) : (
          <>
            {emptyChange && current && <span className="mr-auto text-xs text-muted">Nothing changed yet.</span>}
            <Dialog.Close asChild>
              <Button>Cancel</Button>
            </Dialog.Close>
            <Button variant="primary" disabled={!current || !form || emptyChange || ask.isPending} onClick={() => current && form && runPreview(current, form)} data-testid="preview-change">
              {ask.isPending && <LoaderCircle aria-hidden className="size-3.5 animate-spin" />}
              Preview
            </Button>
          </>
        )}
      </div>
    </>
  );
}
