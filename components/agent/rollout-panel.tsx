import Link from 'next/link';
import { memo, type ReactNode } from 'react';
import type { RolloutDetail } from '@/lib/api/dto';
import { Panel } from '@/components/ui/panel';
import { StackedBar } from '@/components/ui/stacked-bar';
import { Badge } from '@/components/ui/badge';
import { pacing } from '@/components/actions/describe';

function Meter({ label, value, total, className }: { label: string; value: number; total: number; className: string }) {
  return (
    <div className="flex flex-col gap-1">
      <div className="flex justify-between text-xs">
        <span className="text-muted">{label}</span>
        <span className="tabular-nums font-medium" data-testid={`rollout-${label.toLowerCase().replace(/ /g, '-')}`}>
          {value}/{total}
        </span>
      </div>
      <StackedBar total={total} label={`${label}: ${value} of ${total}`} segments={[{ value, className, label }]} />
    </div>
  );
}

/** Rollout state the way the controller sees it: progress, kubectl text, budget, and who blocks it. */
export const RolloutPanel = memo(function RolloutPanel({ rollout, actions, hrefForNode }: { rollout: RolloutDetail; actions?: ReactNode; hrefForNode: (n: string) => string }) {
  const { badNode, badPod } = rollout.blocking;
  const tone = rollout.stuck ? 'red' : rollout.done ? 'green' : 'blue';
  const phase = rollout.stuck ? 'Stuck' : rollout.done ? 'Complete' : `In progress · ${rollout.percent}%`;
  return (
    <Panel
      testId="rollout-panel"
      title={
        <span className="flex items-center gap-2">
          Rollout
          <Badge tone={tone}>
            <span data-testid="rollout-phase">{phase}</span>
          </Badge>
        </span>
      }
      actions={actions}
    >
      <div className="flex flex-col gap-3">
        <Meter label="Up to date" value={rollout.updated} total={rollout.desired} className="bg-indigo-500" />
        <Meter label="Available" value={rollout.available} total={rollout.desired} className="bg-green-500" />
        <pre data-testid="rollout-status" className="rounded-md bg-zinc-900 px-3 py-2 font-mono text-[11px] leading-relaxed whitespace-pre-wrap text-zinc-100 dark:bg-black">
          {rollout.statusText}
        </pre>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
          <dt className="text-muted">Strategy</dt>
          <dd>{rollout.strategy.type}</dd>
          <dt className="text-muted">Budget</dt>
          <dd>
            {rollout.strategy.type === 'OnDelete' ? (
              pacing(rollout.strategy)
            ) : (
              <>
                <span className={rollout.budget.unavailable > rollout.budget.maxUnavailable ? 'font-medium text-red-700 tabular-nums dark:text-red-400' : 'tabular-nums'}>
                  {rollout.budget.unavailable} unavailable
                </span>{' '}
                <span className="text-muted">
                  (maxUnavailable {rollout.budget.maxUnavailable}
                  {rollout.budget.maxSurge > 0 ? `, maxSurge ${rollout.budget.maxSurge}` : ''})
                </span>
              </>
            )}
          </dd>
          <dt className="text-muted">Revision</dt>
          <dd className="tabular-nums">{rollout.currentRevision}</dd>
        </dl>
        {(badNode.length > 0 || badPod.length > 0) && (
          <div className="flex flex-col gap-2 border-t border-zinc-200 pt-3 dark:border-zinc-800" data-testid="blocking">
            <h3 className="text-xs font-semibold">Blocking the rollout</h3>
            <BlockList title="Bad node" entries={badNode.map((b) => ({ node: b.node, text: b.reason }))} hrefForNode={hrefForNode} />
            <BlockList title="Bad pod" entries={badPod.map((b) => ({ node: b.node, text: b.reason.includes(b.pod) ? b.reason : `${b.pod}: ${b.reason}` }))} hrefForNode={hrefForNode} />
          </div>
        )}
      </div>
    </Panel>
  );
});

function BlockList({ title, entries, hrefForNode }: { title: string; entries: { node: string; text: string }[]; hrefForNode: (n: string) => string }) {
  if (!entries.length) return null;
  return (
    <div>
      <p className="text-[11px] font-medium tracking-wide text-muted uppercase">
        {title} ({entries.length})
      </p>
      <ul className="mt-1 flex flex-col gap-0.5 text-xs">
        {entries.slice(0, 8).map((e) => (
          <li key={`${e.node}:${e.text}`} className="truncate" title={e.text}>
            <Link href={hrefForNode(e.node)} className="font-mono text-indigo-700 hover:underline dark:text-indigo-300">
              {e.node}
            </Link>{' '}
            <span className="text-muted">{e.text}</span>
          </li>
        ))}
        {entries.length > 8 && <li className="text-faint">+{entries.length - 8} more</li>}
      </ul>
    </div>
  );
}
