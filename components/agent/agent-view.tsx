'use client';

import { AccessLimits } from '@/components/access/access-limits';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import type { ActionResponse } from '@/lib/api/dto';
import { RestartAction } from '@/components/actions/restart-action';
import { ChangeAgentButton } from '@/components/change/change-agent-button';
import { tolerationForTaint } from '@/components/change/form-model';
import { PermissionNote } from '@/components/actions/permission-note';
import { Legend } from '@/components/cell-state/legend';
import { buildItems, filterItems, groupItems, reasonCounts, stateCounts } from '@/components/node-grid/grid-model';
import { GridToolbar } from '@/components/node-grid/grid-toolbar';
import { CanvasGrid } from '@/components/node-grid/canvas-grid';
import { NodeGrid } from '@/components/node-grid/node-grid';
import { labelKeys, labelPairsByUse } from '@/lib/nodes/labels';
import { gridViewPatch, readGridView, resolveDensity, type GridView } from '@/components/node-grid/view-state';
import { useUrlState } from '@/components/shell/use-url-state';
import { Panel } from '@/components/ui/panel';
import { ErrorNote, Loading } from '@/components/ui/query-status';
import { routes } from '@/lib/queries/href';
import { daemonSetQuery, permissionsQuery, stagedQuery } from '@/lib/queries/options';
import { useAppHref, useClusterContext } from '@/lib/queries/use-cluster-context';
import { LogSearch } from '@/components/logs/log-search';
import { MAX_NODES_PARAM_CHARS } from '@/lib/kube/logs/options';
import { ActionBanner, type ActionNotice } from './action-banner';
import { AgentHeader } from './agent-header';
import { CauseList } from './cause-list';
import { ExclusionList } from './exclusion-list';
import { RevisionHistory } from './revision-history';
import { RolloutPanel } from './rollout-panel';
import { StagedSection } from '@/components/staged/staged-section';
import { StagedMarksProvider } from '@/components/staged/staged-marks';

export function AgentView({ namespace, name }: { namespace: string; name: string }) {
  const { ctx } = useClusterContext();
  const detail = useQuery({ ...daemonSetQuery(ctx ?? '', namespace, name), enabled: !!ctx });
  const perms = useQuery({ ...permissionsQuery(ctx ?? '', namespace), enabled: !!ctx });
  const staged = useQuery({ ...stagedQuery(ctx ?? '', namespace, name), enabled: !!ctx });
  const href = useAppHref();
  const { params, update } = useUrlState();
  // Filtering 5,000 cells is deferred so typing in a filter never waits for the grid.
  const search = params.toString();
  const urlView = useMemo(() => readGridView(new URLSearchParams(search)), [search]);
  const view = useDeferredValue(urlView);
  const [notice, setNotice] = useState<ActionNotice | null>(null);

  const data = detail.data;
  const items = useMemo(() => (data ? buildItems(data.nodes, data.cells) : []), [data]);
  const counts = useMemo(() => stateCounts(items), [items]);
  const reasons = useMemo(() => reasonCounts(items), [items]);
  // A delta that only replaces cells keeps the node table (same object): its labels are not read again.
  const nodes = data?.nodes;
  const keys = useMemo(() => (nodes ? labelKeys(nodes) : []), [nodes]);
  const pairsByUse = useMemo(() => (nodes ? labelPairsByUse(nodes) : []), [nodes]);
  const filtered = useMemo(() => filterItems(items, view), [items, view]);
  const groups = useMemo(() => groupItems(filtered, view.group), [filtered, view.group]);
  const shownNodes = useMemo(() => filtered.map((i) => i.node), [filtered]);
  const hrefForAgent = useCallback((a: { namespace: string; name: string }) => href(routes.agent(a.namespace, a.name)), [href]);

  // Stable callbacks and memoised children: a filter change re-renders the toolbar and the grid,
  // not the rollout panel, exclusions and revision history beside them.
  const onChange = useCallback((patch: Partial<GridView>) => update(gridViewPatch(patch)), [update]);
  const onPickReason = useCallback((reason: string | undefined) => onChange({ reason }), [onChange]);
  const hrefForNode = useCallback((node: string) => href(routes.node(node)), [href]);
  const hrefForNodeLog = useCallback(
    (node: string, find: string, regex: boolean) => href(routes.node(node), { logs: `${namespace}/${name}`, find, regex: regex ? 'true' : undefined }),
    [href, namespace, name],
  );
  // The grid's filter, when it narrows the nodes and its names fit in a URL.
  const gridNodes = useMemo(() => {
    if (filtered.length === items.length) return undefined;
    const names = filtered.map((i) => i.node);
    return names.join(',').length <= MAX_NODES_PARAM_CHARS ? names : undefined;
  }, [filtered, items]);
  const onActionDone = useCallback((res: ActionResponse) => setNotice({ message: res.message, at: Date.now(), followRollout: true }), []);
  const changePermission = perms.data?.change;
  // "Add this toleration" beside a taint mismatch: the change dialog, prefilled
  const fixAction = useCallback(
    (taint: string) => {
      const toleration = tolerationForTaint(taint);
      if (!ctx || !toleration) return null;
      return (
        <ChangeAgentButton ctx={ctx} namespace={namespace} name={name} permission={changePermission} prefill={{ tolerations: [toleration] }} label="Add this toleration" icon={null} size="sm" testId={`add-toleration-${taint}`} onDone={onActionDone} />
      );
    },
    [ctx, namespace, name, changePermission, onActionDone],
  );
  // A staged rollout is OnDelete while it runs: its panel, not the banner, follows the progress.
  const onStagedDone = useCallback((res: ActionResponse) => setNotice({ message: res.message, at: Date.now(), followRollout: false }), []);

  if (detail.isError) return <ErrorNote error={detail.error} title={`Could not load ${namespace}/${name}`} />;
  if (!data || !ctx) return <Loading label={`Loading ${namespace}/${name}…`} />;
  const agent = data.agent;

  return (
    <div className="flex flex-col gap-4">
      <AgentHeader
        agent={agent}
        overviewHref={href(routes.overview())}
        actions={
          <>
            <PermissionNote permissions={perms.data} />
            <ChangeAgentButton ctx={ctx} namespace={agent.namespace} name={agent.name} permission={perms.data?.change} onDone={onActionDone} />
            <RestartAction ctx={ctx} agent={agent} permission={perms.data?.restart} onDone={onActionDone} />
          </>
        }
      />
      <AccessLimits limits={data.limits} />
      {notice && <ActionBanner notice={notice} rollout={data.rollout} onDismiss={() => setNotice(null)} />}
      <div className="grid grid-cols-[minmax(0,1fr)_340px] items-start gap-4 2xl:grid-cols-[minmax(0,1fr)_400px]">
        <Panel title="Node grid" bodyClassName="flex flex-col gap-3 p-3" testId="grid-panel">
          <GridToolbar
            view={urlView}
            onChange={onChange}
            counts={counts}
            reasons={reasons}
            labelPairsByUse={pairsByUse}
            groupKeys={keys}
            shown={filtered.length}
            total={items.length}
            changeNodes={{ ctx, names: shownNodes, permission: perms.data?.changeNode, hrefForAgent }}
          />
          {filtered.length === 0 ? (
            <p className="p-8 text-center text-sm text-muted">No node matches these filters.</p>
          ) : (
            // data-version: the snapshot version this commit paints (the bench times event → repaint by it).
            <div className="contents" data-testid="grid-data" data-version={data.version}>
              <StagedMarksProvider view={staged.data?.staged}>
                {resolveDensity(view.density, filtered.length) === 'compact' ? (
                  <CanvasGrid groups={groups} groupKey={view.group} hrefFor={hrefForNode} label={`Nodes for ${agent.name}`} />
                ) : (
                  <NodeGrid groups={groups} groupKey={view.group} hrefFor={hrefForNode} label={`Nodes for ${agent.name}`} />
                )}
              </StagedMarksProvider>
            </div>
          )}
          <div className="border-t border-zinc-100 pt-2.5 dark:border-zinc-800">
            <Legend />
          </div>
        </Panel>
        <aside className="flex flex-col gap-4">
          <CauseList items={items} activeReason={view.reason} onPick={onPickReason} />
          <StagedSection ctx={ctx} namespace={namespace} name={name} permission={perms.data?.restart} hrefForNode={hrefForNode} onDone={onStagedDone} />
          <RolloutPanel rollout={data.rollout} hrefForNode={hrefForNode} />
          <ExclusionList items={items} reasons={reasons} activeReason={view.reason} onPick={onPickReason} fixAction={fixAction} />
          <RevisionHistory ctx={ctx} agent={agent} revisions={data.revisions} permission={perms.data?.rollback} onDone={onActionDone} />
        </aside>
      </div>
      <LogSearch
        ctx={ctx}
        namespace={namespace}
        name={name}
        containers={data.containers ?? []}
        gridNodes={gridNodes}
        permission={perms.data?.logs}
        hrefForNodeLog={hrefForNodeLog}
      />
    </div>
  );
}
