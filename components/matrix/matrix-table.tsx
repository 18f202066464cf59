'use client';

import clsx from 'clsx';
import { Ban, Unplug } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState, type MouseEvent } from 'react';
import { STATE_META } from '@/components/cell-state/meta';
import { StateBadge } from '@/components/cell-state/state-badge';
import type { CellState } from '@/lib/api/dto';
import { useElementWidth } from '@/components/ui/use-element-width';
import { useRowVirtualizer } from '@/components/ui/use-row-virtualizer';
import { cellState, type MatrixAgent, type MatrixRow } from './matrix-model';

const ROW_H = 28;
const NODE_W = 240;
const MIN_COL_W = 96;
const MAX_COL_W = 180;

interface Hover {
  node: string;
  agent: MatrixAgent;
  state: CellState;
  x: number;
  y: number;
}

/** Nodes × agents with sticky headers; rows virtualised so 5,000 nodes scroll smoothly. */
export function MatrixTable({
  rows,
  agents,
  hrefForNode,
  hrefForAgent,
}: {
  rows: MatrixRow[];
  agents: MatrixAgent[];
  hrefForNode: (node: string) => string;
  hrefForAgent: (a: MatrixAgent) => string;
}) {
  const router = useRouter();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const virtualizer = useRowVirtualizer(rows.length, scrollRef, ROW_H);
  // Few agents: columns share the width (up to a limit); many: fixed narrow columns and scroll.
  const available = useElementWidth(scrollRef);
  const COL_W = Math.floor(Math.min(MAX_COL_W, Math.max(MIN_COL_W, (available - NODE_W) / Math.max(1, agents.length))));
  const width = NODE_W + agents.length * COL_W;

  const cellAt = (e: MouseEvent) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-col]');
    const row = el && rows[Number(el.dataset.row)];
    const agent = el && agents[Number(el.dataset.col)];
    return row && agent && el ? { row, agent, el } : null;
  };

  return (
    <div className="relative">
      <div
        ref={scrollRef}
        role="table"
        aria-label="Nodes by agents"
        aria-rowcount={rows.length + 1}
        data-testid="matrix"
        onScroll={() => setHover(null)}
        onMouseLeave={() => setHover(null)}
        onMouseOver={(e) => {
          const hit = cellAt(e);
          if (!hit) return setHover(null);
          const rect = hit.el.getBoundingClientRect();
          setHover({ node: hit.row.node, agent: hit.agent, state: cellState(hit.agent, hit.row.index), x: rect.right + 6, y: rect.top });
        }}
        onClick={(e) => {
          const hit = cellAt(e);
          if (hit) router.push(hrefForNode(hit.row.node));
        }}
        className="max-h-[calc(100vh-13rem)] min-h-48 overflow-auto"
      >
        <div style={{ width }}>
          <div role="row" className="sticky top-0 z-20 flex border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900">
            <div role="columnheader" style={{ width: NODE_W }} className="sticky left-0 z-10 flex shrink-0 items-end bg-zinc-50 px-4 pb-2 text-[11px] font-medium tracking-wide text-muted uppercase dark:bg-zinc-900">
              Node
            </div>
            {agents.map((a) => (
              <div key={`${a.namespace}/${a.name}`} role="columnheader" style={{ width: COL_W }} className="shrink-0 px-2 py-2" title={`${a.namespace}/${a.name}`}>
                <Link href={hrefForAgent(a)} className="block truncate text-xs font-semibold text-indigo-700 hover:underline dark:text-indigo-300">
                  {a.name}
                </Link>
                <span className="block truncate text-[10px] text-muted">{a.namespace}</span>
              </div>
            ))}
          </div>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const row = rows[v.index];
              if (!row) return null;
              return (
                <div
                  key={row.node}
                  role="row"
                  data-testid="matrix-row"
                  data-node={row.node}
                  data-gaps={row.gaps}
                  style={{ height: ROW_H, transform: `translateY(${v.start}px)` }}
                  className="absolute top-0 left-0 flex w-full border-b border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800/60 dark:hover:bg-zinc-800/40"
                >
                  <div role="rowheader" style={{ width: NODE_W }} className="sticky left-0 z-10 flex shrink-0 items-center gap-1.5 bg-white px-4 dark:bg-zinc-950">
                    <Link href={hrefForNode(row.node)} className="truncate font-mono text-xs hover:underline">
                      {row.node}
                    </Link>
                    {row.cordoned && <Ban role="img" aria-label="cordoned" className="size-3 shrink-0 text-faint" />}
                    {!row.ready && <Unplug role="img" aria-label="node not ready" className="size-3 shrink-0 text-amber-600" />}
                    {row.gaps > 0 && <span className="ml-auto text-[10px] font-semibold text-red-600 tabular-nums dark:text-red-400">{row.gaps}</span>}
                  </div>
                  {agents.map((a, col) => {
                    const state = cellState(a, row.index);
                    return (
                      <div
                        key={a.name + a.namespace}
                        role="cell"
                        data-row={v.index}
                        data-col={col}
                        data-state={state}
                        aria-label={`${row.node} × ${a.name}: ${STATE_META[state].label}`}
                        style={{ width: COL_W }}
                        className="flex shrink-0 cursor-pointer items-center justify-center"
                      >
                        <span className={clsx('cell size-4', STATE_META[state].swatch)} />
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {hover && (
        <div role="tooltip" style={{ left: hover.x, top: hover.y }} className="pointer-events-none fixed z-40 rounded-md border border-zinc-200 bg-white px-2.5 py-1.5 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          <div className="font-mono font-semibold">{hover.node}</div>
          <div className="text-muted">
            {hover.agent.namespace}/{hover.agent.name}
          </div>
          <StateBadge state={hover.state} className="mt-1" />
        </div>
      )}
    </div>
  );
}
