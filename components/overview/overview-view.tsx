'use client';

import { useQuery } from '@tanstack/react-query';
import { AccessLimits } from '@/components/access/access-limits';
import { useDeferredValue, useMemo } from 'react';
import { useUrlState } from '@/components/shell/use-url-state';
import { Panel } from '@/components/ui/panel';
import { PageHeader } from '@/components/ui/page-header';
import { SearchField } from '@/components/ui/search-field';
import { ErrorNote, Loading } from '@/components/ui/query-status';
import { routes } from '@/lib/queries/href';
import { coverageQuery } from '@/lib/queries/options';
import { useAppHref, useClusterContext } from '@/lib/queries/use-cluster-context';
import { AgentTable } from './agent-table';
import { FleetStats } from './fleet-stats';
import { causeLabels, hasCause, summariseFleet, triageOrder } from './summarise';

export function OverviewView() {
  const { ctx, clusters } = useClusterContext();
  const coverage = useQuery({ ...coverageQuery(ctx ?? ''), enabled: !!ctx });
  const href = useAppHref();
  const { params, update } = useUrlState();
  const q = useDeferredValue(params.get('q') ?? '');
  const cause = params.get('cause') ?? '';

  const causes = useMemo(() => causeLabels(coverage.data?.agents ?? []), [coverage.data]);
  const agents = useMemo(() => {
    const all = coverage.data?.agents ?? [];
    const needle = q.trim().toLowerCase();
    const hits = all.filter((a) => (!needle || `${a.namespace}/${a.name}`.toLowerCase().includes(needle)) && (!cause || hasCause(a, cause)));
    return triageOrder(hits);
  }, [coverage.data, q, cause]);
  const fleet = useMemo(() => (coverage.data ? summariseFleet(coverage.data) : undefined), [coverage.data]);

  if (clusters.isError) return <ErrorNote error={clusters.error} title="Could not list cluster contexts" />;
  if (coverage.isError) return <ErrorNote error={coverage.error} title="Could not load coverage" />;
  if (!coverage.data || !fleet) return <Loading label="Loading coverage…" />;

  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="Overview">
        <p>
          Every DaemonSet in <span className="font-medium text-zinc-800 dark:text-zinc-200">{coverage.data.context}</span>, and why nodes lack it.
        </p>
      </PageHeader>
      <AccessLimits limits={coverage.data.limits} />
      <FleetStats fleet={fleet} />
      <Panel
        title={`Agents (${agents.length})`}
        bodyClassName="p-0"
        actions={
          <>
            {(causes.length > 0 || cause) && (
              <label className="flex items-center gap-1.5 text-xs text-muted">
                Cause
                <select
                  data-testid="cause-filter"
                  value={cause}
                  onChange={(e) => update({ cause: e.target.value || undefined })}
                  className="h-8 rounded-md border border-zinc-300 bg-white px-2 text-xs text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
                >
                  <option value="">All causes</option>
                  {causes.map((c) => (
                    <option key={c.label} value={c.label}>
                      {c.label} ({c.cells})
                    </option>
                  ))}
                  {cause && !causes.some((c) => c.label === cause) && <option value={cause}>{cause} (0)</option>}
                </select>
              </label>
            )}
            <SearchField label="Filter agents" testId="agent-filter" placeholder="Filter agents" value={params.get('q') ?? ''} onValueChange={(v) => update({ q: v })} className="w-56" />
          </>
        }
      >
        {agents.length === 0 ? (
          <p className="p-6 text-sm text-muted">{q || cause ? `No agent matches “${[q, cause].filter(Boolean).join('” and “')}”.` : 'No DaemonSets in this cluster.'}</p>
        ) : (
          <AgentTable agents={agents} hrefFor={(a) => href(routes.agent(a.namespace, a.name))} />
        )}
      </Panel>
    </div>
  );
}
