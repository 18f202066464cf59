'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Lock } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import type { ActionResponse, AgentSummary, Permission } from '@/lib/api/dto';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Button } from '@/components/ui/button';
import { Tooltip } from '@/components/ui/tooltip';
import { errorText } from '@/lib/queries/http';
import { queryKeys } from '@/lib/queries/keys';

/**
 * A mutating button: disabled with the reason when not permitted, then a confirmation that says
 * what will happen, then the POST. Errors stay in the dialog, in the server's words.
 */
/** What every action on one agent (DaemonSet) receives from its page. */
export interface AgentActionProps {
  ctx: string;
  agent: AgentSummary;
  permission: Permission | undefined;
  onDone: (res: ActionResponse) => void;
}

export function ActionButton({
  ctx,
  permission,
  label,
  icon,
  title,
  summary,
  details,
  confirmLabel,
  danger,
  size,
  variant = 'secondary',
  testId,
  run,
  onDone,
}: {
  ctx: string;
  permission: Permission | undefined;
  label: string;
  icon?: ReactNode;
  title: string;
  summary: string;
  details?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  size?: 'sm' | 'md';
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  testId: string;
  run: () => Promise<ActionResponse>;
  onDone?: (res: ActionResponse) => void;
}) {
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: run,
    onSuccess: (res) => {
      setOpen(false);
      onDone?.(res);
      void queryClient.invalidateQueries({ queryKey: queryKeys.snapshot(ctx) });
    },
  });

  const denied = permission && !permission.allowed;
  const reason = !permission ? 'Checking your permissions…' : denied ? (permission.reason ?? 'Not allowed') : undefined;

  const button = (
    <Button
      size={size}
      variant={variant}
      data-testid={testId}
      disabled={!permission || denied}
      aria-describedby={denied ? `${testId}-why` : undefined}
      onClick={() => {
        mutation.reset();
        setOpen(true);
      }}
    >
      {denied ? <Lock aria-hidden className="size-3.5" /> : icon}
      {label}
    </Button>
  );

  return (
    <>
      {reason ? (
        <Tooltip content={reason}>
          {/* a disabled button gets no pointer events; the span carries the hint */}
          <span tabIndex={denied ? 0 : undefined} className="inline-flex">
            {button}
          </span>
        </Tooltip>
      ) : (
        button
      )}
      {denied && (
        <span id={`${testId}-why`} data-testid={`${testId}-why`} className="sr-only">
          {reason}
        </span>
      )}
      <ConfirmDialog
        open={open}
        onOpenChange={(o) => !mutation.isPending && setOpen(o)}
        title={title}
        summary={summary}
        confirmLabel={confirmLabel}
        danger={danger}
        pending={mutation.isPending}
        error={mutation.isError ? errorText(mutation.error) : undefined}
        onConfirm={() => mutation.mutate()}
      >
        {details}
      </ConfirmDialog>
    </>
  );
}
