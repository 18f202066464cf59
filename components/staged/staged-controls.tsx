'use client';

import { Ban, FastForward, Pause, Play } from 'lucide-react';
import type { ActionResponse, Permission, StagedViewDTO } from '@/lib/api/dto';
import { ActionButton } from '@/components/actions/action-button';
import { postAction } from '@/lib/queries/http';
import { apiPaths } from '@/lib/queries/paths';

interface Props {
  ctx: string;
  namespace: string;
  name: string;
  view: StagedViewDTO;
  /** patch daemonsets: what every control needs. */
  permission: Permission | undefined;
  onDone: (res: ActionResponse) => void;
}

/** Pause / Resume, Promote and Abort, each confirmed in words of what happens. */
export function StagedControls({ ctx, namespace, name, view, permission, onDone }: Props) {
  const run = (c: 'pause' | 'resume' | 'promote' | 'abort') => () => postAction(apiPaths.stagedControl(ctx, namespace, name, c));
  const common = { ctx, permission, onDone, size: 'sm' as const };
  return (
    <div className="flex flex-wrap gap-2">
      {view.phase === 'running' ? (
        <ActionButton
          {...common}
          testId="staged-pause"
          label="Pause"
          icon={<Pause aria-hidden className="size-3.5" />}
          title={`Pause the staged rollout of ${namespace}/${name}?`}
          summary="No more old pods are deleted until you resume; pods already replaced stay on the new template."
          confirmLabel="Pause"
          run={run('pause')}
        />
      ) : (
        <ActionButton
          {...common}
          testId="staged-resume"
          label="Resume"
          icon={<Play aria-hidden className="size-3.5" />}
          title={`Resume the staged rollout of ${namespace}/${name}?`}
          summary={`The plan goes on from the ${view.step === 0 ? 'canary' : `wave ${view.step}`}. Pods failing now count as seen: only more restarts pause it again.`}
          confirmLabel="Resume"
          run={run('resume')}
        />
      )}
      <ActionButton
        {...common}
        testId="staged-promote"
        label="Promote"
        icon={<FastForward aria-hidden className="size-3.5" />}
        title={`Promote the staged rollout of ${namespace}/${name}?`}
        summary={`Every remaining node gets the new template without waiting for gates, still at most ${view.maxUnavailable} unavailable at a time. A failing pod still pauses it.`}
        confirmLabel="Promote"
        run={run('promote')}
      />
      <ActionButton
        {...common}
        testId="staged-abort"
        label="Abort"
        danger
        variant="danger"
        icon={<Ban aria-hidden className="size-3.5" />}
        title={`Abort the staged rollout of ${namespace}/${name}?`}
        summary="The previous pod template and update strategy come back: the controller then replaces the pods already updated with old-revision ones. Pods not yet updated are left alone."
        confirmLabel="Abort"
        run={run('abort')}
      />
    </div>
  );
}
