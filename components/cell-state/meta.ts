import { CELL_STATES, STATE_CODE, type CellState } from '@/lib/api/dto';

export interface StateMeta {
  label: string;
  /** One line for the legend: what the state means to an operator. */
  meaning: string;
  /** CSS class with the state's colour and pattern (app/globals.css). */
  swatch: string;
  /** Text colour class for icons and labels. */
  text: string;
  /** The agent should run here and does not run well: counts toward "gaps". */
  gap: boolean;
}

export const STATE_META: Record<CellState, StateMeta> = {
  failing: { label: 'Failing', meaning: 'Pod exists, a container is stuck', swatch: 'cell-failing', text: 'state-text-failing', gap: true },
  missing: { label: 'Missing', meaning: 'Should run here, no pod', swatch: 'cell-missing', text: 'state-text-missing', gap: true },
  'node-unhealthy': { label: 'Node unhealthy', meaning: 'Node NotReady or unreachable', swatch: 'cell-node-unhealthy', text: 'state-text-node-unhealthy', gap: true },
  misscheduled: { label: 'Misscheduled', meaning: 'Pod runs where it should not', swatch: 'cell-misscheduled', text: 'state-text-misscheduled', gap: true },
  starting: { label: 'Starting', meaning: 'Pending or not yet ready', swatch: 'cell-starting', text: 'state-text-starting', gap: false },
  outdated: { label: 'Old revision', meaning: 'Ready, waiting to be updated', swatch: 'cell-outdated', text: 'state-text-outdated', gap: false },
  ready: { label: 'Ready', meaning: 'Ready on the current revision', swatch: 'cell-ready', text: 'state-text-ready', gap: false },
  ineligible: { label: 'Not eligible', meaning: 'Should not run here (see reason)', swatch: 'cell-ineligible', text: 'state-text-ineligible', gap: false },
};

/** Taint mismatch is an ineligible cell drawn differently, so it is listed in the legend too. */
export const TAINT_META = { label: 'Taint mismatch', meaning: 'Excluded by an untolerated taint', swatch: 'cell-taint', text: 'state-text-taint' };

const BY_CODE = new Map<string, CellState>(CELL_STATES.map((s) => [STATE_CODE[s], s]));

/** Decodes one grid character; unknown characters read as ineligible rather than crash the page. */
export function stateFromCode(code: string): CellState {
  return BY_CODE.get(code) ?? 'ineligible';
}

export function isCellState(value: string): value is CellState {
  return (CELL_STATES as readonly string[]).includes(value);
}

export const GAP_STATES = CELL_STATES.filter((s) => STATE_META[s].gap);
