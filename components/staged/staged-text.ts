import type { StagedSummaryDTO } from '@/lib/api/dto';

/** "canary" or "wave 2/4" (waves counted without the canary). */
export function stepLabel(step: number, steps: number): string {
  return step === 0 ? 'canary' : `wave ${step}/${Math.max(1, steps - 1)}`;
}

/** The overview's rollout column: "Staged · wave 2/4 · paused: pod X on node Y restarted 3 times". */
export function stagedLine(s: StagedSummaryDTO): string {
  const where = stepLabel(s.step, s.steps);
  switch (s.phase) {
    case 'running':
      return `Staged · ${where}`;
    case 'paused':
      return `Staged · ${where} · paused${s.reason ? `: ${s.reason}` : ''}`;
    case 'completed':
      return 'Staged · completed';
    case 'aborted':
      return `Staged · aborted at ${where}${s.reason ? `: ${s.reason}` : ''}`;
  }
}

/** "1:05" from milliseconds (gate timers). */
export function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
