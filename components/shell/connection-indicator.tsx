'use client';

import clsx from 'clsx';
import { useEffect, useState } from 'react';
import { describeConnection } from '@/lib/queries/connection';
import { useClusterContext } from '@/lib/queries/use-cluster-context';
import { useLiveStream } from '@/lib/queries/use-live-stream';

const DOT = { live: 'bg-green-500', busy: 'bg-amber-500 animate-pulse', stale: 'bg-red-500' } as const;

/** Owns the tab's live stream (rendered once, in the header) and shows its state in words. */
export function ConnectionIndicator() {
  const { ctx } = useClusterContext();
  const state = useLiveStream(ctx);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (state.transport !== 'reconnecting') return;
    const id = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(id);
  }, [state.transport]);
  const view = describeConnection(state, now);

  return (
    <div
      role="status"
      data-testid="connection"
      data-tone={view.tone}
      title={view.detail}
      className="flex h-8 items-center gap-2 rounded-md px-2 text-xs font-medium text-muted"
    >
      <span aria-hidden className={clsx('size-2 rounded-full', DOT[view.tone])} />
      <span className={clsx(view.tone === 'stale' && 'text-red-600 dark:text-red-400')}>{view.label}</span>
    </div>
  );
}
