import clsx from 'clsx';
import type { PodDTO } from '@/lib/api/dto';
import { Badge } from '@/components/ui/badge';
import { LocalTime } from '@/components/ui/local-time';

type Termination = { reason: string; exitCode: number; finishedAt?: string };

function termination(t: Termination | undefined) {
  if (!t) return undefined;
  return (
    <>
      last {t.reason} (exit {t.exitCode})
      {t.finishedAt && (
        <>
          {' '}
          <LocalTime iso={t.finishedAt} />
        </>
      )}
    </>
  );
}

/** A pod's containers: state, reason, restarts, last termination. */
export function PodDetails({ pod }: { pod: PodDTO }) {
  return (
    <div data-testid="pod" data-pod={pod.name} className="rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span className="font-mono font-medium">{pod.name}</span>
        <Badge tone={pod.ready ? 'green' : pod.waitingReason ? 'red' : 'amber'}>
          {pod.phase}
          {pod.ready ? ' · Ready' : ''}
        </Badge>
        <Badge tone={pod.revision === 'current' ? 'neutral' : 'violet'}>{pod.revision === 'current' ? 'current revision' : 'old revision'}</Badge>
        {pod.deletionTimestamp && <Badge tone="amber">terminating</Badge>}
        <span className="text-muted tabular-nums">{pod.restarts} restarts</span>
        <span className="ml-auto text-faint" title={pod.createdAt}>
          created <LocalTime iso={pod.createdAt} />
        </span>
      </div>
      {pod.waitingReason && (
        <p className="mt-1 text-xs text-red-700 dark:text-red-400" data-testid="waiting-reason">
          <span className="font-semibold">{pod.waitingReason}</span>
          {pod.waitingMessage ? `: ${pod.waitingMessage}` : ''}
        </p>
      )}
      <ul className="mt-1.5 flex flex-col gap-1 border-t border-zinc-100 pt-1.5 text-xs dark:border-zinc-800">
        {pod.containers.map((c) => (
          <li key={c.name} data-testid="container">
            <div className="flex flex-wrap items-baseline gap-x-3">
              <span className="font-mono text-zinc-700 dark:text-zinc-300">{c.name}</span>
              <span
                className={clsx(
                  c.state === 'running' && c.ready && 'text-green-700 dark:text-green-400',
                  c.state === 'waiting' && 'text-red-700 dark:text-red-400',
                  !(c.state === 'running' && c.ready) && c.state !== 'waiting' && 'text-muted',
                )}
              >
                {c.state}
                {c.reason ? ` (${c.reason})` : ''}
              </span>
              <span className="text-muted tabular-nums">{c.restartCount} restarts</span>
              {c.lastTermination && <span className="text-muted">{termination(c.lastTermination)}</span>}
              <span className="ml-auto max-w-80 truncate font-mono text-[11px] text-faint" title={c.image}>
                {c.image}
              </span>
            </div>
            {c.message && c.message !== pod.waitingMessage && <p className="text-muted">{c.message}</p>}
          </li>
        ))}
      </ul>
    </div>
  );
}
