import 'server-only';
import type { AgentCauseDTO, CauseDTO } from '@/lib/api/dto';
import { causeHint } from '@/lib/coverage/cause-hint';
import { agentCauses, causeLabel, summariseCauses, type Cause, type EventFact, type PodFact } from '@/lib/coverage/causes';
import type { KCondition, KPod } from '@/lib/coverage/k8s';
import type { AgentCoverage } from '@/lib/coverage/results';
import type { CoverageCache } from '@/lib/kube/cache/registry';
import { lastSeenOf, type KubeEvent } from '@/lib/kube/cache/event-index';

/**
 * The causes join's facts, gathered from the cache: the DaemonSet's and its pods' Events from
 * the one Events watch, the pods' conditions from the Pod watch. The join itself is pure
 * (lib/coverage/causes.ts).
 */

/** client-go's aggregator prefixes similar Events it folded into one; the words after it are the object's. */
const AGGREGATED = /^\(combined from similar events\): /;

const fact = (e: KubeEvent): EventFact => ({
  type: e.type ?? 'Normal',
  reason: e.reason ?? '',
  message: (e.message ?? e.note ?? '').replace(AGGREGATED, ''),
  count: e.count ?? 1,
  lastSeen: lastSeenOf(e),
});

const iso = (t: unknown): string => (t instanceof Date ? t.toISOString() : typeof t === 'string' ? t : '');

function podFact(cache: CoverageCache, namespace: string, name: string): PodFact | undefined {
  const pod = cache.get('Pod', `${namespace}/${name}`) as KPod | undefined;
  if (!pod) return undefined;
  const status = pod.status ?? {};
  const scheduled = (status.conditions as KCondition[] | undefined)?.find((c) => c.type === 'PodScheduled');
  return {
    name,
    phase: status.phase ?? '',
    ...(status.reason ? { reason: status.reason } : {}),
    ...(status.message ? { message: status.message } : {}),
    ...(scheduled?.status === 'False' ? { unscheduled: { reason: scheduled.reason ?? '', message: scheduled.message ?? '', since: iso(scheduled.lastTransitionTime) } } : {}),
    events: cache.events.of('Pod', namespace, name).map(fact),
  };
}

/** One cause per cell of the agent (undefined where none), aligned with `agent.cells`. */
export function causesOf(cache: CoverageCache, agent: AgentCoverage): (Cause | undefined)[] {
  const { namespace, name } = agent;
  return agentCauses({
    namespace,
    name,
    cells: agent.cells,
    events: cache.events.of('DaemonSet', namespace, name).map(fact),
    pod: (pod) => podFact(cache, namespace, pod),
    podEvents: (pod) => cache.events.of('Pod', namespace, pod).map(fact),
  });
}

function hostPorts(agent: AgentCoverage): number[] {
  const containers = (agent.ds.spec?.template?.spec?.containers ?? []) as { ports?: { hostPort?: number }[] }[];
  return containers.flatMap((c) => (c.ports ?? []).flatMap((p) => (p.hostPort ? [p.hostPort] : [])));
}

/** The cell's cause for the wire, with the hint naming its node. */
export function causeDTO(cause: Cause, agent: AgentCoverage, node: string): CauseDTO {
  const hint = causeHint(cause, { namespace: agent.namespace, agent: agent.name, node, hostPorts: hostPorts(agent) });
  return { ...cause, label: causeLabel(cause), ...(hint ? { hint } : {}) };
}

/** The overview's per-agent summary: each distinct cause once, with the number of cells it explains. */
export function agentCauseSummary(causes: readonly (Cause | undefined)[]): AgentCauseDTO[] {
  return summariseCauses(causes).map((c) => ({ ...c, label: causeLabel(c) }));
}
