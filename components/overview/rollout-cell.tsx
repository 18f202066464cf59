import { CircleCheck, CirclePause, Layers, LoaderCircle, OctagonAlert } from 'lucide-react';
import { stagedLine } from '@/components/staged/staged-text';
import type { AgentSummary } from '@/lib/api/dto';
import { rolloutPhase } from './summarise';

export function RolloutCell({ agent }: { agent: AgentSummary }) {
  const phase = rolloutPhase(agent);
  const { updated, available, desired } = agent.counts;
  const title = agent.rollout.statusText;
  // An active staged rollout says where it is and why it waits; a finished one falls through.
  if (agent.staged && (agent.staged.phase === 'running' || agent.staged.phase === 'paused')) {
    const paused = agent.staged.phase === 'paused';
    const line = stagedLine(agent.staged);
    return (
      <span title={line} data-testid="staged-cell" className={`inline-flex items-center gap-1 text-xs font-medium ${paused ? 'text-amber-800 dark:text-amber-300' : 'text-sky-700 dark:text-sky-400'}`}>
        {paused ? <CirclePause aria-hidden className="size-3.5 shrink-0" /> : <Layers aria-hidden className="size-3.5 shrink-0" />}
        <span className="line-clamp-2">{line}</span>
      </span>
    );
  }
  // OnDelete never rolls by itself: say how many pods still wait for a delete.
  if (agent.strategy.type === 'OnDelete' && updated < desired)
    return (
      <span title={title} className="inline-flex items-center gap-1 text-xs font-medium text-violet-700 dark:text-violet-300">
        <CirclePause aria-hidden className="size-3.5" /> Pending delete · {updated}/{desired} updated
      </span>
    );
  if (phase === 'done')
    return (
      <span title={title} className="inline-flex items-center gap-1 text-xs text-muted">
        <CircleCheck aria-hidden className="size-3.5 text-green-600 dark:text-green-500" /> Done · rev {agent.rollout.currentRevision}
      </span>
    );
  if (phase === 'stuck')
    return (
      <span title={title} className="inline-flex items-center gap-1 text-xs font-medium text-red-700 dark:text-red-400">
        <OctagonAlert aria-hidden className="size-3.5" /> Stuck · {available}/{desired} available
      </span>
    );
  return (
    <span title={title} className="inline-flex items-center gap-1 text-xs font-medium text-sky-700 dark:text-sky-400">
      <LoaderCircle aria-hidden className="size-3.5 animate-spin" />
      Progressing · {agent.rollout.percent}%
    </span>
  );
}
