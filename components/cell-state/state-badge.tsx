import clsx from 'clsx';
import type { CellState } from '@/lib/api/dto';
import { STATE_META } from './meta';
import { StateIcon } from './state-icon';

/** State as icon + word: never colour alone. */
export function StateBadge({ state, className }: { state: CellState; className?: string }) {
  return (
    <span data-state={state} className={clsx('inline-flex items-center gap-1 whitespace-nowrap text-xs font-medium', className)}>
      <StateIcon state={state} />
      <span className="text-zinc-700 dark:text-zinc-300">{STATE_META[state].label}</span>
    </span>
  );
}
