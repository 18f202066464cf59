import 'server-only';
import type { LabelsOf } from '@/lib/staged/steps';
import { stagedSummary } from '@/lib/staged/view';
import type {
  AgentSummary,
  CacheStatus,
  CellDTO,
  CoverageResponse,
  DaemonSetDetailResponse,
  EventDTO,
  GridCellDTO,
  NodeAgentDTO,
  NodeDetailResponse,
  NodeTable,
  PodBriefDTO,
  PodDTO,
  RolloutDetail,
} from '@/lib/api/dto';
import { STATE_CODE } from '@/lib/api/dto';
import { keptFor } from '@/lib/kept';
import type { CoverageEngine } from '@/lib/coverage/engine';
import type { KNode, KTime } from '@/lib/coverage/k8s';
import type { AgentCoverage, NodeCoverage } from '@/lib/coverage/results';
import { revisionSummaries } from '@/lib/coverage/revisions';
import type { KubeEvent } from '@/lib/kube/cache/events';

/**
 * Engine results → wire DTOs. The coverage payload is built for 5,000 nodes × 20 agents:
 * one character per cell, node labels interned once as "key=value" strings.
 */

const iso = (t: KTime): string => (t instanceof Date ? t.toISOString() : (t ?? ''));

/**
 * The node table of each engine, kept until a node changes: a rollout changes pods only, and
 * every read of every view (5,000 nodes, a few times a second) would otherwise intern every label
 * again. Shared and never modified by its readers.
 */
const nodeTables = new WeakMap<CoverageEngine, { revision: number; table: NodeTable }>();

/** Node names, readiness, cordon flags and interned labels, in the engine's node order. */
export function nodeTable(engine: CoverageEngine): NodeTable {
  const kept = nodeTables.get(engine);
  if (kept?.revision === engine.nodeTableRevision) return kept.table;
  const table = buildNodeTable(engine);
  nodeTables.set(engine, { revision: engine.nodeTableRevision, table });
  return table;
}

function buildNodeTable(engine: CoverageEngine): NodeTable {
  const names = engine.nodeNames();
  const pairIndex = new Map<string, number>();
  const labelPairs: string[] = [];
  const labels: number[][] = [];
  let ready = '';
  let cordoned = '';
  for (const name of names) {
    const facts = engine.getNodeFacts(name);
    ready += facts?.ready ? 'R' : 'N';
    cordoned += facts?.cordoned ? '1' : '0';
    const idx: number[] = [];
    for (const [k, v] of Object.entries(facts?.labels ?? {})) {
      const pair = `${k}=${v}`;
      let i = pairIndex.get(pair);
      if (i === undefined) {
        i = labelPairs.length;
        labelPairs.push(pair);
        pairIndex.set(pair, i);
      }
      idx.push(i);
    }
    labels.push(idx);
  }
  return { names, ready, cordoned, labelPairs, labels };
}

export function agentSummary(a: AgentCoverage, labelsOf?: LabelsOf): AgentSummary {
  const r = a.rollout;
  const staged = labelsOf ? stagedSummary({ ds: a.ds, cells: a.cells, labelsOf }) : undefined;
  return {
    namespace: a.namespace,
    name: a.name,
    uid: a.uid,
    generation: a.generation,
    observedGeneration: a.observedGeneration,
    strategy: a.strategy,
    counts: a.counts,
    status: a.status,
    rollout: { done: r.done, percent: r.percent, stuck: r.stuck, statusText: r.statusText, currentRevision: r.currentRevision },
    states: a.states,
    excludedByReason: a.excludedByReason,
    nodeSelector: a.nodeSelector,
    images: a.images,
    ...(staged ? { staged } : {}),
  };
}

/** One STATE_CODE character per node. */
export function gridOf(a: AgentCoverage): string {
  let grid = '';
  for (const cell of a.cells) grid += STATE_CODE[cell.state];
  return grid;
}

const labelsIn = (engine: CoverageEngine): LabelsOf => (n) => engine.getNode(n)?.metadata?.labels;

export function coverageResponse(context: string, version: number, cache: CacheStatus, engine: CoverageEngine, now: number): CoverageResponse {
  return {
    context,
    version,
    cache,
    nodes: nodeTable(engine),
    agents: engine.agents(now).map((a) => ({ ...agentSummary(a, labelsIn(engine)), grid: gridOf(a) })),
  };
}

function rolloutDetail(a: AgentCoverage): RolloutDetail {
  // The engine's rollout carries extra fields (surgeInUse, engineDone); the wire takes the DTO's.
  const r = a.rollout;
  return {
    done: r.done,
    percent: r.percent,
    stuck: r.stuck,
    statusText: r.statusText,
    currentRevision: r.currentRevision,
    strategy: r.strategy,
    desired: r.desired,
    updated: r.updated,
    available: r.available,
    budget: r.budget,
    blocking: r.blocking,
  };
}

function podBrief(p: PodDTO): PodBriefDTO {
  return {
    name: p.name,
    uid: p.uid,
    phase: p.phase,
    ready: p.ready,
    revision: p.revision,
    restarts: p.restarts,
    ...(p.waitingReason !== undefined ? { waitingReason: p.waitingReason } : {}),
    ...(p.waitingMessage !== undefined ? { waitingMessage: p.waitingMessage } : {}),
    ...(p.deletionTimestamp !== undefined ? { deletionTimestamp: p.deletionTimestamp } : {}),
  };
}

/**
 * One wire cell per engine cell: the engine keeps a cell's object while nothing about it changes,
 * so every read (and the live feeds' serialisation, lib/api/live-delta.ts) reuses the unchanged
 * ones. Shared: readers copy a cell before adding to it.
 */
const gridCells = new WeakMap<CellDTO, GridCellDTO>();

function gridCell(cell: CellDTO): GridCellDTO {
  return keptFor(gridCells, cell, (c) => ({ ...c, pods: c.pods.map(podBrief) }));
}

export function daemonSetDetailResponse(context: string, version: number, engine: CoverageEngine, a: AgentCoverage): DaemonSetDetailResponse {
  return {
    context,
    version,
    agent: agentSummary(a, labelsIn(engine)),
    nodes: nodeTable(engine),
    cells: a.cells.map(gridCell),
    rollout: rolloutDetail(a),
    revisions: revisionSummaries(a.revisions),
    tolerations: a.tolerations.map((t) => ({
      ...(t.key !== undefined ? { key: t.key } : {}),
      ...(t.operator !== undefined ? { operator: t.operator } : {}),
      ...(t.value !== undefined ? { value: t.value } : {}),
      ...(t.effect !== undefined ? { effect: t.effect } : {}),
      ...(t.addedByController ? { addedByController: true } : {}),
    })),
    ...(a.affinity !== undefined ? { affinity: a.affinity } : {}),
    containers: (a.ds.spec?.template?.spec?.containers ?? []).map((c) => c.name).filter((n): n is string => Boolean(n)),
  };
}

function nodeFacts(node: KNode, ready: boolean): NodeDetailResponse['node'] {
  return {
    name: node.metadata?.name ?? '',
    labels: node.metadata?.labels ?? {},
    taints: (node.spec?.taints ?? []).map((t) => ({ key: t.key ?? '', ...(t.value ? { value: t.value } : {}), effect: t.effect ?? '' })),
    conditions: (node.status?.conditions ?? []).map((c) => ({
      type: c.type ?? '',
      status: c.status ?? 'Unknown',
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
      ...(c.lastTransitionTime ? { lastTransitionTime: iso(c.lastTransitionTime) } : {}),
      ...(c.lastHeartbeatTime ? { lastHeartbeatTime: iso(c.lastHeartbeatTime) } : {}),
    })),
    capacity: (node.status as { capacity?: Record<string, string> } | undefined)?.capacity ?? {},
    allocatable: (node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable ?? {},
    kubeletVersion: (node.status as { nodeInfo?: { kubeletVersion?: string } } | undefined)?.nodeInfo?.kubeletVersion ?? '',
    unschedulable: node.spec?.unschedulable === true,
    createdAt: iso(node.metadata?.creationTimestamp),
    ready,
  };
}

export function nodeDetailResponse(context: string, version: number, view: NodeCoverage, events: readonly KubeEvent[]): NodeDetailResponse {
  const agents: NodeAgentDTO[] = view.agents.map(({ namespace, name, cell, fixHint, fix }) => ({
    namespace,
    name,
    state: cell.state,
    shouldRun: cell.shouldRun,
    shouldContinueRunning: cell.shouldContinueRunning,
    reasons: cell.reasons,
    ...(fixHint ? { fixHint } : {}),
    ...(fix ? { fix } : {}),
    ...(cell.revision ? { revision: cell.revision } : {}),
    pods: cell.pods,
  }));
  return { context, version, node: nodeFacts(view.node, view.ready), agents, events: recentEvents(events) };
}

/** A Kubernetes Event (core/v1 or events.k8s.io shape) as the node page shows it. */
export function eventDTO(e: KubeEvent): EventDTO {
  const obj = e.involvedObject ?? e.regarding ?? {};
  const lastSeen = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
  return {
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: e.message ?? e.note ?? '',
    object: `${obj.kind ?? ''}/${obj.name ?? ''}`,
    count: e.series?.count ?? e.count ?? 1,
    lastSeen: iso(lastSeen),
  };
}

/** The node page shows this many Events, newest first. */
const NODE_PAGE_EVENTS = 100;

function recentEvents(events: readonly KubeEvent[]): EventDTO[] {
  return events
    .map(eventDTO)
    .sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0))
    .slice(0, NODE_PAGE_EVENTS);
}
