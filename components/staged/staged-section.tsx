'use client';

import { useQuery } from '@tanstack/react-query';
import { CirclePause } from 'lucide-react';
import type { ActionResponse, Permission } from '@/lib/api/dto';
import { Badge } from '@/components/ui/badge';
import { Panel } from '@/components/ui/panel';
import { stagedQuery } from '@/lib/queries/options';
import { PlanSteps } from './plan-steps';
import { StagedControls } from './staged-controls';
import { StartStaged } from './start-staged';
import { stepLabel } from './staged-text';

const TONE = { running: 'blue', paused: 'amber', completed: 'green', aborted: 'red' } as const;

interface Props {
  ctx: string;
  namespace: string;
  name: string;
  /** patch daemonsets (the restart permission): starting and every control need it. */
  permission: Permission | undefined;
  hrefForNode: (n: string) => string;
  onDone: (res: ActionResponse) => void;
}

/**
 * The agent's staged rollout: the plan as steps with their nodes, state, gate timer and the
 * reason of a pause, with its controls; or, with no plan active, the entry point to start one.
 */
export function StagedSection({ ctx, namespace, name, permission, hrefForNode, onDone }: Props) {
  const q = useQuery(stagedQuery(ctx, namespace, name));
  const data = q.data;
  const view = data?.staged ?? null;
  const active = view?.phase === 'running' || view?.phase === 'paused';
  const start = <StartStaged ctx={ctx} namespace={namespace} name={name} template={data?.template} permission={permission} onDone={onDone} />;
  if (!data) return null;
  if (!view) return <div className="flex justify-end">{start}</div>;
  return (
    <Panel
      testId="staged-panel"
      title={
        <span className="flex items-center gap-2">
          Staged rollout
          <Badge tone={TONE[view.phase]}>
            <span data-testid="staged-phase">
              {view.phase} · {stepLabel(view.step, view.steps.length)}
            </span>
          </Badge>
        </span>
      }
      actions={active ? undefined : start}
    >
      <div className="flex flex-col gap-3 text-xs">
        {view.phase === 'paused' && view.reason && (
          <p role="status" data-testid="staged-reason" className="flex items-start gap-1.5 rounded-md bg-amber-50 px-2.5 py-2 text-amber-900 dark:bg-amber-950/50 dark:text-amber-200">
            <CirclePause aria-hidden className="mt-0.5 size-3.5 shrink-0" />
            <span>Paused: {view.reason}</span>
          </p>
        )}
        {view.phase !== 'paused' && (
          <p data-testid="staged-status" className="text-muted">
            {view.status}
          </p>
        )}
        <PlanSteps view={view} hrefForNode={hrefForNode} />
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
          <dt className="text-muted">Started</dt>
          <dd>
            by {view.startedBy}, {new Date(view.startedAt).toLocaleString()}
          </dd>
          <dt className="text-muted">Budget</dt>
          <dd>at most {view.maxUnavailable} unavailable (the DaemonSet&apos;s own maxUnavailable)</dd>
          <dt className="text-muted">Gates</dt>
          <dd>
            soak {view.plan.soakSeconds} s · pause after {view.plan.maxRestarts} restarts or not Ready in {view.plan.readyTimeoutSeconds} s{view.plan.autoAbort ? ' · auto-abort' : ''}
            {view.promoted ? ' · promoted (gates skipped)' : ''}
          </dd>
          {active && (
            <>
              <dt className="text-muted">Driver</dt>
              <dd className="break-all" data-testid="staged-driver">
                {data.lease ? `${data.lease.holder} (console service account)` : 'none holds the Lease yet: nothing moves until a console drives it'}
              </dd>
            </>
          )}
        </dl>
        {active && <StagedControls ctx={ctx} namespace={namespace} name={name} view={view} permission={permission} onDone={onDone} />}
      </div>
    </Panel>
  );
}
