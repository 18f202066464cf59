'use client';

import { AccessLimits } from '@/components/access/access-limits';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Ban, CircleCheck, Unplug } from 'lucide-react';
import { useCallback, useMemo } from 'react';
import { PermissionNote } from '@/components/actions/permission-note';
import { ChangeNodesButton } from '@/components/node-change/change-node-button';
import { Badge } from '@/components/ui/badge';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { ErrorNote, Loading } from '@/components/ui/query-status';
import { routes } from '@/lib/queries/href';
import { nodeQuery, permissionsQuery } from '@/lib/queries/options';
import { useAppHref, useClusterContext } from '@/lib/queries/use-cluster-context';
import { rolesOf } from '@/lib/nodes/labels';
import { EventsPanel } from './events-panel';
import { CapacityPanel, ConditionsPanel, LabelsPanel, TaintsPanel } from './node-facts';
import { ExcludedAgents, ExpectedAgents } from './node-agents';
import { LogViewer } from '@/components/logs/log-viewer';
import { useUrlState } from '@/components/shell/use-url-state';

export function NodeView({ name }: { name: string }) {
  const { ctx } = useClusterContext();
  const detail = useQuery({ ...nodeQuery(ctx ?? '', name), enabled: !!ctx });
  const href = useAppHref();
  const namespaces = useMemo(() => [...new Set(detail.data?.agents.map((a) => a.namespace) ?? [])].sort(), [detail.data]);
  const perms = useQueries({
    queries: namespaces.map((ns) => ({ ...permissionsQuery(ctx ?? '', ns), enabled: !!ctx })),
    combine: (results) => results.map((r) => r.data),
  });
  const permissionFor = (ns: string) => perms[namespaces.indexOf(ns)]?.recreate;
  const changePermissionFor = (ns: string) => perms[namespaces.indexOf(ns)]?.change;
  // patch nodes is cluster-wide: any namespace's answer says it
  const nodePermission = useQuery({ ...permissionsQuery(ctx ?? '', namespaces[0] ?? 'default'), enabled: !!ctx && !!detail.data }).data?.changeNode;
  const logsPermissionFor = (ns: string) => perms[namespaces.indexOf(ns)]?.logs;
  // ?logs=ns/name opens that agent's log here (&find= from a log search: at the match).
  const { params, update } = useUrlState();
  const openLogs = params.get('logs') ?? undefined;
  const hrefForAgent = useCallback((a: { namespace: string; name: string }) => href(routes.agent(a.namespace, a.name)), [href]);

  if (detail.isError) return <ErrorNote error={detail.error} title={`Could not load node ${name}`} />;
  if (!detail.data || !ctx) return <Loading label={`Loading node ${name}…`} />;
  const { node, agents, events } = detail.data;
  const roles = rolesOf(new Map(Object.entries(node.labels)));
  const logsAgent = openLogs ? agents.find((a) => `${a.namespace}/${a.name}` === openLogs) : undefined;
  const logsPod = logsAgent ? (logsAgent.pods.find((p) => !p.deletionTimestamp) ?? logsAgent.pods[0]) : undefined;

  return (
    <div className="flex flex-col gap-4">
      <PageHeader title={node.name} titleTestId="node-title" mono breadcrumb={{ href: href(routes.nodes()), label: 'Nodes' }} actions={
          <>
            <ChangeNodesButton
              label="Change node…"
              ctx={ctx}
              nodes={[node.name]}
              existingTaints={node.taints}
              permission={nodePermission}
              hrefForAgent={hrefForAgent}
              fromUrl
            />
            <PermissionNote permissions={perms[0]} />
          </>
        }
      >
        {node.ready ? (
          <Badge tone="green">
            <CircleCheck aria-hidden className="size-3" /> Ready
          </Badge>
        ) : (
          <Badge tone="red">
            <Unplug aria-hidden className="size-3" /> NotReady
          </Badge>
        )}
        {node.unschedulable && (
          <Badge tone="amber">
            <Ban aria-hidden className="size-3" /> Cordoned (unschedulable)
          </Badge>
        )}
        {roles.map((r) => (
          <Badge key={r} tone="blue">
            {r}
          </Badge>
        ))}
        {node.kubeletVersion && <span>kubelet {node.kubeletVersion} ·</span>}
        {node.createdAt && (
          <span>
            created <LocalTime iso={node.createdAt} date />
          </span>
        )}
      </PageHeader>
      <AccessLimits limits={detail.data.limits} />
      <div className="grid grid-cols-[minmax(0,1fr)_380px] items-start gap-4 2xl:grid-cols-[minmax(0,1fr)_440px]">
        <div className="flex min-w-0 flex-col gap-4">
          {logsAgent && logsPod && (
            <LogViewer
              key={openLogs}
              ctx={ctx}
              node={node.name}
              namespace={logsAgent.namespace}
              name={logsAgent.name}
              containers={logsPod.containers.map((c) => c.name)}
              restarts={logsPod.restarts}
              initialFind={params.get('find') ?? undefined}
              initialRegex={params.get('regex') === 'true'}
              onClose={() => update({ logs: undefined, find: undefined, regex: undefined })}
            />
          )}
          <ExpectedAgents
            ctx={ctx}
            node={node.name}
            agents={agents}
            permissionFor={permissionFor}
            logsPermissionFor={logsPermissionFor}
            onOpenLogs={(a) => update({ logs: `${a.namespace}/${a.name}`, find: undefined, regex: undefined })}
            hrefForAgent={hrefForAgent}
          />
          <ExcludedAgents ctx={ctx} agents={agents} hrefForAgent={hrefForAgent} nodeHref={href(routes.node(node.name))} changePermissionFor={changePermissionFor} />
          <EventsPanel events={events} />
        </div>
        <aside className="flex flex-col gap-4">
          <TaintsPanel node={node} />
          <ConditionsPanel node={node} />
          <LabelsPanel node={node} />
          <CapacityPanel node={node} />
        </aside>
      </div>
    </div>
  );
}
