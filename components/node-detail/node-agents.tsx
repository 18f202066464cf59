import Link from 'next/link';
import type { NodeAgentDTO, Permission } from '@/lib/api/dto';
import { StateBadge } from '@/components/cell-state/state-badge';
import { CauseNote } from '@/components/cell-state/cause-note';
import { Swatch } from '@/components/cell-state/swatch';
import { STATE_META, TAINT_META } from '@/components/cell-state/meta';
import { RecreateAction } from '@/components/actions/recreate-action';
import { ChangeAgentButton } from '@/components/change/change-agent-button';
import { nodeChangeQuery, withQuery } from '@/components/change/node-change-link';
import { LogsButton } from '@/components/logs/logs-button';
import { Panel } from '@/components/ui/panel';
import { PodDetails } from './pod-details';

/** Expected here: any state but ineligible (a pod left on an ineligible node shows as misscheduled). */
function runsHere(a: NodeAgentDTO) {
  return a.state !== 'ineligible' || a.pods.length > 0;
}

/** Agents that should run on this node, each with its pods and a Recreate action. */
export function ExpectedAgents({
  ctx,
  node,
  agents,
  permissionFor,
  logsPermissionFor,
  onOpenLogs,
  hrefForAgent,
}: {
  ctx: string;
  node: string;
  agents: NodeAgentDTO[];
  permissionFor: (namespace: string) => Permission | undefined;
  logsPermissionFor?: (namespace: string) => Permission | undefined;
  onOpenLogs?: (a: NodeAgentDTO) => void;
  hrefForAgent: (a: NodeAgentDTO) => string;
}) {
  const list = agents.filter(runsHere);
  return (
    <Panel title={`Should run here (${list.length})`} bodyClassName="flex flex-col divide-y divide-zinc-100 p-0 dark:divide-zinc-800" testId="expected-agents">
      {list.length === 0 && <p className="px-4 py-3 text-xs text-muted">No agent targets this node.</p>}
      {list.map((a) => {
        const pod = a.pods.find((p) => !p.deletionTimestamp) ?? a.pods[0];
        const permission = permissionFor(a.namespace);
        return (
          <div key={`${a.namespace}/${a.name}`} data-testid="node-agent" data-agent={`${a.namespace}/${a.name}`} data-state={a.state} className="flex flex-col gap-2 px-4 py-3">
            <div className="flex flex-wrap items-center gap-3">
              <Swatch swatch={STATE_META[a.state].swatch} />
              <Link href={hrefForAgent(a)} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                {a.name}
              </Link>
              <span className="text-xs text-muted">{a.namespace}</span>
              <StateBadge state={a.state} />
              <span className="ml-auto flex items-center gap-2">
                {pod && onOpenLogs && <LogsButton agent={a.name} permission={logsPermissionFor?.(a.namespace)} onOpen={() => onOpenLogs(a)} />}
                <RecreateAction
                  ctx={ctx}
                  node={node}
                  namespace={a.namespace}
                  name={a.name}
                  podName={pod?.name}
                  permission={pod ? permission : { allowed: false, reason: 'No pod on this node to recreate; the controller creates it when the node is eligible' }}
                />
              </span>
            </div>
            {/* pod reasons are shown with the pod itself, below */}
            {a.reasons.some((r) => r.kind !== 'pod' || a.pods.length === 0) && (
              <ul className="text-xs text-muted" data-testid="agent-reasons">
                {a.reasons
                  .filter((r) => r.kind !== 'pod' || a.pods.length === 0)
                  .map((r) => (
                    <li key={r.message}>{r.message}</li>
                  ))}
              </ul>
            )}
            {a.cause && <CauseNote cause={a.cause} testId="agent-cause" />}
            {a.pods.map((p) => (
              <PodDetails key={p.uid} pod={p} />
            ))}
          </div>
        );
      })}
    </Panel>
  );
}

/** Agents that should not run here, why, and the smallest change that would let them. */
export function ExcludedAgents({
  ctx,
  agents,
  hrefForAgent,
  nodeHref,
  changePermissionFor,
}: {
  ctx: string;
  agents: NodeAgentDTO[];
  hrefForAgent: (a: NodeAgentDTO) => string;
  /** This node's page (the node change dialog reads its query). */
  nodeHref: string;
  changePermissionFor: (namespace: string) => Permission | undefined;
}) {
  const list = agents.filter((a) => !runsHere(a));
  return (
    <Panel title={`Not eligible here (${list.length})`} bodyClassName="flex flex-col divide-y divide-zinc-100 p-0 dark:divide-zinc-800" testId="excluded-agents">
      {list.length === 0 && <p className="px-4 py-3 text-xs text-muted">Every agent targets this node.</p>}
      {list.map((a) => {
        const taint = a.reasons.some((r) => r.kind === 'taint');
        return (
          <div key={`${a.namespace}/${a.name}`} data-testid="node-agent" data-agent={`${a.namespace}/${a.name}`} data-state={a.state} className="px-4 py-2.5">
            <div className="flex flex-wrap items-center gap-3">
              <Swatch swatch={taint ? TAINT_META.swatch : STATE_META.ineligible.swatch} />
              <Link href={hrefForAgent(a)} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                {a.name}
              </Link>
              <span className="text-xs text-muted">{a.namespace}</span>
            </div>
            <ul className="mt-1 pl-6 text-xs text-zinc-700 dark:text-zinc-300" data-testid="agent-reasons">
              {a.reasons.map((r) => (
                <li key={r.message} className={taint && r.kind === 'taint' ? TAINT_META.text : undefined}>
                  {r.message}
                </li>
              ))}
            </ul>
            {a.fix && (
              <div className="mt-1.5 flex flex-wrap items-center gap-2 pl-6">
                {a.fix.tolerations.length > 0 && (
                  <ChangeAgentButton
                    ctx={ctx}
                    namespace={a.namespace}
                    name={a.name}
                    permission={changePermissionFor(a.namespace)}
                    prefill={{ tolerations: a.fix.tolerations }}
                    label={a.fix.tolerations.length === 1 ? 'Add this toleration' : 'Add these tolerations'}
                    icon={null}
                    size="sm"
                    testId={`add-toleration-${a.name}`}
                  />
                )}
                {Object.keys(a.fix.labels).length > 0 && (
                  <Link
                    href={withQuery(nodeHref, nodeChangeQuery({ labels: a.fix.labels }))}
                    data-testid={`add-label-${a.name}`}
                    className="text-xs text-indigo-700 hover:underline dark:text-indigo-300"
                  >
                    {Object.values(a.fix.labels).every((v) => v !== null) ? 'Add this node label' : 'Change this node’s labels'}
                  </Link>
                )}
              </div>
            )}
            {a.fixHint && (
              <details className="mt-1.5 pl-6">
                <summary className="cursor-pointer text-xs text-indigo-700 hover:underline dark:text-indigo-300">How to make it run here</summary>
                <pre data-testid="fix-hint" className="mt-1.5 overflow-auto rounded-md bg-zinc-900 px-3 py-2 font-mono text-[11px] leading-relaxed text-zinc-100 dark:bg-black">
                  {a.fixHint}
                </pre>
              </details>
            )}
          </div>
        );
      })}
    </Panel>
  );
}
