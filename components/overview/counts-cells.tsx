import type { AgentSummary, Counts } from '@/lib/api/dto';

export const COUNT_COLUMNS: { key: keyof Counts; label: string }[] = [
  { key: 'desired', label: 'Desired' },
  { key: 'current', label: 'Current' },
  { key: 'ready', label: 'Ready' },
  { key: 'updated', label: 'Up-to-date' },
  { key: 'available', label: 'Available' },
];

/** The numbers `.status` reports (what kubectl shows); a dot marks where the engine computes otherwise. */
export function CountsCells({ agent }: { agent: AgentSummary }) {
  return (
    <>
      {COUNT_COLUMNS.map(({ key }) => {
        const reported = agent.status[key];
        const computed = agent.counts[key];
        const differs = reported !== computed;
        return (
          <td key={key} data-testid={`count-${key}`} className="px-1.5 py-2.5 text-right tabular-nums">
            <span title={differs ? `.status says ${reported}; Everynode computes ${computed} (the controller may not have caught up)` : undefined}>
              {reported}
              {differs && <sup className="ml-0.5 text-amber-600 dark:text-amber-400">•</sup>}
            </span>
          </td>
        );
      })}
    </>
  );
}
