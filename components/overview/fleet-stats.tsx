import type { ReactNode } from 'react';
import { StateIcon } from '@/components/cell-state/state-icon';
import { STATE_META } from '@/components/cell-state/meta';
import type { CellState } from '@/lib/api/dto';
import type { FleetSummary } from './summarise';

function Stat({ label, value, children, testId }: { label: string; value: ReactNode; children?: ReactNode; testId: string }) {
  return (
    <div data-testid={testId} className="flex min-w-0 flex-col gap-1 px-5 py-3">
      <span className="text-[11px] font-medium tracking-wide text-muted uppercase">{label}</span>
      <span className="text-2xl font-semibold tabular-nums tracking-tight">{value}</span>
      <span className="flex min-h-4 flex-wrap gap-x-3 gap-y-0.5 text-xs text-muted">{children}</span>
    </div>
  );
}

export function FleetStats({ fleet }: { fleet: FleetSummary }) {
  return (
    <div className="grid grid-cols-4 divide-x divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900/60">
      <Stat testId="stat-nodes" label="Nodes" value={fleet.nodes}>
        <span className={fleet.notReady ? 'text-amber-700 dark:text-amber-400' : undefined}>{fleet.notReady} NotReady</span>
        <span>{fleet.cordoned} cordoned</span>
      </Stat>
      <Stat testId="stat-agents" label="Agents" value={fleet.agents}>
        <span>{fleet.agentsWithGaps === 0 ? 'all on every eligible node' : `${fleet.agentsWithGaps} with gaps`}</span>
      </Stat>
      <Stat testId="stat-gaps" label="Gaps (node × agent)" value={<span className={fleet.gaps ? 'text-red-600 dark:text-red-400' : undefined}>{fleet.gaps}</span>}>
        {(Object.entries(fleet.gapsByState) as [CellState, number][]).map(([state, n]) => (
          <span key={state} className="inline-flex items-center gap-1">
            <StateIcon state={state} className="size-3" />
            {n} {STATE_META[state].label.toLowerCase()}
          </span>
        ))}
        {fleet.gaps === 0 && <span>none</span>}
      </Stat>
      <Stat testId="stat-rollouts" label="Rollouts" value={fleet.rolloutsProgressing + fleet.rolloutsStuck}>
        <span>{fleet.rolloutsProgressing} progressing</span>
        <span className={fleet.rolloutsStuck ? 'text-red-600 dark:text-red-400' : undefined}>{fleet.rolloutsStuck} stuck</span>
      </Stat>
    </div>
  );
}
