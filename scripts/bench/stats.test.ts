import { describe, expect, it } from 'vitest';
import { maxDeviationFromMedian, median, medianP95, quantile, ratio, summarize, trend } from './stats';

describe('stats', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('interpolates quantiles between ranks', () => {
    const xs = Array.from({ length: 101 }, (_, i) => i); // 0..100
    expect(quantile(xs, 0.95)).toBe(95);
    expect(quantile([10, 20], 0.5)).toBe(15);
    expect(quantile([7], 0.95)).toBe(7);
  });

  it('summarises without reordering the caller’s samples', () => {
    const xs = [3, 1, 2];
    expect(summarize(xs)).toEqual({ n: 3, median: 2, p95: 2.9, min: 1, max: 3 });
    expect(xs).toEqual([3, 1, 2]);
  });

  it('prints median / p95, or says there was no sample (never "NaN")', () => {
    expect(medianP95(summarize([100, 200, 300], 0))).toBe('200 / 290 ms');
    expect(medianP95(summarize([]), 'no version painted')).toBe('no version painted');
  });

  it('gives no ratio against zero or NaN', () => {
    expect(ratio(300, 12)).toBe(25);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(Number.NaN, 2)).toBeNull();
  });

  it('measures flatness as the largest relative distance from the median', () => {
    expect(maxDeviationFromMedian([100, 105, 95, 100])).toBeCloseTo(0.05);
    expect(maxDeviationFromMedian([100, 130, 100])).toBeCloseTo(0.3);
  });

  it('tells a sawtooth (no trend) from steady growth', () => {
    const sawtooth = Array.from({ length: 30 }, (_, i) => (i % 5 === 4 ? 210 : 250));
    expect(Math.abs(trend(sawtooth))).toBeLessThan(0.01);
    expect(maxDeviationFromMedian(sawtooth)).toBeGreaterThan(0.1);
    const leak = Array.from({ length: 30 }, (_, i) => 200 + 2 * i);
    expect(trend(leak)).toBeCloseTo(249 / 209 - 1, 5); // medians of the first and last ten samples
    expect(trend([1, 2])).toBeNaN();
  });
});
