'use client';

import { LoaderCircle } from 'lucide-react';
import { Button } from '@/components/ui/button';

/**
 * How a previewed change is applied. One button today ("Apply now"); a staged rollout option is
 * meant to sit beside it, posting the same change to its own route.
 */
export function ApplyControls({ onApplyNow, pending, disabled }: { onApplyNow: () => void; pending: boolean; disabled: boolean }) {
  return (
    <div className="flex items-center gap-2" data-testid="apply-controls">
      <Button variant="primary" onClick={onApplyNow} disabled={pending || disabled} data-testid="apply-now">
        {pending && <LoaderCircle aria-hidden className="size-3.5 animate-spin" />}
        Apply now
      </Button>
    </div>
  );
}
