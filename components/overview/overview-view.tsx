'use client';

import { useQuery } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import { AccessLimits } from '@/components/access/access-limits';
import { useDeferredValue, useMemo } from 'react';
import { useUrlState } from '@/components/shell/use-url-state';
import { Panel } from '@/components/ui/panel';
import { SyncedInput } from '@/components/ui/synced-input';
import { ErrorNote, Loading } from '@/components/ui/query-status';
import { routes } from '@/lib/queries/href';
import { coverageQuery } from '@/lib/queries/options';
import { useAppHref, useClusterContext } from '@/lib/queries/use-cluster-context';
import { AgentTable } from './agent-table';
import { FleetStats } from './fleet-stats';
import { summariseFleet, triageOrder } from './summarise';

export function OverviewView() {
  const { ctx, clusters } = useClusterContext();
  const coverage = useQuery({ ...coverageQuery(ctx ?? ''), enabled: !!ctx });
  const href = useAppHref();
  const { params, update } = useUrlState();
  const q = useDeferredValue(params.get('q') ?? '');

  const agents = useMemo(() => {
    const all = coverage.data?.agents ?? [];
    const needle = q.trim().toLowerCase();
    const hits = needle ? all.filter((a) => `${a.namespace}/${a.name}`.toLowerCase().includes(needle)) : all;
    return triageOrder(hits);
  }, [coverage.data, q]);
  const fleet = useMemo(() => (coverage.data ? summariseFleet(coverage.data) : undefined), [coverage.data]);

  if (clusters.isError) return <ErrorNote error={clusters.error} title="Could not list cluster contexts" />;
  if (coverage.isError) return <ErrorNote error={coverage.error} title="Could not load coverage" />;
  if (!coverage.data || !fleet) return <Loading label="Loading coverage…" />;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-lg font-semibold tracking-tight">Overview</h1>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            Every DaemonSet in <span className="font-medium text-zinc-700 dark:text-zinc-300">{coverage.data.context}</span>, and why nodes lack it.
          </p>
        </div>
      </div>
      <AccessLimits limits={coverage.data.limits} />
      <FleetStats fleet={fleet} />
      <Panel
        title={`Agents (${agents.length})`}
        bodyClassName="p-0"
        actions={
          <label className="relative">
            <span className="sr-only">Filter agents</span>
            <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2 size-3.5 -translate-y-1/2 text-zinc-400" />
            <SyncedInput
              type="search"
              data-testid="agent-filter"
              placeholder="Filter agents"
              value={params.get('q') ?? ''}
              onValueChange={(v) => update({ q: v })}
              className="h-7 w-56 rounded-md border border-zinc-200 bg-white pl-7 text-xs outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 dark:border-zinc-700 dark:bg-zinc-900"
            />
          </label>
        }
      >
        {agents.length === 0 ? (
          <p className="p-6 text-sm text-zinc-500">{q ? `No agent matches “${q}”.` : 'No DaemonSets in this cluster.'}</p>
        ) : (
          <AgentTable agents={agents} hrefFor={(a) => href(routes.agent(a.namespace, a.name))} />
        )}
      </Panel>
    </div>
  );
}
