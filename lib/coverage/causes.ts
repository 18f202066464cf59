/**
 * Why a cell that should have a running pod has none (yet): the facts Kubernetes itself recorded,
 * joined to the cells they explain. Three places a daemon pod can stop on its way:
 *   - creation refused: the controller's `FailedCreate` Events on the DaemonSet (admission by the
 *     API server: quota, Pod Security, webhooks, ...). They name the DaemonSet, rarely the node, so
 *     an unnamed refusal is put on every missing cell of the agent rather than guessed onto one;
 *   - not placed: the pod's PodScheduled=False condition and its `FailedScheduling` Events;
 *   - refused by the node: the pod Failed by kubelet admission (OutOfcpu, NodeAffinity, ...) and
 *     the controller's `FailedDaemonPod` Events as it kills and recreates it.
 * Pure: the facts come in as plain objects (lib/server-data/causes.ts gathers them from the cache).
 */
import type { Cell } from './types';

export type CauseSource = 'controller' | 'scheduler' | 'kubelet' | 'api-server';

export interface Cause {
  source: CauseSource;
  /** Machine-readable kind, e.g. 'quota', 'pod-security', 'cannot-fit:memory', 'host-port', 'node-refused:OutOfcpu'. */
  category: string;
  /** In the Kubernetes object's own words (the Event's or the condition's message). */
  message: string;
  /** How many times it happened (Event counts summed; 1 for a condition). */
  count: number;
  /** ISO time it last happened ('' when unknown). */
  lastSeen: string;
  /** Where the words come from, e.g. "DaemonSet/falco FailedCreate" or "Pod/x PodScheduled". */
  object: string;
  /** Creation failures: the controller retries with an exponential backoff (5 ms doubling up to ~17 min). */
  backoff?: boolean;
}

/** An Event, reduced to what the join reads. */
export interface EventFact {
  type: string;
  reason: string;
  message: string;
  count: number;
  lastSeen: string;
}

/** A daemon pod, reduced to what the join reads. */
export interface PodFact {
  name: string;
  phase: string;
  /** status.reason / status.message (kubelet admission sets them on a Failed pod). */
  reason?: string;
  message?: string;
  /** The PodScheduled condition when it is False. */
  unscheduled?: { reason: string; message: string; since: string };
  /** The pod's own Events. */
  events: readonly EventFact[];
}

export interface AgentCauseInput {
  namespace: string;
  name: string;
  cells: readonly Pick<Cell, 'node' | 'state' | 'pods'>[];
  /** The DaemonSet's Events (FailedCreate, FailedDaemonPod, SuccessfulCreate, ...). */
  events: readonly EventFact[];
  pod(name: string): PodFact | undefined;
  /** Failed daemon pods the controller already deleted, by name: their Events outlive them. */
  podEvents(name: string): readonly EventFact[];
}

const EXPLAINED_STATES = new Set(['missing', 'starting', 'failing']);

/** Categories of an API server refusal, from the words admission plugins use. */
const CREATE_CATEGORIES: [RegExp, string][] = [
  [/exceeded quota|must specify (requests|limits)\./i, 'quota'],
  [/violates PodSecurity/i, 'pod-security'],
  [/admission webhook .* denied|failed calling webhook/i, 'webhook'],
  [/service ?account/i, 'service-account'],
  [/(maximum|minimum) \S+ usage per|LimitRange|limit to request ratio/i, 'limit-range'],
  [/PriorityClass/i, 'priority-class'],
  [/being terminated/i, 'namespace-terminating'],
];
/** Refusals by admission: the API server said no (anything else is the controller's own failure, e.g. a timeout). */
const ADMISSION = /is forbidden|admission webhook|denied the request|is invalid/i;

export function createCategory(message: string): string {
  for (const [re, category] of CREATE_CATEGORIES) if (re.test(message)) return category;
  return 'create-failed';
}

/**
 * The scheduler's reason, from its "0/41 nodes are available: 1 Insufficient memory, 40 node(s)
 * didn't match Pod's node affinity/selector. preemption: ..." message. A daemon pod targets one
 * node, so the other nodes' "didn't match" is noise: the first other clause is the reason.
 */
export function scheduleCategory(message: string): string {
  // The first sentence is the verdict; what follows ("no new claims to deallocate, preemption: ...") is not.
  const head = message.split(/\.\s/)[0] ?? message;
  const clauses = head.replace(/^0\/\d+ nodes are available:\s*/i, '').split(/,\s*/);
  for (const clause of clauses) {
    if (/didn't match Pod's node affinity|didn't match pod's node affinity|node\(s\) didn't satisfy/i.test(clause) && clauses.length > 1) continue;
    const insufficient = /Insufficient (\S+)/i.exec(clause);
    if (insufficient) return `cannot-fit:${insufficient[1]!.replace(/[.,]$/, '')}`;
    if (/Too many pods/i.test(clause)) return 'cannot-fit:pods';
    if (/free ports/i.test(clause)) return 'host-port';
    if (/volume node affinity conflict|volume.*zone/i.test(clause)) return 'volume-affinity';
    if (/untolerated taint/i.test(clause)) return 'taint';
    if (/node affinity|selector/i.test(clause)) return 'node-affinity';
  }
  return 'unschedulable';
}

const sumCounts = (events: readonly EventFact[]) => events.reduce((n, e) => n + e.count, 0);
const newest = (events: readonly EventFact[]) => events.reduce<EventFact | undefined>((a, e) => (!a || e.lastSeen > a.lastSeen ? e : a), undefined);

/** "Found failed daemon pod ns/name on node X, will try to kill it" */
const FAILED_DAEMON_POD = /failed daemon pod (\S+?)\/(\S+) on node (\S+?),/i;

/** Names a node of `nodes` as a whole word (FailedCreate messages rarely do). */
function namedNodes(message: string, nodes: readonly string[]): string[] {
  return nodes.filter((n) => new RegExp(`(^|[^A-Za-z0-9._-])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9._-])`).test(message));
}

/**
 * The agent's creation refusals still in force: FailedCreate Events no newer SuccessfulCreate
 * has overtaken (a success after the last failure means the refusal was lifted, e.g. the quota
 * raised: its hour-long Event must not haunt cells missing for another reason).
 */
function activeCreateFailures(events: readonly EventFact[]): EventFact[] {
  const failures = events.filter((e) => e.reason === 'FailedCreate');
  const lastFailure = newest(failures);
  if (!lastFailure) return [];
  const lastSuccess = newest(events.filter((e) => e.reason === 'SuccessfulCreate'));
  if (lastSuccess && lastSuccess.lastSeen > lastFailure.lastSeen) return [];
  return failures;
}

function creationCause(agent: AgentCauseInput, failures: readonly EventFact[]): Cause {
  const last = newest(failures)!;
  const count = sumCounts(failures);
  return {
    source: ADMISSION.test(last.message) ? 'api-server' : 'controller',
    category: createCategory(last.message),
    message: last.message,
    count,
    lastSeen: last.lastSeen,
    object: `DaemonSet/${agent.name} FailedCreate`,
    backoff: true,
  };
}

function scheduleCause(pod: PodFact): Cause | undefined {
  const u = pod.unscheduled;
  const failed = pod.events.filter((e) => e.reason === 'FailedScheduling');
  const last = newest(failed);
  const message = u?.message || last?.message;
  if (!message) return undefined;
  return {
    source: 'scheduler',
    category: scheduleCategory(message),
    message,
    count: Math.max(1, sumCounts(failed)),
    lastSeen: last?.lastSeen ?? u?.since ?? '',
    object: last ? `Pod/${pod.name} FailedScheduling` : `Pod/${pod.name} PodScheduled`,
  };
}

/** A pod the kubelet failed at admission (or evicted): its status reason and message. */
function kubeletCause(pod: PodFact, node: string, kills: readonly EventFact[]): Cause | undefined {
  if (pod.phase !== 'Failed' || !pod.reason) return undefined;
  const killsHere = kills.filter((e) => FAILED_DAEMON_POD.exec(e.message)?.[3] === node);
  const last = newest(killsHere);
  const own = newest(pod.events.filter((e) => e.reason === pod.reason));
  return {
    source: 'kubelet',
    category: `node-refused:${pod.reason}`,
    message: pod.message || own?.message || pod.reason,
    count: Math.max(1, sumCounts(killsHere)),
    lastSeen: last?.lastSeen ?? own?.lastSeen ?? '',
    object: `Pod/${pod.name} ${pod.reason}`,
    ...(killsHere.length > 0 ? { backoff: true } : {}),
  };
}

/**
 * A missing cell whose last pod the kubelet refused and the controller deleted: the controller's
 * FailedDaemonPod Event names the node and the pod, whose own Events say why.
 */
function refusedBeforeCause(agent: AgentCauseInput, node: string, kills: readonly EventFact[]): Cause | undefined {
  const here = kills.filter((e) => FAILED_DAEMON_POD.exec(e.message)?.[3] === node);
  const last = newest(here);
  if (!last) return undefined;
  const podName = FAILED_DAEMON_POD.exec(last.message)![2]!;
  const why = newest(agent.podEvents(podName).filter((e) => e.type === 'Warning' && e.reason !== 'FailedScheduling'));
  return {
    source: 'kubelet',
    category: why ? `node-refused:${why.reason}` : 'node-refused',
    message: why ? `${why.message} (${last.message})` : last.message,
    count: sumCounts(here),
    lastSeen: last.lastSeen,
    object: `DaemonSet/${agent.name} FailedDaemonPod`,
    backoff: true,
  };
}

/** One cause per cell (undefined where none is known or none is needed), aligned with `cells`. */
export function agentCauses(agent: AgentCauseInput): (Cause | undefined)[] {
  const out = new Array<Cause | undefined>(agent.cells.length);
  const failures = activeCreateFailures(agent.events);
  const kills = agent.events.filter((e) => e.reason === 'FailedDaemonPod');
  const missingNodes = agent.cells.filter((c) => c.state === 'missing').map((c) => c.node);
  // A refusal naming some of the missing nodes is theirs alone; one naming none is everyone's.
  const named = new Map<string, EventFact[]>();
  const unnamed: EventFact[] = [];
  for (const f of failures) {
    const nodes = namedNodes(f.message, missingNodes);
    if (nodes.length === 0) unnamed.push(f);
    for (const n of nodes) named.set(n, [...(named.get(n) ?? []), f]);
  }
  const everyone = unnamed.length > 0 ? creationCause(agent, unnamed) : undefined;

  agent.cells.forEach((cell, i) => {
    if (!EXPLAINED_STATES.has(cell.state)) return;
    if (cell.state === 'missing') {
      const mine = named.get(cell.node);
      out[i] = (mine ? creationCause(agent, mine) : undefined) ?? refusedBeforeCause(agent, cell.node, kills) ?? everyone;
      return;
    }
    for (const p of cell.pods) {
      const pod = agent.pod(p.name);
      if (!pod) continue;
      const cause = kubeletCause(pod, cell.node, kills) ?? (pod.unscheduled ? scheduleCause(pod) : undefined);
      if (cause) {
        out[i] = cause;
        return;
      }
    }
  });
  return out;
}

/** An agent's distinct causes with how many cells each explains, most cells first (the overview's column). */
export function summariseCauses(causes: readonly (Cause | undefined)[]): (Cause & { cells: number })[] {
  const byKey = new Map<string, Cause & { cells: number }>();
  for (const c of causes) {
    if (!c) continue;
    const key = `${c.source}\u0000${c.category}\u0000${c.message}`;
    const hit = byKey.get(key);
    if (hit) {
      hit.cells += 1;
      hit.count = Math.max(hit.count, c.count);
      if (c.lastSeen > hit.lastSeen) hit.lastSeen = c.lastSeen;
    } else byKey.set(key, { ...c, cells: 1 });
  }
  return [...byKey.values()].sort((a, b) => b.cells - a.cells || (a.category < b.category ? -1 : 1));
}

/** The short label the overview's problems column and filter use, e.g. "creation refused: quota". */
export function causeLabel(c: Pick<Cause, 'source' | 'category'>): string {
  const [kind, detail] = c.category.split(/:(.*)/s);
  if (kind === 'cannot-fit') return `cannot fit: ${detail}`;
  if (kind === 'node-refused') return detail ? `refused by node: ${detail}` : 'refused by node';
  if (c.source === 'scheduler') return `not placed: ${c.category.replace(/-/g, ' ')}`;
  if (c.source === 'api-server' || c.source === 'controller') return `creation refused: ${c.category.replace(/-/g, ' ')}`;
  return c.category;
}
