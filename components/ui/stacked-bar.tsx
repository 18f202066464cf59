import clsx from 'clsx';

export interface BarSegment {
  value: number;
  className: string;
  label: string;
}

/**
 * Nested progress: each segment is drawn from 0 to its value over `total`, later ones on top,
 * so "eligible → scheduled → ready → up to date" reads as one bar.
 */
export function StackedBar({ total, segments, className, label }: { total: number; segments: BarSegment[]; className?: string; label: string }) {
  const pct = (v: number) => (total > 0 ? Math.min(100, (v / total) * 100) : 0);
  return (
    <div
      role="img"
      aria-label={label}
      title={label}
      className={clsx('relative h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800', className)}
    >
      {segments.map((s) => (
        <div key={s.label} className={clsx('absolute inset-y-0 left-0 rounded-full', s.className)} style={{ width: `${pct(s.value)}%` }} />
      ))}
    </div>
  );
}
