'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { LoaderCircle, X } from 'lucide-react';
import { type ReactNode } from 'react';
import { Button } from './button';
import { useFocusReturn } from './use-focus-return';

/**
 * Confirmation that states exactly what will happen. The caller owns `open` so it can close the
 * dialog only after the action succeeded and show the server's error inside it otherwise.
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  summary,
  children,
  confirmLabel,
  danger,
  pending,
  error,
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  /** The one sentence of consequence, e.g. "Restart node-exporter: 37 pods replaced, at most 1 unavailable at a time". */
  summary: string;
  children?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  pending: boolean;
  error?: string;
  onConfirm: () => void;
}) {
  const focusReturn = useFocusReturn();
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/50 backdrop-blur-[1px]" />
        <Dialog.Content
          data-testid="confirm-dialog"
          {...focusReturn}
          className="fixed top-1/2 left-1/2 z-50 w-[min(34rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-xl border border-zinc-200 bg-white p-5 shadow-2xl focus:outline-none dark:border-zinc-800 dark:bg-zinc-900"
        >
          <div className="flex items-start justify-between gap-4">
            <Dialog.Title className="text-base font-semibold text-zinc-900 dark:text-zinc-50">{title}</Dialog.Title>
            <Dialog.Close className="rounded p-1 text-muted hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800" aria-label="Close">
              <X className="size-4" aria-hidden />
            </Dialog.Close>
          </div>
          <Dialog.Description data-testid="confirm-summary" className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
            {summary}
          </Dialog.Description>
          {children && <div className="mt-3 text-sm text-muted">{children}</div>}
          {error && (
            <p role="alert" data-testid="action-error" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/50 dark:text-red-300">
              {error}
            </p>
          )}
          <div className="mt-5 flex justify-end gap-2">
            <Dialog.Close asChild>
              <Button disabled={pending}>Cancel</Button>
            </Dialog.Close>
            <Button variant={danger ? 'danger' : 'primary'} onClick={onConfirm} disabled={pending} data-testid="confirm-action">
              {pending && <LoaderCircle className="size-3.5 animate-spin" aria-hidden />}
              {confirmLabel}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
