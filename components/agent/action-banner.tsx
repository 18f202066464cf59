import { CircleCheck, LoaderCircle, X } from 'lucide-react';
import type { RolloutDetail } from '@/lib/api/dto';

export interface ActionNotice {
  message: string;
  at: number;
  /** Rollouts to follow (restart, rollback); a pod recreate only reports. */
  followRollout: boolean;
}

/** What the last action did, then the rollout it started, live until it completes. */
export function ActionBanner({ notice, rollout, onDismiss }: { notice: ActionNotice; rollout: RolloutDetail; onDismiss: () => void }) {
  const following = notice.followRollout;
  const finished = following && rollout.done;
  return (
    <div
      role="status"
      data-testid="action-banner"
      data-done={finished ? 'true' : 'false'}
      className="flex items-center gap-3 rounded-lg border border-indigo-200 bg-indigo-50 px-4 py-2.5 text-sm dark:border-indigo-900 dark:bg-indigo-950/40"
    >
      {following && !finished ? (
        <LoaderCircle aria-hidden className="size-4 animate-spin text-indigo-600 dark:text-indigo-400" />
      ) : (
        <CircleCheck aria-hidden className="size-4 text-green-600 dark:text-green-500" />
      )}
      <span className="font-medium">{notice.message}</span>
      {following && (
        <span className="text-indigo-900/80 tabular-nums dark:text-indigo-200/80">
          {finished
            ? `Rollout complete: ${rollout.updated}/${rollout.desired} up to date`
            : `Rolling out: ${rollout.updated}/${rollout.desired} up to date, ${rollout.available} available`}
        </span>
      )}
      <button type="button" onClick={onDismiss} aria-label="Dismiss" className="ml-auto rounded p-1 text-muted hover:bg-indigo-100 dark:hover:bg-indigo-900/50">
        <X aria-hidden className="size-3.5" />
      </button>
    </div>
  );
}
