import { memo } from 'react';
import clsx from 'clsx';
import type { CauseDTO } from '@/lib/api/dto';
import type { GridItem } from '@/components/node-grid/grid-model';
import { CauseMeta, SOURCE_TEXT } from '@/components/cell-state/cause-note';
import { Panel } from '@/components/ui/panel';

interface CauseGroup {
  cause: CauseDTO;
  nodes: string[];
}

/** The agent's distinct causes, most nodes first (one per label and message). */
export function causeGroups(items: readonly GridItem[]): CauseGroup[] {
  const groups = new Map<string, CauseGroup>();
  for (const it of items) {
    const c = it.cell.cause;
    if (!c) continue;
    const key = `${c.label}\u0000${c.message}`;
    const g = groups.get(key);
    if (g) g.nodes.push(it.node);
    else groups.set(key, { cause: c, nodes: [it.node] });
  }
  return [...groups.values()].sort((a, b) => b.nodes.length - a.nodes.length || a.cause.label.localeCompare(b.cause.label));
}

/**
 * Why the agent's pods are missing, not placed or refused: each cause with its nodes, who said
 * no, how often, and what to change. A click filters the grid to the cells it explains.
 */
export const CauseList = memo(function CauseList({ items, activeReason, onPick }: { items: GridItem[]; activeReason?: string; onPick: (reason: string | undefined) => void }) {
  const groups = causeGroups(items);
  if (groups.length === 0) return null;
  return (
    <Panel title="Why pods are missing" bodyClassName="flex flex-col gap-2 p-3" testId="causes">
      <ul className="flex flex-col gap-2">
        {groups.map(({ cause, nodes }) => (
          <li key={`${cause.label}/${cause.message}`} data-testid="agent-cause" data-category={cause.category} className="text-xs">
            <button
              type="button"
              onClick={() => onPick(activeReason === cause.label ? undefined : cause.label)}
              aria-pressed={activeReason === cause.label}
              className={clsx(
                'w-full rounded-md border px-2.5 py-1.5 text-left focus-visible:outline-2 focus-visible:outline-indigo-500',
                activeReason === cause.label
                  ? 'border-amber-400 bg-amber-50 dark:border-amber-600 dark:bg-amber-500/10'
                  : 'border-zinc-200 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/50',
              )}
            >
              <span className="flex items-baseline justify-between gap-2">
                <span className="font-semibold text-amber-900 dark:text-amber-200">{cause.label}</span>
                <span className="tabular-nums text-muted">
                  {nodes.length} node{nodes.length === 1 ? '' : 's'}
                </span>
              </span>
              <span className="mt-0.5 block text-zinc-700 dark:text-zinc-300">{SOURCE_TEXT[cause.source]}</span>
              <span className="mt-1 block font-mono text-[11px] break-words text-zinc-800 dark:text-zinc-200">{cause.message}</span>
              <span className="mt-1 block text-[11px]">
                <CauseMeta cause={cause} />
              </span>
            </button>
            {cause.hint && (
              <p className="mt-1 px-1 text-zinc-700 dark:text-zinc-300" data-testid="cause-hint">
                <span className="font-medium">Fix: </span>
                {cause.hint}
              </p>
            )}
          </li>
        ))}
      </ul>
    </Panel>
  );
});
