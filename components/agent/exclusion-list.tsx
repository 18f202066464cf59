import { memo, type ReactNode } from 'react';
import clsx from 'clsx';
import type { GridItem, ReasonCount } from '@/components/node-grid/grid-model';
import { taintMismatches } from '@/components/node-grid/grid-model';
import { Panel } from '@/components/ui/panel';
import { Swatch } from '@/components/cell-state/swatch';
import { STATE_META, TAINT_META } from '@/components/cell-state/meta';

/**
 * Why nodes are left out: untolerated taints first (named, with their nodes), then every other
 * exclusion reason. A click filters the grid to that reason.
 */
export const ExclusionList = memo(function ExclusionList({
  items,
  reasons,
  activeReason,
  onPick,
  fixAction,
}: {
  items: GridItem[];
  reasons: ReasonCount[];
  activeReason?: string;
  onPick: (reason: string | undefined) => void;
  /** A control that fixes a taint mismatch (the agent page's "Add this toleration"), or null. */
  fixAction?: (taint: string) => ReactNode;
}) {
  const taints = taintMismatches(items);
  const ineligible = new Set(items.filter((i) => i.state === 'ineligible').flatMap((i) => i.cell.reasons.map((r) => r.message)));
  const others = reasons.filter((r) => !r.taint && ineligible.has(r.reason));
  if (!taints.length && !others.length) return null;
  const pick = (reason: string) => onPick(activeReason === reason ? undefined : reason);
  return (
    <Panel title="Excluded nodes" bodyClassName="flex flex-col gap-3 p-3" testId="exclusions">
      {taints.length > 0 && (
        <ul className="flex flex-col gap-1.5" data-testid="taint-list" aria-label="Taint mismatches">
          {taints.map((t) => {
            const reason = items.find((i) => i.taint === t.taint)?.cell.reasons.find((r) => r.kind === 'taint')?.message ?? '';
            return (
              <li key={t.taint} data-testid="taint-mismatch" data-taint={t.taint}>
                <button
                  type="button"
                  onClick={() => pick(reason)}
                  aria-pressed={activeReason === reason}
                  className={clsx(
                    'w-full rounded-md border px-2.5 py-1.5 text-left text-xs focus-visible:outline-2 focus-visible:outline-indigo-500',
                    activeReason === reason
                      ? 'border-fuchsia-400 bg-fuchsia-50 dark:border-fuchsia-600 dark:bg-fuchsia-500/10'
                      : 'border-zinc-200 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/50',
                  )}
                >
                  <span className="flex items-center gap-1.5">
                    <Swatch swatch={TAINT_META.swatch} />
                    <span className="font-medium">Taint mismatch</span>
                    <span className="ml-auto tabular-nums text-muted">{t.nodes.length}</span>
                  </span>
                  <code className="mt-0.5 block truncate font-mono text-[11px] text-fuchsia-700 dark:text-fuchsia-300">{t.taint}</code>
                  <span className="mt-0.5 block truncate text-[11px] text-muted" title={t.nodes.join(', ')}>
                    {t.nodes.slice(0, 4).join(', ')}
                    {t.nodes.length > 4 ? ` +${t.nodes.length - 4}` : ''}
                  </span>
                </button>
                {fixAction && <div className="mt-1 flex justify-end">{fixAction(t.taint)}</div>}
              </li>
            );
          })}
        </ul>
      )}
      {others.length > 0 && (
        <ul className="flex flex-col gap-1" aria-label="Other exclusions" data-testid="exclusion-reasons">
          {others.map((r) => (
            <li key={r.reason}>
              <button
                type="button"
                onClick={() => pick(r.reason)}
                aria-pressed={activeReason === r.reason}
                className={clsx(
                  'flex w-full items-start gap-1.5 rounded-md px-2 py-1 text-left text-xs focus-visible:outline-2 focus-visible:outline-indigo-500',
                  activeReason === r.reason ? 'bg-indigo-50 dark:bg-indigo-500/15' : 'hover:bg-zinc-50 dark:hover:bg-zinc-800/50',
                )}
              >
                <Swatch swatch={STATE_META.ineligible.swatch} className="mt-0.5" />
                <span className="min-w-0 flex-1 text-zinc-700 dark:text-zinc-300">{r.reason}</span>
                <span className="tabular-nums text-muted">{r.count}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
});
