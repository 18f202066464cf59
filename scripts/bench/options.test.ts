import { describe, expect, it } from 'vitest';
import { needsCluster, parseOptions } from './options';

describe('parseOptions', () => {
  it('defaults to the full run the issue asks for', () => {
    const o = parseOptions([]);
    expect(o).toMatchObject({ quick: false, nodes: 1000, agents: 10, soakMinutes: 10, soakClients: 100, manyClients: 50, viewerCounts: [1, 10, 50], clusterName: 'everynode-bench', keepCluster: false });
    expect(o.engineSizes).toEqual([
      [1000, 20],
      [5000, 20],
    ]);
    expect(o.sections).toEqual(['engine', 'node-preview', 'server', 'peers', 'ui', 'soak', 'preview', 'events', 'staged', 'viewers', 'logs']);
  });

  it('--quick shrinks sizes and the soak; explicit flags still win', () => {
    expect(parseOptions(['--quick'])).toMatchObject({ quick: true, nodes: 200, soakMinutes: 1 });
    expect(parseOptions(['--quick', '--soak-minutes', '3', '--nodes', '500'])).toMatchObject({ soakMinutes: 3, nodes: 500 });
    expect(parseOptions(['--quick']).viewerCounts).toEqual([1, 10]);
    expect(parseOptions(['--quick', '--viewer-counts', '1,50']).viewerCounts).toEqual([1, 50]);
    expect(parseOptions([]).viewerDesigns).toEqual(['deltas', 'refetch']);
    expect(parseOptions(['--viewer-designs', 'deltas']).viewerDesigns).toEqual(['deltas']);
  });

  it('keeps sections in run order whatever order --only names them', () => {
    expect(parseOptions(['--only', 'soak,engine']).sections).toEqual(['engine', 'soak']);
    expect(needsCluster(parseOptions(['--only', 'engine']))).toBe(false);
    expect(needsCluster(parseOptions(['--only', 'engine,ui']))).toBe(true);
  });

  it('rejects what would make a run unbounded, unsafe or meaningless, naming the flag', () => {
    expect(() => parseOptions(['--soak-minutes', '999'])).toThrow(/--soak-minutes must be an integer from 0 to 120/);
    expect(() => parseOptions(['--nodes', '1e3'])).toThrow(/--nodes/);
    expect(() => parseOptions(['--soak-minutes'])).toThrow(/needs a value/);
    expect(() => parseOptions(['--only', 'engine,gpu'])).toThrow(/unknown section\(s\) gpu/);
    expect(() => parseOptions(['--cluster-name', 'everynode'])).toThrow(/shared cluster/);
    expect(() => parseOptions(['--cluster-name', 'Bad_Name'])).toThrow(/DNS label/);
    expect(() => parseOptions(['--fast'])).toThrow(/unknown flag --fast/);
    expect(() => parseOptions(['--viewer-counts', '1,,10'])).toThrow(/--viewer-counts must be integers/);
    expect(() => parseOptions(['--viewer-counts', '0'])).toThrow(/--viewer-counts/);
    expect(() => parseOptions(['--viewer-designs', 'deltas,poll'])).toThrow(/--viewer-designs must be/);
    expect(() => parseOptions(['--viewer-designs', 'deltas,deltas'])).toThrow(/--viewer-designs must be/);
  });
});
