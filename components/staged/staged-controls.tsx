'use client';

import type { ReactNode } from 'react';
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

type Control = 'pause' | 'resume' | 'promote' | 'abort';

interface ControlSpec {
  control: Control;
  label: string;
  icon: ReactNode;
  /** What happens, in words, for the confirmation. */
  summary: string;
  danger?: boolean;
}

/** The controls a plan in this phase offers: Pause while running, Resume while paused; Promote and Abort always. */
function controlsFor(view: StagedViewDTO): ControlSpec[] {
  const hold: ControlSpec =
    view.phase === 'running'
      ? { control: 'pause', label: 'Pause', icon: <Pause aria-hidden className="size-3.5" />, summary: 'No more old pods are deleted until you resume; pods already replaced stay on the new template.' }
      : {
          control: 'resume',
          label: 'Resume',
          icon: <Play aria-hidden className="size-3.5" />,
          summary: `The plan goes on from the ${view.step === 0 ? 'canary' : `wave ${view.step}`}. Pods failing now count as seen: only more restarts pause it again.`,
        };
  return [
    hold,
    {
      control: 'promote',
      label: 'Promote',
      icon: <FastForward aria-hidden className="size-3.5" />,
      summary: `Every remaining node gets the new template without waiting for gates, still at most ${view.maxUnavailable} unavailable at a time. A failing pod still pauses it.`,
    },
    {
      control: 'abort',
      label: 'Abort',
      icon: <Ban aria-hidden className="size-3.5" />,
      danger: true,
      summary: 'The previous pod template and update strategy come back: the controller then replaces the pods already updated with old-revision ones. Pods not yet updated are left alone.',
    },
  ];
}

/** Pause / Resume, Promote and Abort, each confirmed in words of what happens. */
export function StagedControls({ ctx, namespace, name, view, permission, onDone }: Props) {
  return (
    <div className="flex flex-wrap gap-2">
      {controlsFor(view).map((c) => (
        <ActionButton
          key={c.control}
          ctx={ctx}
          permission={permission}
          onDone={onDone}
          size="sm"
          testId={`staged-${c.control}`}
          label={c.label}
          icon={c.icon}
          danger={c.danger}
          variant={c.danger ? 'danger' : undefined}
          title={`${c.label} the staged rollout of ${namespace}/${name}?`}
          summary={c.summary}
          confirmLabel={c.label}
          run={() => postAction(apiPaths.stagedControl(ctx, namespace, name, c.control))}
        />
      ))}
    </div>
  );
}
