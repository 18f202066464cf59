import { describe, expect, it } from 'vitest';
import { CELL_STATES, STATE_CODE } from '@/lib/api/dto';
import { GAP_STATES, STATE_META, stateFromCode } from './meta';

describe('cell state meta', () => {
  it('round-trips every state through its grid code', () => {
    for (const state of CELL_STATES) expect(stateFromCode(STATE_CODE[state])).toBe(state);
  });

  it('reads an unknown code as ineligible', () => {
    expect(stateFromCode('?')).toBe('ineligible');
  });

  it('gives every state its own pattern class', () => {
    const swatches = new Set(CELL_STATES.map((s) => STATE_META[s].swatch));
    expect(swatches.size).toBe(CELL_STATES.length);
  });

  it('counts failing, missing, node-unhealthy and misscheduled as gaps', () => {
    expect(GAP_STATES).toEqual(['failing', 'missing', 'node-unhealthy', 'misscheduled']);
  });
});
