import clsx from 'clsx';
import { Ban, Unplug } from 'lucide-react';
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
}

const common = (p: CellProps) => ({
  id: cellId(p.gridId, p.item.index),
  href: p.href,
  role: 'gridcell' as const,
  tabIndex: -1,
  'aria-selected': p.active,
  'aria-label': `${p.item.node}: ${stateLabel(p.item)}${p.item.reason ? `. ${p.item.reason}` : ''}`,
  'data-testid': 'grid-cell',
  'data-node': p.item.node,
  'data-state': p.item.state,
  'data-taint': p.item.taint,
  'data-pos': p.position,
});

/** A named tile: swatch, node name, state icon, and node trouble marks. */
export const TileCell = memo(function TileCell(p: CellProps) {
  const { item } = p;
  return (
    <a
      {...common(p)}
      style={{ width: p.width }}
      className={clsx(
        'flex h-[30px] shrink-0 items-center gap-2 rounded-md border bg-white pr-2 text-xs transition-colors dark:bg-zinc-900',
        item.taint && item.state === 'ineligible' ? 'border-fuchsia-300 dark:border-fuchsia-800' : 'border-zinc-200 dark:border-zinc-800',
        'hover:border-zinc-400 dark:hover:border-zinc-600',
        p.active && 'outline-2 outline-offset-1 outline-indigo-500',
      )}
    >
      <span aria-hidden className={clsx('cell h-full w-2.5 shrink-0 rounded-l-md rounded-r-none', swatchOf(item))} />
      <span className={clsx('min-w-0 flex-1 truncate font-mono text-[11px]', item.state === 'ineligible' && 'text-zinc-500 dark:text-zinc-500')}>{item.node}</span>
      {item.cordoned && <Ban aria-label="cordoned" className="size-3 shrink-0 text-zinc-400" />}
      {!item.ready && <Unplug aria-label="node not ready" className="size-3 shrink-0 text-amber-600" />}
      <StateIcon state={item.state} className={clsx('size-3.5', item.taint && item.state === 'ineligible' && TAINT_META.text)} />
    </a>
  );
});
