/**
 * Zod schemas of every JSON answer of the HTTP API, for the OpenAPI document (lib/api/openapi.ts).
 * The TypeScript types in lib/api/dto.ts stay the source the code is written against; drift.ts makes
 * tsc fail when a schema here and its DTO type stop describing the same values, in either direction.
 * Each exported schema carries an `id`: it becomes a named component of the document.
 */
import { z } from 'zod';
import { CELL_STATES } from '@/lib/api/dto';

/** Schemas the document names (components/schemas); filled by `named`. */
export const components = z.registry<{ id: string; description?: string }>();

function named<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  components.add(schema, description ? { id, description } : { id });
  return schema;
}

const count = z.int().nonnegative();
const isoTime = z.string().describe('ISO 8601 time');

export const CellStateSchema = named('CellState', z.enum(CELL_STATES), 'State of one (agent, node) cell, most urgent first');

export const CacheStatusSchema = named(
  'CacheStatus',
  z.object({
    state: z.enum(['syncing', 'ready', 'stale']),
    staleSince: isoTime.optional(),
    version: count,
    error: z.string().optional(),
  }),
  "A context's watch cache: syncing, ready, or stale since a time",
);

export const ClustersResponseSchema = named(
  'ClustersResponse',
  z.object({
    clusters: z.array(z.object({ name: z.string(), current: z.boolean(), server: z.string(), cache: CacheStatusSchema.nullable() })),
  }),
);

export const CountsSchema = named(
  'Counts',
  z.object({ desired: count, current: count, ready: count, available: count, updated: count, misscheduled: count, unavailable: count }),
  'The counts the DaemonSet controller writes to .status',
);

export const StrategySchema = named(
  'Strategy',
  z.discriminatedUnion('type', [
    z.object({
      type: z.literal('RollingUpdate'),
      maxUnavailable: count,
      maxSurge: count,
      raw: z.object({ maxUnavailable: z.string(), maxSurge: z.string() }),
    }),
    z.object({ type: z.literal('OnDelete') }),
  ]),
);

export const ReasonSchema = named(
  'Reason',
  z.object({
    kind: z.enum(['nodeName', 'nodeSelector', 'affinity', 'taint', 'node', 'pod']),
    message: z.string(),
    taint: z.string().optional(),
  }),
  'Why an agent does (not) run on a node, in words',
);

const rolloutSummaryShape = {
  done: z.boolean(),
  percent: z.number().min(0).max(100),
  stuck: z.boolean(),
  statusText: z.string(),
  currentRevision: count,
};
export const RolloutSummarySchema = named('RolloutSummary', z.object(rolloutSummaryShape));

export const AgentSummarySchema = named(
  'AgentSummary',
  z.object({
    namespace: z.string(),
    name: z.string(),
    uid: z.string(),
    generation: count,
    observedGeneration: count,
    strategy: StrategySchema,
    counts: CountsSchema,
    status: CountsSchema,
    rollout: RolloutSummarySchema,
    states: z.partialRecord(CellStateSchema, count),
    excludedByReason: z.record(z.string(), count),
    nodeSelector: z.record(z.string(), z.string()),
    images: z.array(z.string()),
  }),
);

export const NodeTableSchema = named(
  'NodeTable',
  z.object({
    names: z.array(z.string()),
    ready: z.string().regex(/^[RN]*$/),
    cordoned: z.string().regex(/^[01]*$/),
    labelPairs: z.array(z.string()),
    labels: z.array(z.array(count)),
  }),
  'Nodes, compactly: per-node strings of one char per node, labels interned as key=value pairs',
);

export const CoverageResponseSchema = named(
  'CoverageResponse',
  z.object({
    context: z.string(),
    version: count,
    /** Proxy mode: what was left out for lack of a right, in words. */
    limits: z.array(z.string()).optional(),
    cache: CacheStatusSchema,
    nodes: NodeTableSchema,
    agents: z.array(AgentSummarySchema.extend({ grid: z.string().regex(/^[FMUXSOR-]*$/) })),
  }),
);

const termination = z.object({ reason: z.string(), exitCode: z.int(), finishedAt: isoTime.optional() });
const revision = z.enum(['current', 'old']);

export const PodSchema = named(
  'Pod',
  z.object({
    name: z.string(),
    uid: z.string(),
    node: z.string(),
    phase: z.string(),
    ready: z.boolean(),
    available: z.boolean(),
    revision,
    hash: z.string(),
    createdAt: isoTime,
    deletionTimestamp: isoTime.optional(),
    restarts: count,
    waitingReason: z.string().optional(),
    waitingMessage: z.string().optional(),
    lastTermination: termination.optional(),
    containers: z.array(
      z.object({
        name: z.string(),
        image: z.string(),
        ready: z.boolean(),
        restartCount: count,
        state: z.enum(['running', 'waiting', 'terminated', 'unknown']),
        reason: z.string().optional(),
        message: z.string().optional(),
        startedAt: isoTime.optional(),
        lastTermination: termination.optional(),
      }),
    ),
  }),
);

export const PodBriefSchema = named(
  'PodBrief',
  PodSchema.pick({ name: true, uid: true, phase: true, ready: true, revision: true, restarts: true, waitingReason: true, waitingMessage: true, deletionTimestamp: true }),
);

const cellShape = {
  node: z.string(),
  state: CellStateSchema,
  shouldRun: z.boolean(),
  shouldContinueRunning: z.boolean(),
  reasons: z.array(ReasonSchema),
  taintMismatch: z.string().optional(),
  revision: revision.optional(),
  blocking: z.enum(['bad-node', 'bad-pod']).optional(),
};
/** The engine's cell with whole pods (not itself an answer; checked against CellDTO). */
export const CellSchema = z.object({ ...cellShape, pods: z.array(PodSchema) });
export const GridCellSchema = named('GridCell', z.object({ ...cellShape, pods: z.array(PodBriefSchema) }));

export const RevisionSchema = named(
  'Revision',
  z.object({
    name: z.string(),
    revision: count,
    hash: z.string(),
    createdAt: isoTime,
    current: z.boolean(),
    diff: z.string(),
    changeCause: z.string().optional(),
  }),
);

export const RolloutDetailSchema = named(
  'RolloutDetail',
  z.object({
    ...rolloutSummaryShape,
    strategy: StrategySchema,
    desired: count,
    updated: count,
    available: count,
    budget: z.object({ maxUnavailable: count, maxSurge: count, unavailable: count }),
    blocking: z.object({
      badNode: z.array(z.object({ node: z.string(), reason: z.string() })),
      badPod: z.array(z.object({ node: z.string(), pod: z.string(), reason: z.string() })),
    }),
  }),
);

export const DaemonSetDetailResponseSchema = named(
  'DaemonSetDetailResponse',
  z.object({
    context: z.string(),
    version: count,
    /** Proxy mode: what was left out for lack of a right, in words. */
    limits: z.array(z.string()).optional(),
    agent: AgentSummarySchema,
    nodes: NodeTableSchema,
    cells: z.array(GridCellSchema),
    rollout: RolloutDetailSchema,
    revisions: z.array(RevisionSchema),
    tolerations: z.array(
      z.object({ key: z.string().optional(), operator: z.string().optional(), value: z.string().optional(), effect: z.string().optional(), addedByController: z.boolean().optional() }),
    ),
    affinity: z.unknown().optional().describe('The pod template affinity, as in the DaemonSet'),
    containers: z.array(z.string()).optional().describe('Container names of the pod template, in order'),
  }),
);

export const NodeAgentSchema = named(
  'NodeAgent',
  z.object({
    namespace: z.string(),
    name: z.string(),
    state: CellStateSchema,
    shouldRun: z.boolean(),
    shouldContinueRunning: z.boolean(),
    reasons: z.array(ReasonSchema),
    fixHint: z.string().optional(),
    revision: revision.optional(),
    pods: z.array(PodSchema),
  }),
);

export const EventSchema = named(
  'Event',
  z.object({ type: z.string(), reason: z.string(), message: z.string(), object: z.string(), count: count, lastSeen: isoTime }),
);

export const NodeDetailResponseSchema = named(
  'NodeDetailResponse',
  z.object({
    context: z.string(),
    version: count,
    /** Proxy mode: what was left out for lack of a right, in words. */
    limits: z.array(z.string()).optional(),
    node: z.object({
      name: z.string(),
      labels: z.record(z.string(), z.string()),
      taints: z.array(z.object({ key: z.string(), value: z.string().optional(), effect: z.string() })),
      conditions: z.array(
        z.object({
          type: z.string(),
          status: z.string(),
          reason: z.string().optional(),
          message: z.string().optional(),
          lastTransitionTime: isoTime.optional(),
          lastHeartbeatTime: isoTime.optional(),
        }),
      ),
      capacity: z.record(z.string(), z.string()),
      allocatable: z.record(z.string(), z.string()),
      kubeletVersion: z.string(),
      unschedulable: z.boolean(),
      createdAt: isoTime,
      ready: z.boolean(),
    }),
    agents: z.array(NodeAgentSchema),
    events: z.array(EventSchema),
  }),
);

const permission = z.object({ allowed: z.boolean(), reason: z.string().optional() });
export const PermissionsResponseSchema = named(
  'PermissionsResponse',
  z.object({ readOnly: z.boolean(), user: z.string().optional(), restart: permission, rollback: permission, recreate: permission, logs: permission }),
);

export const ActionResponseSchema = named(
  'ActionResponse',
  z.object({ ok: z.literal(true), message: z.string(), changed: z.boolean() }),
  'What an action changed, in words (kubectl-style)',
);

export const ErrorResponseSchema = named(
  'ErrorResponse',
  z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
  'Every refusal and failure: a code to branch on and a message naming the problem',
);

export const VersionEventSchema = named(
  'VersionEvent',
  z.object({ version: count, cache: CacheStatusSchema }),
  'Data of the `version` Server-Sent Event',
);

/** /api/healthz (200 when ready, 503 while syncing or stale; `status` is then the cache state). */
export const HealthResponseSchema = named(
  'HealthResponse',
  z.object({ status: z.enum(['ok', 'syncing', 'stale']), context: z.string(), cache: CacheStatusSchema }),
);

const logSearchStatus = z.enum(['matched', 'clean', 'failed', 'no-pod', 'skipped']);
export const LogSearchEventSchema = named(
  'LogSearchEvent',
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('start'), namespace: z.string(), name: z.string(), container: z.string(), nodes: z.array(z.string()), concurrency: count }),
    z.object({
      type: z.literal('node'),
      node: z.string(),
      status: logSearchStatus,
      pod: z.string().optional(),
      lines: count,
      matches: count,
      lastMatch: z.object({ text: z.string(), time: z.string().optional() }).optional(),
      reason: z.string().optional(),
      truncated: z.boolean().optional(),
      done: count,
    }),
    z.object({ type: z.literal('end'), done: count, total: count, matched: count, failed: count, bytes: count, elapsedMs: count, stopped: z.string().optional() }),
  ]),
  'One line of the log search stream (application/x-ndjson): a start line, one line per node as it answers, an end line',
);
