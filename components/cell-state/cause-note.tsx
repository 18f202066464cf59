import type { CauseDTO } from '@/lib/api/dto';
import { LocalTime } from '@/components/ui/local-time';

type CauseFacts = Pick<CauseDTO, 'source' | 'label' | 'message' | 'count' | 'lastSeen' | 'object' | 'backoff'> & { hint?: string };

/** Who said no, in words an operator knows. */
export const SOURCE_TEXT: Record<CauseDTO['source'], string> = {
  'api-server': 'API server refused the pod (reported by the DaemonSet controller)',
  controller: 'DaemonSet controller could not create the pod',
  scheduler: 'scheduler could not place the pod',
  kubelet: 'kubelet on the node refused the pod',
};

/** "the controller's last 7 create attempts for this agent failed · last 13:02:11 · …" or "Pod/x FailedScheduling ×3 · last …" */
export function CauseMeta({ cause }: { cause: CauseFacts }) {
  const creation = cause.object.endsWith(' FailedCreate');
  return (
    <span className="text-muted">
      {creation ? `the controller's last ${cause.count} create attempt${cause.count === 1 ? '' : 's'} for this agent failed (${cause.object})` : `${cause.object} ×${cause.count}`}
      {cause.lastSeen && (
        <>
          {' '}
          · last <LocalTime iso={cause.lastSeen} />
        </>
      )}
      {cause.backoff && ' · the controller retries with growing backoff'}
    </span>
  );
}

/**
 * A cell's cause: the short label, who refused (source), how often and when, the message in the
 * object's own words and, when known, what to change. `compact` (the grid's hover card) clamps
 * the message and leaves out the hint.
 */
export function CauseNote({ cause, compact = false, testId = 'cause' }: { cause: CauseFacts; compact?: boolean; testId?: string }) {
  return (
    <div
      data-testid={testId}
      data-source={cause.source}
      className="rounded-md border border-amber-200 bg-amber-50 px-2.5 py-1.5 text-xs dark:border-amber-500/30 dark:bg-amber-500/10"
    >
      <p>
        <span className="font-semibold text-amber-900 dark:text-amber-200">{cause.label}</span>
        <span className="text-zinc-700 dark:text-zinc-300"> — {SOURCE_TEXT[cause.source]}</span>
      </p>
      <p className={compact ? 'mt-1 line-clamp-3 font-mono text-[11px] break-words text-zinc-800 dark:text-zinc-200' : 'mt-1 font-mono text-[11px] break-words text-zinc-800 dark:text-zinc-200'}>
        {cause.message}
      </p>
      <p className="mt-1 text-[11px]">
        <CauseMeta cause={cause} />
      </p>
      {!compact && cause.hint && (
        <p data-testid="cause-hint" className="mt-1 text-zinc-700 dark:text-zinc-300">
          <span className="font-medium">Fix: </span>
          {cause.hint}
        </p>
      )}
    </div>
  );
}
