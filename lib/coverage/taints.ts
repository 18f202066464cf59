import type { KTaint, KToleration } from './k8s';

const TAINT_NO_SCHEDULE = 'NoSchedule';
export const TAINT_NO_EXECUTE = 'NoExecute';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';

export interface DaemonToleration extends KToleration {
  /** True for the tolerations the DaemonSet controller adds to every daemon pod. */
  addedByController?: boolean;
}

const ALWAYS_ADDED: KToleration[] = [
  { key: TAINT_NOT_READY, operator: 'Exists', effect: TAINT_NO_EXECUTE },
  { key: TAINT_UNREACHABLE, operator: 'Exists', effect: TAINT_NO_EXECUTE },
  { key: TAINT_DISK_PRESSURE, operator: 'Exists', effect: TAINT_NO_SCHEDULE },
  { key: TAINT_MEMORY_PRESSURE, operator: 'Exists', effect: TAINT_NO_SCHEDULE },
  { key: TAINT_PID_PRESSURE, operator: 'Exists', effect: TAINT_NO_SCHEDULE },
  { key: TAINT_UNSCHEDULABLE, operator: 'Exists', effect: TAINT_NO_SCHEDULE },
];
const HOST_NETWORK_ADDED: KToleration = { key: TAINT_NETWORK_UNAVAILABLE, operator: 'Exists', effect: TAINT_NO_SCHEDULE };

function sameToleration(a: KToleration, b: KToleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.effect ?? '') === (b.effect ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '');
}

/**
 * The template's tolerations plus the ones the controller adds to every daemon pod; an identical
 * (key, operator, value, effect) toleration in the template is replaced in place, as upstream.
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/util/daemonset_util.go (AddOrUpdateDaemonPodTolerations)
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/apis/core/v1/helper/helpers.go (AddOrUpdateTolerationInPodSpec)
 */
export function daemonPodTolerations(tolerations: readonly KToleration[] | undefined, hostNetwork: boolean | undefined): DaemonToleration[] {
  const out: DaemonToleration[] = (tolerations ?? []).map((t) => ({ ...t }));
  const added = hostNetwork ? [...ALWAYS_ADDED, HOST_NETWORK_ADDED] : ALWAYS_ADDED;
  for (const extra of added) {
    const i = out.findIndex((t) => sameToleration(t, extra));
    if (i >= 0) out[i] = { ...extra, addedByController: true };
    else out.push({ ...extra, addedByController: true });
  }
  return out;
}

/** Go's strconv.ParseInt(s, 10, 64) after content.IsDecimalInteger: no '+', no leading zeros. */
function parseDecimalInteger(s: string): bigint | undefined {
  if (!/^(0|-?[1-9][0-9]*)$/.test(s)) return undefined;
  const v = BigInt(s);
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined;
}

export interface TolerationOptions {
  /**
   * Feature gate TaintTolerationComparisonOperators (alpha in 1.35, off by default in 1.36):
   * when off, Lt/Gt tolerations tolerate nothing.
   */
  comparisonOperators?: boolean;
}

/**
 * Whether one toleration tolerates one taint: empty effect matches every effect, empty key (with
 * Exists) matches every key, operator defaults to Equal, Lt/Gt compare integers (gate only).
 * @see https://github.com/kubernetes/api/blob/v0.36.3/core/v1/toleration.go (ToleratesTaint)
 */
export function toleratesTaint(t: KToleration, taint: KTaint, opts: TolerationOptions = {}): boolean {
  if (t.effect && t.effect !== (taint.effect ?? '')) return false;
  if (t.key && t.key !== (taint.key ?? '')) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    case 'Lt':
    case 'Gt': {
      if (!opts.comparisonOperators) return false;
      const tv = parseDecimalInteger(t.value ?? '');
      const nv = parseDecimalInteger(taint.value ?? '');
      if (tv === undefined || nv === undefined) return false;
      return t.operator === 'Lt' ? nv < tv : nv > tv;
    }
    default:
      return false;
  }
}

/** @see https://github.com/kubernetes/component-helpers/blob/v0.36.3/scheduling/corev1/helpers.go (TolerationsTolerateTaint) */
function tolerationsTolerateTaint(tolerations: readonly KToleration[], taint: KTaint, opts?: TolerationOptions): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint, opts)) return true;
  return false;
}

/** Whether the taint takes part in the DaemonSet decision (PreferNoSchedule never does). */
function isSchedulingTaint(taint: KTaint): boolean {
  return taint.effect === TAINT_NO_SCHEDULE || taint.effect === TAINT_NO_EXECUTE;
}

/**
 * Every NoSchedule/NoExecute taint not tolerated, in node order (upstream stops at the first; we
 * keep all so each one can be named).
 * @see https://github.com/kubernetes/component-helpers/blob/v0.36.3/scheduling/corev1/helpers.go (FindMatchingUntoleratedTaint)
 */
export function untoleratedTaints(taints: readonly KTaint[] | undefined, tolerations: readonly KToleration[], opts?: TolerationOptions): KTaint[] {
  const out: KTaint[] = [];
  if (!taints) return out;
  for (const taint of taints) {
    if (isSchedulingTaint(taint) && !tolerationsTolerateTaint(tolerations, taint, opts)) out.push(taint);
  }
  return out;
}

/** `key=value:Effect`, or `key:Effect` when the value is empty (kubectl's notation). */
export function formatTaint(taint: KTaint): string {
  const kv = taint.value ? `${taint.key ?? ''}=${taint.value}` : (taint.key ?? '');
  return `${kv}:${taint.effect ?? ''}`;
}
