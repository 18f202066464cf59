'use client';

import { Undo2 } from 'lucide-react';
import type { RevisionDTO } from '@/lib/api/dto';
import { postAction } from '@/lib/queries/http';
import { apiPaths } from '@/lib/queries/paths';
import { ActionButton, type AgentActionProps } from './action-button';
import { rollbackSummary } from './describe';
import { DiffView } from '@/components/ui/diff-view';

export function RollbackAction({
  ctx,
  agent,
  revision,
  permission,
  onDone,
}: AgentActionProps & { revision: RevisionDTO }) {
  return (
    <ActionButton
      ctx={ctx}
      permission={permission}
      testId={`rollback-${revision.revision}`}
      size="sm"
      label="Rollback to this revision"
      icon={<Undo2 aria-hidden className="size-3.5" />}
      title={`Roll back ${agent.namespace}/${agent.name} to revision ${revision.revision}?`}
      summary={rollbackSummary(agent, revision.revision)}
      details={
        revision.diff ? (
          <div>
            <p className="mb-1.5 text-xs">Template change (current → revision {revision.revision}):</p>
            <DiffView diff={revision.diff} className="max-h-64" />
          </div>
        ) : undefined
      }
      confirmLabel={`Roll back to ${revision.revision}`}
      run={() => postAction(apiPaths.rollback(ctx, agent.namespace, agent.name), { toRevision: revision.revision })}
      onDone={onDone}
    />
  );
}
