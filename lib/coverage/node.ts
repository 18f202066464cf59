import type { KNode, KTaint } from './k8s';
import { formatTaint, TAINT_NOT_READY, TAINT_UNREACHABLE } from './taints';
import type { Reason } from './types';

const PRESSURE_CONDITIONS = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];

/** A node, digested once per node event. */
export interface NodeFacts {
  raw: KNode;
  name: string;
  labels: Record<string, string> | undefined;
  taints: KTaint[] | undefined;
  /** Ready condition True. */
  ready: boolean;
  cordoned: boolean;
  /**
   * Why pods here cannot be trusted: Ready condition False/Unknown, or a not-ready/unreachable
   * taint. A node that has not reported a Ready condition yet is not called unhealthy.
   */
  unhealthy: string[];
  /** Pressure conditions that are True (daemon pods tolerate them, but they slow or block pods). */
  pressure: string[];
  /** The same as Reasons (kind 'node'), built once per node event. */
  unhealthyReasons: Reason[];
  pressureReasons: Reason[];
  /** The node's taints as one string, for grouping nodes that agents treat alike. */
  taintKey: string;
  /**
   * Eligibility class of this node per agent class signature, both as small integers the engine
   * assigns (filled lazily by the engine; a hole means not computed yet).
   */
  classIds: number[];
}

export function nodeFacts(node: KNode): NodeFacts {
  const conditions = node.status?.conditions ?? [];
  const readyCond = conditions.find((c) => c.type === 'Ready');
  const unhealthy: string[] = [];
  if (readyCond && readyCond.status !== 'True') {
    const why = readyCond.reason ? ` (${readyCond.reason})` : '';
    unhealthy.push(readyCond.status === 'False' ? `node NotReady${why}` : `node Ready condition ${readyCond.status ?? 'Unknown'}${why}`);
  }
  const taints = node.spec?.taints;
  for (const t of taints ?? []) {
    if (t.key === TAINT_UNREACHABLE || t.key === TAINT_NOT_READY) unhealthy.push(`node tainted ${formatTaint(t)}`);
  }
  const pressure = conditions.filter((c) => PRESSURE_CONDITIONS.includes(c.type ?? '') && c.status === 'True').map((c) => c.type!);
  return {
    raw: node,
    name: node.metadata?.name ?? '',
    labels: node.metadata?.labels,
    taints,
    ready: readyCond?.status === 'True',
    cordoned: node.spec?.unschedulable === true,
    unhealthy,
    pressure,
    taintKey: (taints ?? []).map(formatTaint).join('\u0003'),
    classIds: [],
    unhealthyReasons: unhealthy.map((message) => ({ kind: 'node', message })),
    pressureReasons: pressure.map((p) => ({ kind: 'node', message: `node has ${p}` })),
  };
}
