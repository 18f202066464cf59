import { CircleCheck, CirclePause, LoaderCircle, OctagonAlert } from 'lucide-react';
import type { AgentSummary } from '@/lib/api/dto';
import { rolloutPhase } from './summarise';

export function RolloutCell({ agent }: { agent: AgentSummary }) {
  const phase = rolloutPhase(agent);
  const title = agent.rollout.statusText;
  if (phase === 'done')
    return (
      <span title={title} className="inline-flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        <CircleCheck aria-hidden className="size-3.5 text-green-600 dark:text-green-500" /> Done · rev {agent.rollout.currentRevision}
      </span>
    );
  if (phase === 'stuck')
    return (
      <span title={title} className="inline-flex items-center gap-1 text-xs font-medium text-red-700 dark:text-red-400">
        <OctagonAlert aria-hidden className="size-3.5" /> Stuck at {agent.rollout.percent}%
      </span>
    );
  const Icon = agent.strategy.type === 'OnDelete' ? CirclePause : LoaderCircle;
  return (
    <span title={title} className="inline-flex items-center gap-1 text-xs font-medium text-sky-700 dark:text-sky-400">
      <Icon aria-hidden className={agent.strategy.type === 'OnDelete' ? 'size-3.5' : 'size-3.5 animate-spin'} />
      {agent.strategy.type === 'OnDelete' ? 'Pending (OnDelete)' : 'Progressing'} {agent.rollout.percent}%
    </span>
  );
}
