import clsx from 'clsx';
import { Ban, Hourglass, Unplug } from 'lucide-react';
import { useStagedMark } from '@/components/staged/staged-marks';
import { memo } from 'react';
import { STATE_META, TAINT_META } from '@/components/cell-state/meta';
import { StateIcon } from '@/components/cell-state/state-icon';
import type { GridItem } from './grid-model';
import { stateLabel } from './grid-model';

export function cellId(gridId: string, index: number) {
  return `${gridId}-n${index}`;
}

function swatchOf(item: GridItem) {
  return item.taint && item.state === 'ineligible' ? TAINT_META.swatch : STATE_META[item.state].swatch;
}

interface CellProps {
  item: GridItem;
  gridId: string;
  href: string;
  active: boolean;
  position: number;
  /** Tile width in px (compact cells are fixed squares). */
  width?: number;
  /** Id of the hover card while it shows this cell, so a screen reader reads it with the cell. */
  describedBy?: string;
}

/**
 * A named tile: swatch, node name, state icon, and node trouble marks. The gridcell is the element
 * the grid's aria-activedescendant points at; the link inside it (out of the tab order: the grid
 * is one tab stop) keeps open-in-new-tab and the URL on hover.
 */
export const TileCell = memo(function TileCell(p: CellProps) {
  const { item } = p;
  // A staged rollout's current step is ringed; nodes of later steps carry an hourglass.
  const staged = useStagedMark(item.node);
  return (
    <div
      id={cellId(p.gridId, item.index)}
      role="gridcell"
      aria-selected={p.active}
      aria-label={`${item.node}: ${stateLabel(item)}${item.reason ? `. ${item.reason}` : ''}${staged === 'current' ? '. In the current step of the staged rollout' : staged === 'waiting' ? '. Waiting for a later step of the staged rollout' : ''}`}
      data-staged={staged}
      aria-describedby={p.describedBy}
      data-testid="grid-cell"
      data-node={item.node}
      data-state={item.state}
      data-taint={item.taint}
      data-pos={p.position}
      style={{ width: p.width }}
      className="shrink-0"
    >
      <a
        href={p.href}
        tabIndex={-1}
        className={clsx(
          'flex h-[30px] items-center gap-2 rounded-md border bg-white pr-2 text-xs transition-colors dark:bg-zinc-900',
          item.taint && item.state === 'ineligible' ? 'border-fuchsia-300 dark:border-fuchsia-800' : 'border-zinc-200 dark:border-zinc-800',
          'hover:border-zinc-400 dark:hover:border-zinc-600',
          p.active && 'outline-2 outline-offset-1 outline-indigo-500',
          staged === 'current' && 'ring-2 ring-indigo-400 dark:ring-indigo-500',
        )}
      >
        <span aria-hidden className={clsx('cell h-full w-2.5 shrink-0 rounded-l-md rounded-r-none', swatchOf(item))} />
        <span className={clsx('min-w-0 flex-1 truncate font-mono text-[11px]', item.state === 'ineligible' && 'text-faint')}>{item.node}</span>
        {item.cordoned && <Ban role="img" aria-label="cordoned" className="size-3 shrink-0 text-faint" />}
        {staged === 'waiting' && <Hourglass aria-hidden className="size-3 shrink-0 text-faint" />}
        {!item.ready && <Unplug role="img" aria-label="node not ready" className="size-3 shrink-0 text-amber-600" />}
        <StateIcon state={item.state} className={clsx('size-3.5', item.taint && item.state === 'ineligible' && TAINT_META.text)} />
      </a>
    </div>
  );
});
