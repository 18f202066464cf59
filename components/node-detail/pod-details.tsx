import clsx from 'clsx';
import type { PodDTO } from '@/lib/api/dto';
import { Badge } from '@/components/ui/badge';

function termination(t: { reason: string; exitCode: number; finishedAt?: string } | undefined) {
  return t ? `${t.reason} (exit ${t.exitCode})${t.finishedAt ? ` at ${new Date(t.finishedAt).toLocaleString()}` : ''}` : undefined;
}

/** A pod's containers: state, reason, restarts, last termination. */
export function PodDetails({ pod }: { pod: PodDTO }) {
  return (
    <div data-testid="pod" data-pod={pod.name} className="rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span className="font-mono font-medium">{pod.name}</span>
        <Badge tone={pod.ready ? 'green' : pod.waitingReason ? 'red' : 'amber'}>{pod.phase}{pod.ready ? ' · Ready' : ''}</Badge>
        <Badge tone={pod.revision === 'current' ? 'neutral' : 'violet'}>{pod.revision === 'current' ? 'current revision' : 'old revision'}</Badge>
        {pod.deletionTimestamp && <Badge tone="amber">terminating</Badge>}
        <span className="text-zinc-500 tabular-nums">{pod.restarts} restarts</span>
      </div>
      {pod.waitingReason && (
        <p className="mt-1 text-xs text-red-700 dark:text-red-400" data-testid="waiting-reason">
          <span className="font-semibold">{pod.waitingReason}</span>
          {pod.waitingMessage ? `: ${pod.waitingMessage}` : ''}
        </p>
      )}
      <table className="mt-1.5 w-full text-xs">
        <tbody>
          {pod.containers.map((c) => (
            <tr key={c.name} className="align-top">
              <td className="py-0.5 pr-3 font-mono text-zinc-700 dark:text-zinc-300">{c.name}</td>
              <td className="py-0.5 pr-3">
                <span className={clsx(c.state === 'running' && c.ready ? 'text-green-700 dark:text-green-400' : c.state === 'waiting' ? 'text-red-700 dark:text-red-400' : 'text-zinc-600')}>
                  {c.state}
                  {c.reason ? ` (${c.reason})` : ''}
                </span>
                {c.message && <span className="block text-zinc-500">{c.message}</span>}
              </td>
              <td className="py-0.5 pr-3 text-zinc-500 tabular-nums">{c.restartCount} restarts</td>
              <td className="py-0.5 text-zinc-500">{termination(c.lastTermination) && `last: ${termination(c.lastTermination)}`}</td>
              <td className="max-w-64 truncate py-0.5 pl-3 text-right font-mono text-[11px] text-zinc-400" title={c.image}>
                {c.image}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
