import { Ban, Unplug } from 'lucide-react';
import { CauseNote } from '@/components/cell-state/cause-note';
import { StateBadge } from '@/components/cell-state/state-badge';
import type { GridItem } from './grid-model';

export interface HoverAnchor {
  item: GridItem;
  rect: { left: number; top: number; right: number; bottom: number };
}

const WIDTH = 320;

/**
 * One card for the whole grid (not one tooltip per cell: thousands of cells), placed beside the
 * hovered or keyboard-focused cell.
 */
export function HoverCard({ anchor, id }: { anchor: HoverAnchor; id?: string }) {
  const { item, rect } = anchor;
  const vw = typeof window === 'undefined' ? 1920 : window.innerWidth;
  const left = rect.right + 8 + WIDTH > vw ? Math.max(8, rect.left - 8 - WIDTH) : rect.right + 8;
  const top = Math.max(56, rect.top - 4);
  const pod = item.cell.pods[0];
  return (
    <div
      id={id}
      role="tooltip"
      data-testid="cell-tooltip"
      style={{ left, top, width: WIDTH }}
      className="pointer-events-none fixed z-40 rounded-lg border border-zinc-200 bg-white p-3 text-xs shadow-xl dark:border-zinc-700 dark:bg-zinc-900"
    >
      <div className="flex items-center justify-between gap-2">
        <span className="truncate font-mono text-[12px] font-semibold">{item.node}</span>
        <StateBadge state={item.state} />
      </div>
      {(item.cordoned || !item.ready) && (
        <div className="mt-1 flex gap-3 text-muted">
          {item.cordoned && (
            <span className="inline-flex items-center gap-1">
              <Ban aria-hidden className="size-3" /> cordoned
            </span>
          )}
          {!item.ready && (
            <span className="inline-flex items-center gap-1 text-amber-700 dark:text-amber-400">
              <Unplug aria-hidden className="size-3" /> node NotReady
            </span>
          )}
        </div>
      )}
      {item.taint && (
        <p className="mt-2 rounded bg-fuchsia-50 px-2 py-1 text-fuchsia-800 dark:bg-fuchsia-500/10 dark:text-fuchsia-300">
          Untolerated taint <code className="font-mono">{item.taint}</code>
        </p>
      )}
      {item.reason && !item.taint && <p className="mt-2 text-zinc-700 dark:text-zinc-300">{item.reason}</p>}
      {item.cell.cause && (
        <div className="mt-2">
          <CauseNote cause={item.cell.cause} compact testId="tooltip-cause" />
        </div>
      )}
      {pod && (
        <p className="mt-2 truncate text-muted">
          Pod <span className="font-mono">{pod.name}</span> · {pod.phase}
          {pod.restarts ? ` · ${pod.restarts} restarts` : ''} · {pod.revision === 'old' ? 'old revision' : 'current revision'}
        </p>
      )}
      <p className="mt-2 text-[11px] text-faint">Click or Enter: open node page</p>
    </div>
  );
}
