import { describe, expect, it } from 'vitest';
import { exclusionsOf, problemsOf, rolloutPhase, summariseFleet, triageOrder } from './summarise';

const rollout = (over: Partial<{ done: boolean; stuck: boolean }>) => ({
  rollout: { done: true, stuck: false, percent: 100, statusText: '', currentRevision: 1, ...over },
});

describe('overview summaries', () => {
  it('lists problem states most urgent first and drops zeros', () => {
    expect(problemsOf({ states: { ready: 30, starting: 2, missing: 1, failing: 3, misscheduled: 0 } })).toEqual([
      { state: 'failing', count: 3 },
      { state: 'missing', count: 1 },
      { state: 'starting', count: 2 },
    ]);
  });

  it('orders exclusions by node count', () => {
    expect(exclusionsOf({ excludedByReason: { 'untolerated taint a=b:NoSchedule': 3, 'affinity: edge DoesNotExist': 2, 'node selector': 3 } })).toEqual([
      { reason: 'node selector', count: 3 },
      { reason: 'untolerated taint a=b:NoSchedule', count: 3 },
      { reason: 'affinity: edge DoesNotExist', count: 2 },
    ]);
  });

  it('calls a stuck rollout stuck even when not done', () => {
    expect(rolloutPhase(rollout({ done: false, stuck: true }))).toBe('stuck');
    expect(rolloutPhase(rollout({ done: false }))).toBe('progressing');
    expect(rolloutPhase(rollout({}))).toBe('done');
  });

  it('summarises the fleet from the compact node table', () => {
    const fleet = summariseFleet({
      nodes: { names: ['a', 'b', 'c'], ready: 'RNR', cordoned: '001', labelPairs: [], labels: [[], [], []] },
      agents: [
        { states: { ready: 2, failing: 1 }, ...rollout({}) },
        { states: { ready: 1, missing: 2 }, ...rollout({ done: false }) },
        { states: { ready: 3 }, ...rollout({ done: false, stuck: true }) },
      ] as never,
    });
    expect(fleet).toMatchObject({ nodes: 3, notReady: 1, cordoned: 1, agents: 3, agentsWithGaps: 2, gaps: 3, rolloutsProgressing: 1, rolloutsStuck: 1 });
    expect(fleet.gapsByState).toEqual({ failing: 1, missing: 2 });
  });

  it('triages agents with the most gaps first, then by name', () => {
    const a = (name: string, failing = 0) => ({ namespace: 'ns', name, states: { failing } });
    expect(triageOrder([a('b'), a('z', 1), a('a'), a('y', 4)]).map((x) => x.name)).toEqual(['y', 'z', 'a', 'b']);
  });
});
