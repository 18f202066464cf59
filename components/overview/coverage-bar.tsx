import type { Counts } from '@/lib/api/dto';
import { StackedBar } from '@/components/ui/stacked-bar';

/** Eligible → scheduled → ready → up to date, as one nested bar. */
export function CoverageBar({ counts }: { counts: Counts }) {
  const { desired, current, ready, updated } = counts;
  const label = `${desired} eligible, ${current} scheduled, ${ready} ready, ${updated} up to date`;
  return (
    <div className="flex w-28 2xl:w-44 flex-col gap-1">
      <StackedBar
        total={desired}
        label={label}
        segments={[
          { value: current, className: 'bg-sky-300 dark:bg-sky-800', label: 'scheduled' },
          { value: ready, className: 'bg-green-400 dark:bg-green-700', label: 'ready' },
          { value: Math.min(updated, ready), className: 'bg-green-600 dark:bg-green-500', label: 'up to date' },
        ]}
      />
      <span className="text-[11px] whitespace-nowrap text-muted tabular-nums">
        {ready}/{desired} ready{updated < desired ? ` · ${updated} updated` : ''}
      </span>
    </div>
  );
}
