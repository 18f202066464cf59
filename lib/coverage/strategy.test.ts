import { describe, expect, it } from 'vitest';
import { allowsSurge, resolveStrategy, scaledValueFromIntOrPercent } from './strategy';
import { mkDaemonSet } from '@/test/support/engine/synthetic';

describe('scaledValueFromIntOrPercent (intstr, roundUp)', () => {
  it.each<[number | string, number, number | undefined]>([
    [3, 10, 3],
    ['10%', 1, 1],
    ['10%', 10, 1],
    ['10%', 11, 2],
    ['25%', 7, 2],
    ['0%', 100, 0],
    ['100%', 3, 3],
    ['33%', 0, 0],
    ['5', 10, undefined], // a string must be a percentage
    ['x%', 10, undefined],
  ])('%s of %i → %s', (v, total, want) => expect(scaledValueFromIntOrPercent(v, total, true)).toBe(want));
});

describe('resolveStrategy', () => {
  it('defaults to RollingUpdate maxUnavailable 1 maxSurge 0', () => {
    const ds = mkDaemonSet('a');
    delete ds.spec!.updateStrategy;
    expect(resolveStrategy(ds, 5)).toEqual({ type: 'RollingUpdate', maxUnavailable: 1, maxSurge: 0, raw: { maxUnavailable: '1', maxSurge: '0' } });
  });
  it('both zero falls back to maxUnavailable 1 when something is desired', () => {
    const ds = mkDaemonSet('a', { strategy: { type: 'RollingUpdate', maxUnavailable: 0, maxSurge: 0 } });
    expect(resolveStrategy(ds, 4)).toMatchObject({ maxUnavailable: 1, maxSurge: 0 });
    expect(resolveStrategy(ds, 0)).toMatchObject({ maxUnavailable: 0, maxSurge: 0 });
  });
  it('rounds percentages up against desired', () => {
    const ds = mkDaemonSet('a', { strategy: { type: 'RollingUpdate', maxUnavailable: 0, maxSurge: '20%' } });
    expect(resolveStrategy(ds, 11)).toMatchObject({ maxUnavailable: 0, maxSurge: 3, raw: { maxUnavailable: '0', maxSurge: '20%' } });
  });
  it('flags an unparseable value', () => {
    const ds = mkDaemonSet('a', { strategy: { type: 'RollingUpdate', maxUnavailable: 'one' } });
    expect(resolveStrategy(ds, 3).invalid).toMatch(/maxUnavailable/);
  });
  it('OnDelete has no budget', () => {
    expect(resolveStrategy(mkDaemonSet('a', { strategy: { type: 'OnDelete' } }), 3)).toEqual({ type: 'OnDelete' });
  });
  it('surge is allowed when maxSurge scaled against 1 is positive', () => {
    expect(allowsSurge(mkDaemonSet('a', { strategy: { type: 'RollingUpdate', maxUnavailable: 0, maxSurge: '1%' } }))).toBe(true);
    expect(allowsSurge(mkDaemonSet('a', { strategy: { type: 'RollingUpdate', maxSurge: 0 } }))).toBe(false);
    expect(allowsSurge(mkDaemonSet('a', { strategy: { type: 'OnDelete' } }))).toBe(false);
  });
});
