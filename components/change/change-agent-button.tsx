'use client';

import { SlidersHorizontal } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useState, type ReactNode } from 'react';
import type { ActionResponse, Permission } from '@/lib/api/dto';
import { Button } from '@/components/ui/button';
import type { ChangePrefill } from './change-agent-dialog';

// The dialog carries CodeMirror (the pod template editor): loaded when a person reaches for the
// button, not with the agent page, whose first visit it would otherwise slow.
const loadDialog = () => import('./change-agent-dialog').then((m) => m.ChangeAgentDialog);
const ChangeAgentDialog = dynamic(loadDialog, { ssr: false });

/**
 * Opens the change dialog of one agent. Rendered only when the person may patch the DaemonSet
 * (read-only mode and RBAC both answer through `permission`): a control they cannot use is not shown.
 */
export function ChangeAgentButton({
  ctx,
  namespace,
  name,
  permission,
  prefill,
  label = 'Change…',
  icon = <SlidersHorizontal aria-hidden className="size-3.5" />,
  size,
  testId = 'change-agent',
  onDone,
}: {
  ctx: string;
  namespace: string;
  name: string;
  permission: Permission | undefined;
  prefill?: ChangePrefill;
  label?: string;
  icon?: ReactNode;
  size?: 'sm' | 'md';
  testId?: string;
  onDone?: (res: ActionResponse) => void;
}) {
  const [open, setOpen] = useState(false);
  // Mounted from the first open on (and kept, as before, so closing animates and reopening is instant).
  const [wanted, setWanted] = useState(false);
  if (!permission?.allowed) return null;
  return (
    <>
      <Button
        size={size}
        data-testid={testId}
        onPointerEnter={() => void loadDialog()}
        onFocus={() => void loadDialog()}
        onClick={() => {
          setWanted(true);
          setOpen(true);
        }}
      >
        {icon}
        {label}
      </Button>
      {wanted && <ChangeAgentDialog ctx={ctx} namespace={namespace} name={name} open={open} onOpenChange={setOpen} prefill={prefill} onDone={onDone} />}
    </>
  );
}
