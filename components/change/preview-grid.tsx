'use client';

import clsx from 'clsx';
import { useMemo } from 'react';

export type Overlay = 'gain' | 'lose' | 'replace' | 'unchanged';

const LOOK: Record<Overlay, { label: string; cell: string; mark: string }> = {
  gain: { label: 'gains the agent', cell: 'bg-green-500 text-white dark:bg-green-600', mark: '+' },
  lose: { label: 'loses it (pod deleted)', cell: 'bg-red-500 text-white dark:bg-red-600', mark: '−' },
  replace: { label: 'pod replaced', cell: 'bg-amber-400 text-zinc-900 dark:bg-amber-500', mark: '↻' },
  unchanged: { label: 'unchanged', cell: 'bg-zinc-200 text-zinc-500 dark:bg-zinc-700 dark:text-zinc-300', mark: '' },
};

/** Overlay of one node per cell, coloured and marked by what the change does there. */
export function PreviewGrid({ nodes, gain, lose, replace }: { nodes: readonly string[]; gain: readonly string[]; lose: readonly string[]; replace: readonly string[] }) {
  const byNode = useMemo(() => {
    const m = new Map<string, Overlay>();
    for (const n of replace) m.set(n, 'replace');
    for (const n of gain) m.set(n, 'gain');
    for (const n of lose) m.set(n, 'lose');
    return m;
  }, [gain, lose, replace]);
  return (
    <div className="flex flex-col gap-2" data-testid="preview-grid">
      <ul className="flex flex-wrap gap-1" aria-label="What the change does on every node">
        {nodes.map((n) => {
          const o = byNode.get(n) ?? 'unchanged';
          return (
            <li
              key={n}
              data-node={n}
              data-change={o}
              title={`${n}: ${LOOK[o].label}`}
              aria-label={`${n}: ${LOOK[o].label}`}
              className={clsx('flex size-5 items-center justify-center rounded-[3px] text-[11px] leading-none font-bold', LOOK[o].cell)}
            >
              <span aria-hidden>{LOOK[o].mark}</span>
            </li>
          );
        })}
      </ul>
      <ul className="flex flex-wrap gap-3 text-[11px] text-muted" aria-label="Legend">
        {(Object.keys(LOOK) as Overlay[]).map((o) => (
          <li key={o} className="flex items-center gap-1">
            <span aria-hidden className={clsx('inline-flex size-3.5 items-center justify-center rounded-[3px] text-[9px] font-bold', LOOK[o].cell)}>
              {LOOK[o].mark}
            </span>
            {LOOK[o].label}
          </li>
        ))}
      </ul>
    </div>
  );
}
