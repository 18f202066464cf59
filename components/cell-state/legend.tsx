import { CELL_STATES, type CellState } from '@/lib/api/dto';
import { STATE_META, TAINT_META } from './meta';
import { StateIcon } from './state-icon';
import { Swatch } from './swatch';

/** Legend of cell looks: swatch (colour + pattern), icon and meaning. */
export function Legend({ counts, showTaint = true }: { counts?: Partial<Record<CellState, number>>; showTaint?: boolean }) {
  return (
    <ul aria-label="Legend" data-testid="legend" className="flex flex-wrap items-center gap-x-4 gap-y-1.5 text-xs text-muted">
      {CELL_STATES.map((state) => (
        <li key={state} className="flex items-center gap-1.5" title={STATE_META[state].meaning}>
          <Swatch swatch={STATE_META[state].swatch} />
          <StateIcon state={state} className="size-3" />
          <span>{STATE_META[state].label}</span>
          {counts && <span className="tabular-nums text-faint">{counts[state] ?? 0}</span>}
        </li>
      ))}
      {showTaint && (
        <li className="flex items-center gap-1.5" title={TAINT_META.meaning}>
          <Swatch swatch={TAINT_META.swatch} />
          <span>{TAINT_META.label}</span>
        </li>
      )}
    </ul>
  );
}
