import type { KDaemonSet, KIntOrString } from './k8s';
import type { Strategy } from './types';

/**
 * An int-or-percent scaled against a total. Percentages must end in '%'; a bare string is an
 * error (undefined), as upstream.
 * @see https://github.com/kubernetes/apimachinery/blob/v0.36.3/pkg/util/intstr/intstr.go (GetScaledValueFromIntOrPercent)
 */
export function scaledValueFromIntOrPercent(v: KIntOrString | undefined, total: number, roundUp: boolean): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return Math.trunc(v);
  if (!v.endsWith('%')) return undefined;
  const digits = v.slice(0, -1);
  if (!/^[+-]?[0-9]+$/.test(digits)) return undefined;
  const pct = Number.parseInt(digits, 10);
  const scaled = (pct * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

function raw(v: KIntOrString | undefined, fallback: KIntOrString): KIntOrString {
  return v === undefined ? fallback : v;
}

/** API defaults: type RollingUpdate, maxUnavailable 1, maxSurge 0. */
function rollingParams(ds: KDaemonSet): { maxUnavailable: KIntOrString; maxSurge: KIntOrString } | undefined {
  const s = ds.spec?.updateStrategy;
  const type = s?.type || 'RollingUpdate';
  if (type !== 'RollingUpdate') return undefined;
  return { maxUnavailable: raw(s?.rollingUpdate?.maxUnavailable, 1), maxSurge: raw(s?.rollingUpdate?.maxSurge, 0) };
}

/**
 * Whether more than one pod per node is allowed: maxSurge scaled against 1 is positive.
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/util/daemonset_util.go (AllowsSurge, SurgeCount)
 */
export function allowsSurge(ds: KDaemonSet): boolean {
  const p = rollingParams(ds);
  if (!p) return false;
  return (scaledValueFromIntOrPercent(p.maxSurge, 1, true) ?? 0) > 0;
}

export type ResolvedStrategy = Strategy & { invalid?: string };

/**
 * maxUnavailable / maxSurge resolved against desiredNumberScheduled, rounding percentages up;
 * both zero (with something desired) falls back to maxUnavailable 1.
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/update.go (updatedDesiredNodeCounts)
 */
export function resolveStrategy(ds: KDaemonSet, desired: number): ResolvedStrategy {
  const p = rollingParams(ds);
  if (!p) return { type: 'OnDelete' };
  const mu = scaledValueFromIntOrPercent(p.maxUnavailable, desired, true);
  const ms = scaledValueFromIntOrPercent(p.maxSurge, desired, true);
  const out: ResolvedStrategy = {
    type: 'RollingUpdate',
    maxUnavailable: mu ?? 0,
    maxSurge: ms ?? 0,
    raw: { maxUnavailable: String(p.maxUnavailable), maxSurge: String(p.maxSurge) },
  };
  if (mu === undefined || ms === undefined) {
    out.invalid = `invalid ${mu === undefined ? 'maxUnavailable' : 'maxSurge'}: the controller cannot roll this DaemonSet`;
    return out;
  }
  if (desired > 0 && mu === 0 && ms === 0) out.maxUnavailable = 1;
  return out;
}
