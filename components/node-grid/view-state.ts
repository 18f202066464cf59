import type { CellState } from '@/lib/api/dto';
import { isCellState } from '@/components/cell-state/meta';

export type Density = 'auto' | 'compact' | 'comfortable';

/** Everything about the grid view a link should reproduce. */
export interface GridView {
  states: CellState[];
  reason?: string;
  label?: string;
  name?: string;
  group?: string;
  density: Density;
}

type Params = { get(key: string): string | null };

export function readGridView(params: Params): GridView {
  const states = (params.get('state') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(isCellState);
  const density = params.get('density');
  return {
    states: [...new Set(states)],
    reason: params.get('reason') || undefined,
    label: params.get('label') || undefined,
    name: params.get('q') || undefined,
    group: params.get('group') || undefined,
    density: density === 'compact' || density === 'comfortable' ? density : 'auto',
  };
}

/** URL patch for a view (undefined removes the parameter), keeping defaults out of the URL. */
export function gridViewPatch(view: Partial<GridView>): Record<string, string | undefined> {
  const patch: Record<string, string | undefined> = {};
  if ('states' in view) patch.state = view.states?.length ? view.states.join(',') : undefined;
  if ('reason' in view) patch.reason = view.reason;
  if ('label' in view) patch.label = view.label;
  if ('name' in view) patch.q = view.name;
  if ('group' in view) patch.group = view.group;
  if ('density' in view) patch.density = view.density === 'auto' ? undefined : view.density;
  return patch;
}

export function toggleState(states: CellState[], state: CellState): CellState[] {
  return states.includes(state) ? states.filter((s) => s !== state) : [...states, state];
}

/** Tiles with names while they fit on a screen or two; squares beyond that. */
export const COMFORTABLE_MAX = 400;

export function resolveDensity(density: Density, count: number): 'compact' | 'comfortable' {
  if (density !== 'auto') return density;
  return count <= COMFORTABLE_MAX ? 'comfortable' : 'compact';
}
