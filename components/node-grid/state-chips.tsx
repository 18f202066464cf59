import clsx from 'clsx';
import { CELL_STATES, type CellState } from '@/lib/api/dto';
import { STATE_META } from '@/components/cell-state/meta';
import { Swatch } from '@/components/cell-state/swatch';

/** State filter: one toggle per state present, doubling as the grid's legend with counts. */
export function StateChips({
  counts,
  selected,
  onToggle,
}: {
  counts: Partial<Record<CellState, number>>;
  selected: CellState[];
  onToggle: (s: CellState) => void;
}) {
  return (
    <div role="group" aria-label="Filter by state" className="flex flex-wrap gap-1.5" data-testid="state-filter">
      {CELL_STATES.map((state) => {
        const n = counts[state] ?? 0;
        const on = selected.includes(state);
        return (
          <button
            key={state}
            type="button"
            aria-pressed={on}
            disabled={n === 0 && !on}
            onClick={() => onToggle(state)}
            title={STATE_META[state].meaning}
            data-state={state}
            className={clsx(
              'inline-flex h-7 items-center gap-1.5 rounded-md border px-2 text-xs whitespace-nowrap transition-colors',
              'focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:opacity-40',
              on
                ? 'border-indigo-500 bg-indigo-50 text-indigo-900 dark:border-indigo-400 dark:bg-indigo-500/15 dark:text-indigo-100'
                : 'border-zinc-200 bg-white text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800',
            )}
          >
            <Swatch swatch={STATE_META[state].swatch} />
            {STATE_META[state].label}
            <span className="tabular-nums text-muted">{n}</span>
          </button>
        );
      })}
    </div>
  );
}
