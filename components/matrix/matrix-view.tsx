'use client';

import { AccessLimits } from '@/components/access/access-limits';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useMemo } from 'react';
import { Legend } from '@/components/cell-state/legend';
import { useUrlState } from '@/components/shell/use-url-state';
import { Panel } from '@/components/ui/panel';
import { ErrorNote, Loading } from '@/components/ui/query-status';
import { FIELD } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { SearchField } from '@/components/ui/search-field';
import { routes } from '@/lib/queries/href';
import { coverageQuery } from '@/lib/queries/options';
import { useAppHref, useClusterContext } from '@/lib/queries/use-cluster-context';
import { ExportButtons } from './export-buttons';
import { gapRecords, matrixAgents, matrixRows, readMatrixView, viewRows } from './matrix-model';
import { MatrixTable } from './matrix-table';

export function MatrixView() {
  const { ctx } = useClusterContext();
  const coverage = useQuery({ ...coverageQuery(ctx ?? ''), enabled: !!ctx });
  const href = useAppHref();
  const { params, update } = useUrlState();
  const search = params.toString();
  const urlView = useMemo(() => readMatrixView(new URLSearchParams(search)), [search]);
  // Controls follow the URL at once; the 5,000-row recomputation may lag a frame behind.
  const view = useDeferredValue(urlView);

  const agents = useMemo(() => (coverage.data ? matrixAgents(coverage.data) : []), [coverage.data]);
  const allRows = useMemo(() => (coverage.data ? matrixRows(coverage.data, agents) : []), [coverage.data, agents]);
  const rows = useMemo(() => viewRows(allRows, view), [allRows, view]);
  const withGaps = useMemo(() => allRows.filter((r) => r.gaps > 0).length, [allRows]);
  const gaps = useCallback(() => gapRecords(rows, agents), [rows, agents]);

  if (coverage.isError) return <ErrorNote error={coverage.error} title="Could not load coverage" />;
  if (!coverage.data) return <Loading label="Loading matrix…" />;

  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="Matrix" actions={<Legend showTaint={false} />}>
        <p>
          {allRows.length} nodes × {agents.length} agents · <span className="text-red-700 dark:text-red-400">{withGaps} nodes missing at least one agent</span>
        </p>
      </PageHeader>
      <AccessLimits limits={coverage.data.limits} />
      <Panel bodyClassName="p-0" testId="matrix-panel">
        <div className="flex flex-wrap items-center gap-4 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800" data-testid="matrix-toolbar">
            <SearchField label="Filter nodes by name" testId="matrix-filter" placeholder="Node name" value={params.get('q') ?? ''} onValueChange={(v) => update({ q: v })} className="w-48" />
            <label className="flex items-center gap-1.5 text-xs text-muted">
              <input type="checkbox" data-testid="only-gaps" checked={urlView.onlyGaps} onChange={(e) => update({ gaps: e.target.checked ? '1' : undefined })} className="size-3.5 accent-indigo-600" />
              Only nodes missing an agent
            </label>
            <label className="flex items-center gap-1.5 text-xs text-muted">
              Sort
              <select data-testid="matrix-sort" value={urlView.sort} onChange={(e) => update({ sort: e.target.value === 'gaps' ? 'gaps' : undefined })} className={FIELD}>
                <option value="name">by name</option>
                <option value="gaps">by most gaps</option>
              </select>
            </label>
            <span className="text-xs text-muted tabular-nums" data-testid="matrix-count">
              {rows.length} of {allRows.length} nodes
            </span>
            <div className="ml-auto">
              <ExportButtons context={coverage.data.context} gaps={gaps} />
            </div>
          </div>
        <MatrixTable rows={rows} agents={agents} hrefForNode={(n) => href(routes.node(n))} hrefForAgent={(a) => href(routes.agent(a.namespace, a.name))} />
      </Panel>
    </div>
  );
}
