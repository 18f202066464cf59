'use client';

import { CircleCheck } from 'lucide-react';
import type { AgentPreviewResponse } from '@/lib/api/dto';
import { roughDuration } from '@/lib/change/agent/summary';
import { DiffView } from '@/components/ui/diff-view';
import { PreviewGrid } from './preview-grid';

function Count({ n, label, testId }: { n: number; label: string; testId: string }) {
  return (
    <div className="rounded-md border border-zinc-200 px-3 py-1.5 dark:border-zinc-800" data-testid={testId}>
      <div className="text-lg font-semibold tabular-nums">{n}</div>
      <div className="text-[11px] text-muted">{label}</div>
    </div>
  );
}

/** The preview step: counts, the plan in words, the node overlay, reasons for losses, the dry run, the diff. */
export function ChangePreview({ preview, nodes }: { preview: AgentPreviewResponse; nodes: readonly string[] }) {
  const { counts, rollout } = preview;
  return (
    <div className="flex flex-col gap-3" data-testid="change-preview">
      <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100" data-testid="preview-summary">
        {preview.summary}
      </p>
      <div className="flex flex-wrap gap-2">
        <Count n={counts.gain} label="nodes gain the agent" testId="count-gain" />
        <Count n={counts.lose} label="nodes lose it" testId="count-lose" />
        <Count n={counts.replace} label="pods replaced" testId="count-replace" />
        <Count n={counts.unchanged} label="nodes unchanged" testId="count-unchanged" />
      </div>
      {rollout.type === 'RollingUpdate' && counts.replace > 0 && (
        <p className="text-xs text-muted" data-testid="preview-rollout">
          RollingUpdate: maxUnavailable {rollout.maxUnavailable}, maxSurge {rollout.maxSurge} (of {preview.settled.desired} desired) → {rollout.batch} at a time, {rollout.waves} wave{rollout.waves === 1 ? '' : 's'};{' '}
          {rollout.estimateMs === undefined ? 'no estimate (no readiness times from a previous rollout)' : `${roughDuration(rollout.estimateMs)} (paced by the last rollout, whose pods took ${roughDuration(rollout.podReadyMs ?? 0).replace('about ', '')} to turn Ready)`}
        </p>
      )}
      {rollout.invalid && <p className="text-xs text-red-700 dark:text-red-300">{rollout.invalid}</p>}
      <PreviewGrid nodes={nodes} gain={preview.gain} lose={preview.lose.map((l) => l.node)} replace={preview.replace} />
      {preview.gain.length > 0 && (
        <p className="text-xs" data-testid="gain-list">
          <span className="font-semibold">Gain: </span>
          <span className="font-mono">{preview.gain.join(', ')}</span>
        </p>
      )}
      {preview.lose.length > 0 && (
        <div className="text-xs" data-testid="lose-list">
          <p className="font-semibold">Lose (the controller deletes the pod):</p>
          <ul className="mt-1 list-disc pl-4">
            {preview.lose.slice(0, 50).map((l) => (
              <li key={l.node}>
                <span className="font-mono">{l.node}</span>: {l.reasons.map((r) => r.message).join('; ')}
              </li>
            ))}
            {preview.lose.length > 50 && <li>… and {preview.lose.length - 50} more</li>}
          </ul>
        </div>
      )}
      <p className="flex items-center gap-1.5 text-xs text-green-800 dark:text-green-300" data-testid="dry-run">
        <CircleCheck aria-hidden className="size-3.5" /> The API server accepts the change (server-side dry run as you).
      </p>
      {preview.diff ? <DiffView diff={preview.diff} className="max-h-64" /> : <p className="text-xs text-muted">The pod template does not change.</p>}
    </div>
  );
}
