'use client';

import { RotateCw } from 'lucide-react';
import { postAction } from '@/lib/queries/http';
import { apiPaths } from '@/lib/queries/paths';
import { ActionButton, type AgentActionProps } from './action-button';
import { restartSummary } from './describe';

export function RestartAction({ ctx, agent, permission, onDone }: AgentActionProps) {
  return (
    <ActionButton
      ctx={ctx}
      permission={permission}
      testId="restart"
      label="Restart"
      icon={<RotateCw aria-hidden className="size-3.5" />}
      title={`Restart ${agent.namespace}/${agent.name}?`}
      summary={restartSummary(agent)}
      details={<p>Same as <code className="font-mono text-xs">kubectl rollout restart daemonset/{agent.name} -n {agent.namespace}</code>.</p>}
      confirmLabel="Restart"
      run={() => postAction(apiPaths.restart(ctx, agent.namespace, agent.name))}
      onDone={onDone}
    />
  );
}
