'use client';

import { memo } from 'react';
import { ChevronRight } from 'lucide-react';
import type { ActionResponse, AgentSummary, Permission, RevisionDTO } from '@/lib/api/dto';
import { Badge } from '@/components/ui/badge';
import { Panel } from '@/components/ui/panel';
import { RollbackAction } from '@/components/actions/rollback-action';
import { Age } from '@/components/ui/local-time';
import { DiffView } from '@/components/ui/diff-view';

/** Revisions newest first; each opens to its template diff against the current one. */
export const RevisionHistory = memo(function RevisionHistory({
  ctx,
  agent,
  revisions,
  permission,
  onDone,
}: {
  ctx: string;
  agent: AgentSummary;
  revisions: RevisionDTO[];
  permission: Permission | undefined;
  onDone: (res: ActionResponse) => void;
}) {
  const sorted = [...revisions].sort((a, b) => b.revision - a.revision);
  return (
    <Panel title={`Revision history (${sorted.length})`} bodyClassName="p-0" testId="revisions">
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {sorted.map((r) => (
          <li key={r.name} data-testid="revision" data-revision={r.revision} className="px-4 py-2.5">
            <details className="group">
              <summary className="flex cursor-pointer list-none items-center gap-2 text-xs focus-visible:outline-2 focus-visible:outline-indigo-500">
                <ChevronRight aria-hidden className="size-3.5 text-faint transition-transform group-open:rotate-90" />
                <span className="font-semibold tabular-nums">#{r.revision}</span>
                <span className="font-mono text-muted">{r.hash}</span>
                {r.current && <Badge tone="green">current</Badge>}
                <span className="ml-auto text-faint">
                  <Age iso={r.createdAt} />
                </span>
              </summary>
              <div className="mt-2 flex flex-col gap-2 pl-5">
                {r.changeCause && <p className="text-xs text-muted">{r.changeCause}</p>}
                {r.current ? (
                  <p className="text-xs text-muted">This is the template pods run now.</p>
                ) : r.diff ? (
                  <DiffView diff={r.diff} className="max-h-72" />
                ) : (
                  <p className="text-xs text-muted">Same template as the current revision.</p>
                )}
              </div>
            </details>
            {!r.current && (
              <div className="mt-2 pl-5">
                <RollbackAction ctx={ctx} agent={agent} revision={r} permission={permission} onDone={onDone} />
              </div>
            )}
          </li>
        ))}
      </ul>
    </Panel>
  );
});
