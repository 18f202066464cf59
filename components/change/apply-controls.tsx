'use client';

import { LoaderCircle } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';

/**
 * How a previewed change is applied: "Apply now" (the controller's own rollout), and beside it
 * (children) the other ways, e.g. a staged rollout of the same new template.
 */
export function ApplyControls({ onApplyNow, pending, disabled, children }: { onApplyNow: () => void; pending: boolean; disabled: boolean; children?: ReactNode }) {
  return (
    <div className="flex items-center gap-2" data-testid="apply-controls">
      {children}
      <Button variant="primary" onClick={onApplyNow} disabled={pending || disabled} data-testid="apply-now">
        {pending && <LoaderCircle aria-hidden className="size-3.5 animate-spin" />}
        Apply now
      </Button>
    </div>
  );
}
