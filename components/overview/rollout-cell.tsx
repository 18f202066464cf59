import { CircleCheck, CirclePause, LoaderCircle, OctagonAlert } from 'lucide-react';
import type { AgentSummary } from '@/lib/api/dto';
import { rolloutPhase } from './summarise';

export function RolloutCell({ agent }: { agent: AgentSummary }) {
  const phase = rolloutPhase(agent);
  const { updated, available, desired } = agent.counts;
  const title = agent.rollout.statusText;
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
