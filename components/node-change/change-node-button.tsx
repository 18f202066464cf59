'use client';

import { Lock, SlidersHorizontal } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Tooltip } from '@/components/ui/tooltip';
import { useUrlState } from '@/components/shell/use-url-state';
import type { NodeChangeSpecDTO, Permission } from '@/lib/api/dto';
import { NodeChangeDialog, type NodeChangeDialogProps } from './node-change-dialog';
import { changeFromQuery, withoutChange } from './url-contract';

/**
 * "Change node…" / "Change the N nodes shown…": hidden when the person may not patch nodes (or
 * in read-only mode), disabled with the reason while unknown. On a node page, a link following
 * the URL contract (url-contract.ts) opens the dialog prefilled, once.
 */
export function ChangeNodesButton({
  label,
  permission,
  fromUrl = false,
  testId = 'change-node',
  ...dialog
}: Omit<NodeChangeDialogProps, 'open' | 'onOpenChange' | 'initial'> & { label: string; permission: Permission | undefined; fromUrl?: boolean; testId?: string }) {
  const { params, update } = useUrlState();
  const [initial, setInitial] = useState<NodeChangeSpecDTO | undefined>(() => (fromUrl ? changeFromQuery(params) : undefined));
  const [open, setOpen] = useState(() => initial !== undefined);
  const [session, setSession] = useState(0);

  if (permission && !permission.allowed) return null;
  const close = (o: boolean) => {
    setOpen(o);
    if (!o && fromUrl && changeFromQuery(new URLSearchParams(window.location.search))) {
      // the prefilled link has been used: take it off the URL so a reload does not reopen it
      const rest = withoutChange(new URLSearchParams(window.location.search));
      update(Object.fromEntries([...new URLSearchParams(window.location.search).keys()].filter((k) => !rest.has(k)).map((k) => [k, undefined])));
      setInitial(undefined);
    }
  };
  const button = (
    <Button
      size="sm"
      data-testid={testId}
      disabled={!permission || dialog.nodes.length === 0}
      onClick={() => {
        setSession((s) => s + 1);
        setOpen(true);
      }}
    >
      {permission ? <SlidersHorizontal aria-hidden className="size-3.5" /> : <Lock aria-hidden className="size-3.5" />}
      {label}
    </Button>
  );
  return (
    <>
      {permission ? button : <Tooltip content="Checking your permissions…">{<span className="inline-flex">{button}</span>}</Tooltip>}
      {open && <NodeChangeDialog key={session} {...dialog} initial={initial} open={open} onOpenChange={close} />}
    </>
  );
}
