import { CELL_STATES } from '@/lib/api/dto';
import { STATE_META } from '@/components/cell-state/meta';
import { Swatch } from '@/components/cell-state/swatch';
import type { GridGroup } from './grid-model';
import { stateCounts } from './grid-model';

export function GroupHeader({ group, groupKey }: { group: GridGroup; groupKey: string }) {
  const counts = stateCounts(group.items);
  return (
    <div role="row" data-testid="grid-group" data-group={group.value} className="flex h-full items-end gap-3 pb-1.5 text-xs">
      <span role="rowheader" className="font-semibold text-zinc-800 dark:text-zinc-200">
        {group.value ? (
          <>
            <span className="font-normal text-muted">{groupKey}=</span>
            {group.value}
          </>
        ) : (
          <span className="text-muted">no {groupKey} label</span>
        )}
      </span>
      <span className="text-muted tabular-nums">{group.items.length} {group.items.length === 1 ? 'node' : 'nodes'}</span>
      <span className="flex items-center gap-2.5">
        {CELL_STATES.filter((s) => counts[s]).map((s) => (
          <span key={s} className="inline-flex items-center gap-1 text-muted tabular-nums" title={STATE_META[s].label}>
            <Swatch swatch={STATE_META[s].swatch} className="size-2.5" />
            {counts[s]}
          </span>
        ))}
      </span>
    </div>
  );
}
