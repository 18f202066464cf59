/** Summary statistics for benchmark samples (pure). */

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Value at quantile q (0..1) by linear interpolation between closest ranks. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const s = [...samples].sort((a, b) => a - b);
  const pos = (s.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export const median = (samples: readonly number[]) => quantile(samples, 0.5);

export function summarize(samples: readonly number[], digits = 1): Summary {
  const r = (x: number) => round(x, digits);
  return {
    n: samples.length,
    median: r(median(samples)),
    p95: r(quantile(samples, 0.95)),
    min: r(samples.length ? Math.min(...samples) : Number.NaN),
    max: r(samples.length ? Math.max(...samples) : Number.NaN),
  };
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** a / b rounded, or null when b is zero or either is not a number (no made-up infinities). */
export function ratio(a: number, b: number, digits = 1): number | null {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return round(a / b, digits);
}

/**
 * Largest relative deviation from the median of `samples` (e.g. 0.08 = ±8 %): how flat a series
 * such as RSS over a soak is.
 */
export function maxDeviationFromMedian(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const m = median(samples);
  if (m === 0) return Number.NaN;
  return Math.max(...samples.map((x) => Math.abs(x - m) / m));
}

/**
 * Growth of a series (e.g. RSS over a soak) as a fraction: median of its last third against the
 * median of its first third. Unlike the max deviation it ignores a garbage collector's sawtooth
 * and shows a leak: 0.02 = 2 % higher at the end.
 */
export function trend(samples: readonly number[]): number {
  if (samples.length < 3) return Number.NaN;
  const third = Math.floor(samples.length / 3);
  const first = median(samples.slice(0, third));
  const last = median(samples.slice(samples.length - third));
  return first === 0 ? Number.NaN : (last - first) / first;
}

/** "median / p95 ms", or what an empty sample means (e.g. a page that never painted a new version). */
export function medianP95(s: Summary, none = 'none'): string {
  return s.n === 0 ? none : `${s.median} / ${s.p95} ms`;
}
