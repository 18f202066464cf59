'use client';

import { AccessLimits } from '@/components/access/access-limits';
import { useQuery } from '@tanstack/react-query';
import { Ban, Unplug } from 'lucide-react';
import Link from 'next/link';
import { useDeferredValue, useMemo, useRef } from 'react';
import type { CellState } from '@/lib/api/dto';
import { STATE_META } from '@/components/cell-state/meta';
import { StateIcon } from '@/components/cell-state/state-icon';
import { useUrlState } from '@/components/shell/use-url-state';
import { Badge } from '@/components/ui/badge';
import { Panel } from '@/components/ui/panel';
import { naturalCompare } from '@/components/ui/natural-order';
import { ErrorNote, Loading } from '@/components/ui/query-status';
import { PageHeader } from '@/components/ui/page-header';
import { SearchField } from '@/components/ui/search-field';
import { useRowVirtualizer } from '@/components/ui/use-row-virtualizer';
import { routes } from '@/lib/queries/href';
import { coverageQuery } from '@/lib/queries/options';
import { useAppHref, useClusterContext } from '@/lib/queries/use-cluster-context';
import { summariseNodes } from './nodes-model';

const ROW_H = 34;
const COLS = 'grid grid-cols-[minmax(220px,2fr)_120px_minmax(160px,1fr)_120px_minmax(220px,2fr)] items-center gap-3 px-4';

export function NodesView() {
  const { ctx } = useClusterContext();
  const coverage = useQuery({ ...coverageQuery(ctx ?? ''), enabled: !!ctx });
  const href = useAppHref();
  const { params, update } = useUrlState();
  const q = useDeferredValue(params.get('q') ?? '');
  const onlyGaps = params.get('gaps') === '1';
  const all = useMemo(() => (coverage.data ? summariseNodes(coverage.data) : []), [coverage.data]);
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return all
      .filter((n) => (!onlyGaps || n.gapCount > 0) && (!needle || n.name.toLowerCase().includes(needle)))
      .sort((a, b) => b.gapCount - a.gapCount || naturalCompare(a.name, b.name));
  }, [all, q, onlyGaps]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useRowVirtualizer(rows.length, scrollRef, ROW_H);

  if (coverage.isError) return <ErrorNote error={coverage.error} title="Could not load nodes" />;
  if (!coverage.data) return <Loading label="Loading nodes…" />;

  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="Nodes">
        <p>Nodes with the most missing or failing agents first.</p>
      </PageHeader>
      <AccessLimits limits={coverage.data.limits} />
      <Panel bodyClassName="p-0" testId="nodes-panel">
        <div className="flex items-center gap-4 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
          <SearchField label="Filter nodes by name" testId="nodes-filter" placeholder="Node name" value={params.get('q') ?? ''} onValueChange={(v) => update({ q: v })} className="w-56" />
          <label className="flex items-center gap-1.5 text-xs text-muted">
            <input type="checkbox" checked={onlyGaps} onChange={(e) => update({ gaps: e.target.checked ? '1' : undefined })} className="size-3.5 accent-indigo-600" />
            Only nodes missing an agent
          </label>
          <span className="ml-auto text-xs text-muted tabular-nums">
            {rows.length} of {all.length} nodes
          </span>
        </div>
        <div role="table" aria-label="Nodes">
          <div role="row" className={`${COLS} h-8 border-b border-zinc-200 text-[11px] font-medium tracking-wide text-muted uppercase dark:border-zinc-800`}>
            <span role="columnheader">Node</span>
            <span role="columnheader">Status</span>
            <span role="columnheader">Roles</span>
            <span role="columnheader">Agents ready</span>
            <span role="columnheader">Gaps</span>
          </div>
          <div ref={scrollRef} className="max-h-[calc(100vh-15rem)] overflow-auto">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((v) => {
                const n = rows[v.index];
                if (!n) return null;
                return (
                  <div
                    key={n.name}
                    role="row"
                    data-testid="node-row"
                    data-node={n.name}
                    style={{ height: ROW_H, transform: `translateY(${v.start}px)` }}
                    className={`${COLS} absolute top-0 left-0 w-full border-b border-zinc-100 text-xs hover:bg-zinc-50 dark:border-zinc-800/60 dark:hover:bg-zinc-800/40`}
                  >
                    <span role="cell" className="truncate">
                      <Link href={href(routes.node(n.name))} className="font-mono text-indigo-700 hover:underline dark:text-indigo-300">
                        {n.name}
                      </Link>
                    </span>
                    <span role="cell" className="flex items-center gap-1.5">
                      {n.ready ? <span className="text-green-700 dark:text-green-400">Ready</span> : <span className="inline-flex items-center gap-1 font-medium text-amber-700 dark:text-amber-400"><Unplug aria-hidden className="size-3" />NotReady</span>}
                      {n.cordoned && <Ban role="img" aria-label="cordoned" className="size-3 text-faint" />}
                    </span>
                    <span role="cell" className="flex gap-1 truncate">
                      {n.roles.map((r) => (
                        <Badge key={r} tone="blue">
                          {r}
                        </Badge>
                      ))}
                    </span>
                    <span role="cell" className="tabular-nums">
                      {n.running}/{n.expected}
                    </span>
                    <span role="cell" className="flex flex-wrap gap-2.5">
                      {(Object.entries(n.gaps) as [CellState, number][]).map(([s, c]) => (
                        <span key={s} className="inline-flex items-center gap-1">
                          <StateIcon state={s} className="size-3" />
                          {c} {STATE_META[s].label.toLowerCase()}
                        </span>
                      ))}
                      {n.gapCount === 0 && <span className="text-faint">—</span>}
                    </span>
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      </Panel>
    </div>
  );
}
