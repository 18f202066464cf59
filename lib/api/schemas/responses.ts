/**
 * Zod schemas of every JSON answer of the HTTP API, for the OpenAPI document (lib/api/openapi.ts).
 * The TypeScript types in lib/api/dto.ts stay the source the code is written against; drift.ts makes
 * tsc fail when a schema here and its DTO type stop describing the same values, in either direction.
 * Each exported schema carries an `id`: it becomes a named component of the document.
 */
import { z } from '@/lib/zod';
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

export const StagedPhaseSchema = z.enum(['running', 'paused', 'completed', 'aborted']);
export const StagedSummarySchema = named(
  'StagedSummary',
  z.object({ phase: StagedPhaseSchema, step: count, steps: count, reason: z.string().optional() }),
  'Where a staged rollout is: step (0 = canary) of steps, and why it is paused',
);

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
    staged: StagedSummarySchema.optional(),
  }),
);

const causeShape = {
  source: z.enum(['controller', 'scheduler', 'kubelet', 'api-server']),
  category: z.string(),
  label: z.string(),
  message: z.string(),
  count: count,
  lastSeen: z.string().describe("ISO 8601 time, '' when unknown"),
  object: z.string(),
  backoff: z.boolean().optional(),
};
export const CauseSchema = named(
  'Cause',
  z.object({ ...causeShape, hint: z.string().optional() }),
  "Why a cell that should run a pod has none running: the controller's, scheduler's or kubelet's words",
);
export const AgentCauseSchema = named('AgentCause', z.object({ ...causeShape, cells: count }), "One of an agent's distinct causes, with the number of cells it explains");

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
    agents: z.array(AgentSummarySchema.extend({ grid: z.string().regex(/^[FMUXSOR-]*$/), causes: z.array(AgentCauseSchema).optional() })),
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
export const GridCellSchema = named('GridCell', z.object({ ...cellShape, pods: z.array(PodBriefSchema), cause: CauseSchema.optional() }));

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

export const TolerationSchema = named(
  'Toleration',
  z.object({ key: z.string().optional(), operator: z.string().optional(), value: z.string().optional(), effect: z.string().optional(), tolerationSeconds: z.number().nullable().optional() }),
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
    fix: z
      .object({
        tolerations: z.array(TolerationSchema),
        labels: z.record(z.string(), z.string().nullable()),
      })
      .optional(),
    revision: revision.optional(),
    pods: z.array(PodSchema),
    cause: CauseSchema.optional(),
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
  z.object({ readOnly: z.boolean(), user: z.string().optional(), restart: permission, rollback: permission, recreate: permission, change: permission, changeNode: permission, logs: permission }),
);

export const ActionResponseSchema = named(
  'ActionResponse',
  z.object({ ok: z.literal(true), message: z.string(), changed: z.boolean() }),
  'What an action changed, in words (kubectl-style)',
);

export const NodeChangeSpecSchema = named(
  'NodeChangeSpec',
  z.object({ taints: z.array(z.string()).optional(), labels: z.array(z.string()).optional(), unschedulable: z.boolean().optional() }),
  "A node change in kubectl's argument syntax: taints `key=value:Effect` / `key:Effect-` / `key-`, labels `key=value` / `key-`, unschedulable (cordon)",
);
const effectCounts = z.object({ evicted: count, stops: count, gains: count, unchanged: count });
const beforeAfter = z.object({ before: count, after: count });
export const NodeChangePreviewResponseSchema = named(
  'NodeChangePreviewResponse',
  z.object({
    context: z.string(),
    version: count,
    change: NodeChangeSpecSchema,
    nodes: z.array(
      z.object({
        name: z.string(),
        resourceVersion: z.string(),
        changed: z.boolean(),
        ops: z.array(z.object({ change: z.string(), changed: z.boolean(), note: z.string().optional() })),
      }),
    ),
    agents: z.array(
      z.object({
        namespace: z.string(),
        name: z.string(),
        counts: effectCounts,
        nodes: z.object({ evicted: z.array(z.string()), stops: z.array(z.string()), gains: z.array(z.string()) }),
        podsDeleted: count,
        reasons: z.record(z.string(), count),
        desired: beforeAfter,
        misscheduled: beforeAfter,
      }),
    ),
    totals: effectCounts,
    notes: z.array(z.string()),
    limits: z.array(z.string()).optional(),
  }),
  'What a node change would do to every agent: evicted (the controller deletes the pod), stops (no new pod; the running one stays), gains, unchanged',
);
export const NodeChangeResponseSchema = named(
  'NodeChangeResponse',
  z.object({
    ok: z.literal(true),
    message: z.string(),
    changed: z.boolean(),
    results: z.array(
      z.object({
        node: z.string(),
        result: z.enum(['changed', 'unchanged', 'failed']),
        status: z.number().int(),
        message: z.string(),
        resourceVersion: z.string().optional(),
      }),
    ),
    counts: z.object({ changed: count, unchanged: count, failed: count }),
  }),
  'A node change applied: one result per node, failures reported per node and not retried',
);

export const ErrorResponseSchema = named(
  'ErrorResponse',
  z.object({ error: z.object({ code: z.string(), message: z.string(), causes: z.array(z.object({ field: z.string(), message: z.string() })).optional() }) }),
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

const requirement = z.object({ key: z.string().optional(), operator: z.string().optional(), values: z.array(z.string()).optional() });
export const NodeSelectorTermSchema = named('NodeSelectorTerm', z.object({ matchExpressions: z.array(requirement).optional(), matchFields: z.array(requirement).optional() }));
const intOrString = z.union([z.number(), z.string()]);
export const AgentSettingsSchema = named(
  'AgentSettings',
  z.object({
    containers: z.array(z.object({ name: z.string(), image: z.string(), init: z.boolean() })),
    strategy: z.discriminatedUnion('type', [
      z.object({ type: z.literal('RollingUpdate'), maxUnavailable: intOrString, maxSurge: intOrString }),
      z.object({ type: z.literal('OnDelete') }),
    ]),
    minReadySeconds: count,
    tolerations: z.array(TolerationSchema),
    nodeSelector: z.record(z.string(), z.string()),
    requiredNodeAffinity: z.array(NodeSelectorTermSchema).nullable(),
    templateYaml: z.string(),
    changeCause: z.string().optional(),
  }),
  'A DaemonSet\u2019s settings as the change form shows them',
);

export const AgentPreviewResponseSchema = named(
  'AgentPreviewResponse',
  z.object({
    context: z.string(),
    namespace: z.string(),
    name: z.string(),
    resourceVersion: z.string(),
    changes: z.boolean(),
    templateChanged: z.boolean(),
    gain: z.array(z.string()),
    lose: z.array(z.object({ node: z.string(), reasons: z.array(ReasonSchema) })),
    replace: z.array(z.string()),
    counts: z.object({ gain: count, lose: count, replace: count, unchanged: count }),
    settled: z.object({ desired: count, current: count, misscheduled: count }),
    rollout: z.object({
      type: z.enum(['RollingUpdate', 'OnDelete']),
      maxUnavailable: count,
      maxSurge: count,
      batch: count,
      waves: count,
      podReadyMs: z.number().nonnegative().optional(),
      estimateMs: z.number().nonnegative().optional(),
      pendingOnDelete: count,
      invalid: z.string().optional(),
    }),
    summary: z.string(),
    dryRun: z.object({ ok: z.literal(true), generation: z.int().optional() }),
    diff: z.string(),
    current: AgentSettingsSchema,
    template: z.record(z.string(), z.unknown()).optional(),
  }),
  'What a change of an agent would do on every node, and the API server\u2019s dry-run verdict',
);

/** Live deltas on the event stream (`?view=`; README "Live deltas"). */
const LiveViewNameSchema = z.union([z.literal('coverage'), z.templateLiteral(['daemonset:', z.string(), '/', z.string()])]);

export const LiveViewsEventSchema = named('LiveViewsEvent', z.object({ views: z.array(LiveViewNameSchema) }), 'Data of the `live` Server-Sent Event: the views the stream keeps up to date');

export const RowsDeltaSchema = named(
  'RowsDelta',
  z.object({
    order: z.array(z.string()).optional().describe('the full new key order, only when keys were added or removed'),
    upsert: z.array(z.tuple([z.string(), z.unknown()])).optional().describe('[key, row] of rows that changed or are new'),
  }),
);

export const ViewDeltaSchema = named(
  'ViewDelta',
  z.object({
    view: LiveViewNameSchema,
    from: count,
    to: count,
    set: z.record(z.string(), z.unknown()).optional().describe('top-level fields whose value changed'),
    unset: z.array(z.string()).optional().describe('top-level fields that are gone'),
    rows: z.record(z.string(), RowsDeltaSchema).optional().describe('per row list (`nodes`; `agents` in coverage)'),
  }),
  'Data of the `delta` Server-Sent Event: what changed in one view from version `from` to `to`',
);

export const ViewSnapshotEventSchema = named(
  'ViewSnapshotEvent',
  z.object({ view: LiveViewNameSchema, snapshot: z.union([CoverageResponseSchema, DaemonSetDetailResponseSchema]) }),
  'Data of the `snapshot` Server-Sent Event: the whole view, for a tab deltas cannot bring up to date',
);

export const ViewResetEventSchema = named(
  'ViewResetEvent',
  z.object({ view: LiveViewNameSchema, message: z.string() }),
  'Data of the `reset` Server-Sent Event: the view cannot be read now (e.g. deleted); refetch it to see why',
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
