'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Eye, LoaderCircle, X } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import type { NodeChangePreviewResponse, NodeChangeResponse, NodeChangeSpecDTO } from '@/lib/api/dto';
import { errorText, postJson } from '@/lib/queries/http';
import { queryKeys } from '@/lib/queries/keys';
import { apiPaths } from '@/lib/queries/paths';
import { ChangeForm } from './change-form';
import { draftFrom, draftProblem, specOf, type Draft } from './draft';
import { PreviewTable, ResultList } from './preview-table';

export interface NodeChangeDialogProps {
  ctx: string;
  /** One node (its page) or many (a grid filter resolved to names). */
  nodes: string[];
  initial?: NodeChangeSpecDTO;
  /** Taints of the single node, offered for removal. */
  existingTaints?: { key: string; value?: string; effect: string }[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  hrefForAgent: (a: { namespace: string; name: string }) => string;
}

const previewOf = (ctx: string, nodes: string[], spec: NodeChangeSpecDTO) =>
  nodes.length === 1 ? postJson<NodeChangePreviewResponse>(apiPaths.nodePreview(ctx, nodes[0]!), spec) : postJson<NodeChangePreviewResponse>(apiPaths.nodesPreview(ctx), { ...spec, nodes });

function apply(ctx: string, preview: NodeChangePreviewResponse): Promise<NodeChangeResponse> {
  const spec = preview.change;
  const targets = preview.nodes.map((n) => ({ name: n.name, resourceVersion: n.resourceVersion }));
  if (targets.length === 1) return postJson<NodeChangeResponse>(apiPaths.nodeChange(ctx, targets[0]!.name), { ...spec, resourceVersion: targets[0]!.resourceVersion });
  return postJson<NodeChangeResponse>(apiPaths.nodesChange(ctx), { ...spec, nodes: targets });
}

/**
 * Change nodes as kubectl taint / label / cordon would, in three steps: the form, the preview of
 * what every agent will do (computed by the server with the controller's rules), and apply at
 * the previewed versions, with a result per node. Editing after a preview discards it.
 */
export function NodeChangeDialog({ ctx, nodes, initial, existingTaints, open, onOpenChange, hrefForAgent }: NodeChangeDialogProps) {
  const [draft, setDraftState] = useState<Draft>(() => draftFrom(initial));
  const queryClient = useQueryClient();
  const preview = useMutation({ mutationFn: (spec: NodeChangeSpecDTO) => previewOf(ctx, nodes, spec) });
  const applied = useMutation({
    mutationFn: (p: NodeChangePreviewResponse) => apply(ctx, p),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.snapshot(ctx) }),
  });
  const setDraft = (d: Draft) => {
    setDraftState(d);
    preview.reset();
    applied.reset();
  };
  const problem = draftProblem(draft);
  const pending = preview.isPending || applied.isPending;
  const target = nodes.length === 1 ? nodes[0]! : `${nodes.length} nodes`;
  const done = applied.data;

  return (
    <Dialog.Root open={open} onOpenChange={(o) => !pending && onOpenChange(o)}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/50 backdrop-blur-[1px]" />
        <Dialog.Content
          data-testid="node-change-dialog"
          className="fixed top-1/2 left-1/2 z-50 flex max-h-[calc(100vh-2rem)] w-[min(46rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 flex-col gap-4 overflow-auto rounded-xl border border-zinc-200 bg-white p-5 shadow-2xl focus:outline-none dark:border-zinc-800 dark:bg-zinc-900"
        >
          <div className="flex items-start justify-between gap-4">
            <Dialog.Title className="text-base font-semibold text-zinc-900 dark:text-zinc-50">
              Change {nodes.length === 1 ? 'node ' : ''}
              <span className={nodes.length === 1 ? 'font-mono' : undefined}>{target}</span>
            </Dialog.Title>
            <Dialog.Close className="rounded p-1 text-muted hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800" aria-label="Close">
              <X className="size-4" aria-hidden />
            </Dialog.Close>
          </div>
          <Dialog.Description className="text-sm text-muted">
            Taints, labels and cordon, as <code>kubectl taint</code>, <code>label</code> and <code>cordon</code> would set them. Preview first: it says what every agent will do{nodes.length > 1 ? ', counted over the nodes' : ''}.
          </Dialog.Description>

          <ChangeForm draft={draft} onChange={setDraft} existingTaints={existingTaints} />

          {problem && draft.taints.length + draft.labels.length > 0 && (
            <p data-testid="change-problem" className="text-xs text-red-700 dark:text-red-300">
              {problem}
            </p>
          )}
          {preview.isError && (
            <p role="alert" data-testid="preview-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/50 dark:text-red-300">
              {errorText(preview.error)}
            </p>
          )}
          {preview.data && <PreviewTable preview={preview.data} hrefForAgent={hrefForAgent} />}
          {applied.isError && (
            <p role="alert" data-testid="action-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/50 dark:text-red-300">
              {errorText(applied.error)}
            </p>
          )}
          {done && <ResultList result={done} />}

          <div className="flex justify-end gap-2">
            <Dialog.Close asChild>
              <Button disabled={pending}>{done ? 'Close' : 'Cancel'}</Button>
            </Dialog.Close>
            <Button data-testid="preview-change" disabled={!!problem || pending || !!done} onClick={() => preview.mutate(specOf(draft))}>
              {preview.isPending ? <LoaderCircle className="size-3.5 animate-spin" aria-hidden /> : <Eye aria-hidden className="size-3.5" />}
              Preview
            </Button>
            <Button
              variant={preview.data && preview.data.totals.evicted > 0 ? 'danger' : 'primary'}
              data-testid="apply-change"
              disabled={!preview.data || pending || !!done}
              onClick={() => preview.data && applied.mutate(preview.data)}
            >
              {applied.isPending && <LoaderCircle className="size-3.5 animate-spin" aria-hidden />}
              Apply to {target}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
