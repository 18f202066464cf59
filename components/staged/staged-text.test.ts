import { describe, expect, it } from 'vitest';
import { clock, stagedLine, stepLabel } from './staged-text';

describe('staged rollout words', () => {
  it('names the step: canary, then waves counted without the canary', () => {
    expect(stepLabel(0, 4)).toBe('canary');
    expect(stepLabel(2, 5)).toBe('wave 2/4');
  });

  it('says why a plan is paused in the overview line', () => {
    expect(stagedLine({ phase: 'paused', step: 2, steps: 5, reason: 'pod agent-x on node n-3 restarted 3 times' })).toBe(
      'Staged · wave 2/4 · paused: pod agent-x on node n-3 restarted 3 times',
    );
    expect(stagedLine({ phase: 'running', step: 0, steps: 3 })).toBe('Staged · canary');
    expect(stagedLine({ phase: 'aborted', step: 1, steps: 3, reason: 'aborted by alice' })).toBe('Staged · aborted at wave 1/2: aborted by alice');
  });

  it('shows gate timers as m:ss, rounding up', () => {
    expect(clock(65_000)).toBe('1:05');
    expect(clock(100)).toBe('0:01');
    expect(clock(-5)).toBe('0:00');
  });
});
