/** Prometheus text exposition parsing (pure): enough to read the API server's /metrics. */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    const value = Number(m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : m[3]);
    if (!Number.isNaN(value)) out.push({ name: m[1]!, labels, value });
  }
  return out;
}

export type LabelFilter = Record<string, string | readonly string[] | undefined>;

function matches(labels: Record<string, string>, filter: LabelFilter): boolean {
  return Object.entries(filter).every(([k, want]) => {
    if (want === undefined) return true;
    const have = labels[k] ?? '';
    return typeof want === 'string' ? have === want : want.includes(have);
  });
}

/** Sum of every sample of `name` whose labels match the filter (value list = any of). */
export function sumOf(samples: readonly Sample[], name: string, filter: LabelFilter = {}): number {
  let total = 0;
  for (const s of samples) if (s.name === name && matches(s.labels, filter)) total += s.value;
  return total;
}

/** Sums of `name` grouped by one label. */
export function sumBy(samples: readonly Sample[], name: string, label: string, filter: LabelFilter = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) {
    if (s.name !== name || !matches(s.labels, filter)) continue;
    const key = s.labels[label] ?? '';
    out[key] = (out[key] ?? 0) + s.value;
  }
  return out;
}

/**
 * The q-quantile (0–1) of the observations a histogram gained between two scrapes, interpolated
 * linearly inside its bucket as Prometheus' histogram_quantile does; undefined when none came.
 */
export function histogramQuantile(before: readonly Sample[], after: readonly Sample[], name: string, q: number, filter: LabelFilter = {}): number | undefined {
  const counts = (samples: readonly Sample[]) => sumBy(samples, `${name}_bucket`, 'le', filter);
  const was = counts(before);
  const buckets = Object.entries(counts(after))
    .map(([le, n]) => ({ le: Number(le === '+Inf' ? Infinity : le), n: n - (was[le] ?? 0) }))
    .sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.n ?? 0;
  if (total <= 0) return undefined;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const { le, n } of buckets) {
    if (n >= rank) {
      if (le === Infinity) return lower; // beyond the last finite bucket: its bound is all we know
      return lower + ((le - lower) * (rank - below)) / Math.max(n - below, 1e-12);
    }
    lower = le;
    below = n;
  }
  return lower;
}
