import 'server-only';
import { z } from '@/lib/zod';
import { CSRF_HEADER } from '@/lib/api/dto';
import { MAX_BODY_BYTES, MAX_CHANGE_BODY_BYTES, ctxParams, daemonSetParams, emptyBody, namespaceName, nodeDaemonSetParams, nodeParams, rollbackBody } from '@/lib/api/params';
import { MAX_CHANGE_NODES, MAX_MULTI_NODE_BODY_BYTES, nodeChangeBody, nodePreviewBody, nodesChangeBody, nodesPreviewBody } from '@/lib/api/node-change-body';
import { nodeLogQuery, searchLogQuery } from '@/lib/kube/logs/options';
import { components } from '@/lib/api/schemas/responses';
import { agentChangeSchema, agentPatchSchema } from '@/lib/change/agent/schema';
import { stagedStartBody } from '@/lib/api/schemas/staged';
import pkg from '@/package.json';

/**
 * The OpenAPI 3.1 document of the HTTP API (served at GET /api/openapi.json). Nothing in it is
 * written twice: parameter and body schemas are the zod schemas the routes validate with
 * (lib/api/params.ts), answers are the response schemas that tsc holds equal to the DTO types
 * (lib/api/schemas). What is written here is only what zod cannot know: paths, methods, which
 * status codes each route answers, and why.
 */

type JsonSchema = Record<string, unknown>;
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required: boolean; description?: string; schema: JsonSchema };
type Responses = Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; description: string; content: Record<string, { schema: JsonSchema }> };
  responses: Responses;
}
export interface OpenApiDocument {
  openapi: '3.1.1';
  info: { title: string; version: string; description: string };
  paths: Record<string, Partial<Record<'get' | 'post', Operation>>>;
  components: { schemas: Record<string, JsonSchema> };
}

/**
 * Status of a request whose Host is not in the allow-list (EVERYNODE_ALLOWED_HOSTS): 421
 * Misdirected Request, the answer for "this server is not the one you named" (DNS rebinding).
 */
export const FOREIGN_HOST_STATUS = 421;

const ref = (id: string): JsonSchema => ({ $ref: `#/components/schemas/${id}` });

/** A generated schema without the keys that only a standalone JSON Schema document has. */
function fragment(schema: object): JsonSchema {
  const copy: JsonSchema = { ...schema };
  delete copy.$schema;
  delete copy.$id;
  return copy;
}

/** A parameter or body schema as a JSON Schema fragment of this document. */
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => fragment(z.toJSONSchema(schema, { io }));

const PARAM_DESCRIPTIONS: Record<string, string> = {
  ctx: 'kubeconfig context name (GET /api/clusters lists them); an unknown one answers 404',
  ns: 'namespace of the DaemonSet',
  name: 'name of the DaemonSet',
  node: 'node name',
};

/** Path parameters from a params schema of lib/api/params.ts, in path order. */
function pathParams(schema: z.ZodObject): Parameter[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'path',
    required: true,
    description: PARAM_DESCRIPTIONS[name],
    schema: jsonSchema(field as z.ZodType, 'input'),
  }));
}

/** Query parameters from a query schema (all optional unless the schema requires them). */
function queryParams(schema: z.ZodObject, descriptions: Record<string, string>): Parameter[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: !(field as z.ZodType).safeParse(undefined).success,
    description: descriptions[name],
    schema: jsonSchema(field as z.ZodType, 'input'),
  }));
}

const LOG_QUERY_WORDS: Record<string, string> = {
  container: 'container of the pod (default: the first)',
  tailLines: 'the last N lines (default 1000 when sinceSeconds is not given)',
  sinceSeconds: 'only lines written in the last N seconds (at most 7 days)',
  previous: 'the previous, terminated instance of the container (CrashLoopBackOff)',
  timestamps: 'prefix each line with the time the runtime recorded',
  follow: 'keep the response open and stream new lines as they are written',
  pattern: 'text to find (case-insensitive unless matchCase), or a regular expression with regex=true',
  regex: 'pattern is a regular expression (no backreferences, lookaround or nested quantifiers)',
  matchCase: 'match upper and lower case exactly',
  nodes: 'comma-separated node names to search (default: every node the agent should run on or has a pod on)',
};

const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const answer = (description: string, id: string) => ({ description, content: json(ref(id)) });
const error = (description: string) => answer(description, 'ErrorResponse');

/** Refusals every route can give before its own code runs (the Host allow-list, URL decoding). */
const EVERY_ROUTE: Responses = {
  '400': error('malformed URL (e.g. bad percent-encoding) or Host header, or a parameter that fails validation; the message names it'),
  [FOREIGN_HOST_STATUS]: error('the Host header is not one this server answers to (EVERYNODE_ALLOWED_HOSTS); nothing ran'),
  '431': error('the request line and headers are longer than the server accepts (16 KiB): a URL too long; nothing ran'),
};

/** Answers of routes that read a context's cache. */
const CACHE_READ: Responses = {
  ...EVERY_ROUTE,
  '403': error('Kubernetes RBAC forbids the read; the message is the API server\u2019s'),
  '404': error('unknown context, or the object does not exist in it'),
  '503': error('the context\u2019s cache is still syncing, or the Kubernetes API is unreachable'),
};

const csrfHeaders: Parameter[] = [
  {
    name: 'Origin',
    in: 'header',
    required: true,
    description: 'must be this server\u2019s own origin (scheme://host[:port] as addressed); any other, or none, is refused with 403',
    schema: { type: 'string', format: 'uri' },
  },
  {
    name: CSRF_HEADER,
    in: 'header',
    required: true,
    description: 'must be 1: a cross-site page cannot set it without a CORS preflight, which this server never grants; missing it is refused with 403',
    schema: { type: 'string', const: '1' },
  },
];

/** Answers of the actions, all from lib/http/run-action.ts. */
function action(
  operationId: string,
  summary: string,
  description: string,
  params: z.ZodObject,
  body: z.ZodType,
  { answerId = 'ActionResponse', maxBytes = MAX_BODY_BYTES, conflict = 'the object changed meanwhile; try again' } = {},
): Operation {
  return {
    operationId,
    summary,
    description: `${description}\n\nRefused before anything reaches the cluster: read-only mode, a missing or foreign Origin, a missing ${CSRF_HEADER} header, bad parameters or body. Acts as the signed-in person (impersonation in proxy mode); every attempt past validation is audited and recorded as an Event.`,
    tags: ['actions'],
    parameters: [...pathParams(params), ...csrfHeaders],
    requestBody: { required: false, description: `JSON, at most ${maxBytes} bytes; empty counts as {}`, content: json(jsonSchema(body, 'input')) },
    responses: {
      '200': answer('done, or nothing to do; `message` says which, in kubectl\u2019s words', answerId),
      ...EVERY_ROUTE,
      '400': error('a parameter or the body fails validation (the message names it), or the body is not JSON'),
      '403': error('read-only mode, cross-origin request (Origin), missing CSRF header, or Kubernetes RBAC forbids it'),
      '404': error('unknown context, or the DaemonSet, revision or pod does not exist'),
      '409': error(conflict),
      '413': error(`body larger than ${maxBytes} bytes`),
      '422': error('the Kubernetes API found the change invalid'),
      '429': error('the Kubernetes API is throttling requests'),
      '503': error('the Kubernetes API is unreachable'),
    },
  };
}

const DS = '/api/clusters/{ctx}/daemonsets/{ns}/{name}';

/** A node-change preview: POST because the change is a body, but it changes nothing. */
function nodePreview(operationId: string, summary: string, params: z.ZodObject, body: z.ZodType, maxBytes: number): Operation {
  return {
    operationId,
    summary,
    description:
      'Computed by the coverage engine on the live cache, with the DaemonSet controller\u2019s rules, for every agent: evicted (the controller deletes its pod: untolerated NoExecute, a selector label gone), stops (untolerated NoSchedule: no new pod, the running one stays), gains, unchanged. Each node\u2019s resourceVersion is to be sent back with the change.',
    tags: ['previews'],
    parameters: pathParams(params),
    requestBody: { required: true, description: `JSON, at most ${maxBytes} bytes`, content: json(jsonSchema(body, 'input')) },
    responses: {
      '200': answer('what the change would do, per agent', 'NodeChangePreviewResponse'),
      ...CACHE_READ,
      '400': error('the body fails validation (taint or label syntax, unknown effect, unknown field); the message names it'),
      '403': error('proxy mode: the person may not list nodes'),
      '404': error('unknown context, or a node that does not exist'),
      '413': error(`body larger than ${maxBytes} bytes`),
      '415': error('Content-Type is not application/json'),
      '429': error('too many expensive reads from this client'),
    },
  };
}

const NODE_CHANGE_NOTE =
  'One JSON merge patch per node carrying the previewed resourceVersion: a node that changed since the preview answers 409 and is not written. Taints in kubectl syntax (`key=value:Effect`, `key:Effect-`, `key-`), labels (`key=value`, `key-`), unschedulable (cordon/uncordon).';

function build(): OpenApiDocument {
  const { schemas } = z.toJSONSchema(components, { io: 'output', uri: (id) => `#/components/schemas/${id}` });
  const clean = Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, fragment(s)]));
  return {
    openapi: '3.1.1',
    info: {
      title: 'Everynode',
      version: pkg.version,
      description:
        'Is every node running its agents, and if not, why? Coverage of Kubernetes DaemonSets per node, computed with the DaemonSet controller\u2019s rules, and kubectl-style rollout actions. Every error answers with an ErrorResponse naming the problem.',
    },
    paths: {
      '/api/healthz': {
        get: {
          operationId: 'getHealth',
          summary: 'Readiness of the default context\u2019s cache',
          tags: ['operations'],
          responses: {
            '200': answer('the cache is synced and watching', 'HealthResponse'),
            ...EVERY_ROUTE,
            '503': {
              description: 'the cache is syncing or stale (HealthResponse), or no context could be loaded (ErrorResponse)',
              content: json({ anyOf: [ref('HealthResponse'), ref('ErrorResponse')] }),
            },
          },
        },
      },
      '/metrics': {
        get: {
          operationId: 'getMetrics',
          summary: 'Prometheus metrics: nodes per agent and state, cache staleness, watch restarts, SSE clients, actions',
          tags: ['operations'],
          responses: {
            '200': { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } },
            ...EVERY_ROUTE,
          },
        },
      },
      '/api/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document',
          tags: ['operations'],
          responses: { '200': { description: 'OpenAPI 3.1', content: json({ type: 'object' }) }, ...EVERY_ROUTE },
        },
      },
      '/api/clusters': {
        get: {
          operationId: 'listClusters',
          summary: 'Kubeconfig contexts, which one is current, each cache\u2019s state',
          tags: ['reads'],
          responses: { '200': answer('every context', 'ClustersResponse'), ...EVERY_ROUTE, '503': error('the kubeconfig could not be loaded') },
        },
      },
      '/api/clusters/{ctx}/coverage': {
        get: {
          operationId: 'getCoverage',
          summary: 'Every agent: counts, rollout summary, problems, exclusions, and a compact grid (one char per node)',
          tags: ['reads'],
          parameters: pathParams(ctxParams),
          responses: { '200': answer('coverage of every DaemonSet', 'CoverageResponse'), ...CACHE_READ },
        },
      },
      '/api/clusters/{ctx}/events': {
        get: {
          operationId: 'streamEvents',
          summary: 'Server-Sent Events: `version` on every change (data: VersionEvent), comment heartbeats',
          description: 'The stream does not end. Each `version` event carries `id: <version>` and `data: <VersionEvent JSON>` (components/schemas/VersionEvent); reconnecting with Last-Event-ID skips a version the client already has.',
          tags: ['reads'],
          parameters: [
            ...pathParams(ctxParams),
            { name: 'Last-Event-ID', in: 'header', required: false, description: 'last version seen; anything but a non-negative integer counts as absent', schema: { type: 'string' } },
            {
              name: 'probe',
              in: 'query',
              required: false,
              description: 'only ask whether a stream would be admitted now (EventSource cannot read a refusal): 204, or the refusal',
              schema: { type: 'string' },
            },
            {
              name: 'view',
              in: 'query',
              required: false,
              description:
                'live deltas (README "Live deltas"): a view the tab holds, `coverage[@<version>]` or `daemonset:<namespace>/<name>[@<version>]`, at most 4. The stream then sends `live` (the views), and per new version `delta` (ViewDelta), or `snapshot` (ViewSnapshotEvent) when the version held is unknown or too old, or `reset` (ViewResetEvent) when the view cannot be read',
              schema: { type: 'array', maxItems: 4, items: { type: 'string', pattern: '^(coverage|daemonset:[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?)(@[0-9]{1,16})?$' } },
            },
          ],
          responses: {
            '200': { description: 'an endless event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
            '204': { description: '`?probe`: a stream would be admitted now' },
            ...CACHE_READ,
            '429': error('this client already holds EVERYNODE_SSE_MAX_STREAMS_PER_CLIENT streams (Retry-After says when to try again)'),
            '503': error('the cache is still syncing, the Kubernetes API is unreachable, or the server holds EVERYNODE_SSE_MAX_STREAMS streams (Retry-After)'),
          },
        },
      },
      '/api/clusters/{ctx}/permissions': {
        get: {
          operationId: 'getPermissions',
          summary: 'What the person may do in a namespace (SelfSubjectAccessReview), and read-only mode',
          tags: ['reads'],
          parameters: [
            ...pathParams(ctxParams),
            { name: 'namespace', in: 'query', required: true, description: 'namespace the actions would act in', schema: jsonSchema(namespaceName, 'input') },
          ],
          responses: { '200': answer('each action: allowed, or why not', 'PermissionsResponse'), ...CACHE_READ },
        },
      },
      [DS]: {
        get: {
          operationId: 'getDaemonSet',
          summary: 'One agent: a cell per node with reasons and brief pods, rollout detail, revision history with diffs',
          tags: ['reads'],
          parameters: pathParams(daemonSetParams),
          responses: { '200': answer('the DaemonSet in detail', 'DaemonSetDetailResponse'), ...CACHE_READ, '429': error('too many expensive reads from this client (shared with node reads and previews)') },
        },
      },
      '/api/clusters/{ctx}/nodes/{node}': {
        get: {
          operationId: 'getNode',
          summary: 'One node: facts, every agent\u2019s state here with reasons and fix hints, pods, recent Events',
          tags: ['reads'],
          parameters: pathParams(nodeParams),
          responses: { '200': answer('the node in detail', 'NodeDetailResponse'), ...CACHE_READ, '429': error('too many expensive reads from this client (shared with DaemonSet reads and previews)') },
        },
      },
      '/api/clusters/{ctx}/nodes/{node}/daemonsets/{ns}/{name}/logs': {
        get: {
          operationId: 'getNodeLogs',
          summary: 'The agent\u2019s container log on that node (`kubectl logs`), streamed as text',
          description: 'Acts as the signed-in person (impersonation in proxy mode): `get pods/log` is Kubernetes\u2019 decision. With follow=true the response does not end until the client goes away or the stream\u2019s lifetime is up.',
          tags: ['reads'],
          parameters: [...pathParams(nodeDaemonSetParams), ...queryParams(nodeLogQuery, LOG_QUERY_WORDS)],
          responses: {
            '200': { description: 'the log lines, as the container wrote them', content: { 'text/plain': { schema: { type: 'string' } } } },
            ...CACHE_READ,
            '400': error('a parameter fails validation, the container is not one of the pod\u2019s, or the API server found no such log (e.g. the container never started)'),
            '404': error('unknown context, agent or node, or the agent has no pod on the node'),
            '429': error('too many log reads or followed logs from this client (Retry-After)'),
            '502': error('the API server could not reach the node (e.g. NotReady)'),
          },
        },
      },
      [`${DS}/logs/search`]: {
        get: {
          operationId: 'searchLogs',
          summary: 'Search the agent\u2019s logs on every node it runs on: one NDJSON line per node as it answers',
          description: 'At most 16 pods/log requests in flight, 2 MiB and 10 s per node, 256 MiB per search; nodes that cannot answer are listed with the reason. Each line is a LogSearchEvent.',
          tags: ['reads'],
          parameters: [...pathParams(daemonSetParams), ...queryParams(searchLogQuery, LOG_QUERY_WORDS)],
          responses: {
            '200': { description: 'LogSearchEvent lines: start, one per node, end', content: { 'application/x-ndjson': { schema: ref('LogSearchEvent') } } },
            ...CACHE_READ,
            '400': error('a parameter fails validation: an invalid or too costly regular expression, a bad tail or since, an unknown container'),
            '429': error('too many log searches from this client (Retry-After)'),
          },
        },
      },
      [`${DS}/restart`]: {
        post: action('restartDaemonSet', '`kubectl rollout restart`', 'Stamps the pod template with a restartedAt annotation, as kubectl does.', daemonSetParams, emptyBody),
      },
      [`${DS}/rollback`]: {
        post: action(
          'rollbackDaemonSet',
          '`kubectl rollout undo [--to-revision]`',
          'Puts the template of the previous revision (or of `toRevision`) back.',
          daemonSetParams,
          rollbackBody,
        ),
      },
      [`${DS}/preview`]: {
        post: {
          operationId: 'previewDaemonSetChange',
          summary: 'What a change of the agent would do, per node',
          description:
            'Changes nothing. The change (images, update strategy, minReadySeconds, tolerations, nodeSelector, required node affinity, a pod template as YAML, change-cause) is applied to the live DaemonSet; the coverage engine computes which nodes gain the agent, lose it (the controller deletes the pod) or get a new pod, the counts after settle and the rolling update plan; the API server dry-runs the same patch as the person (dryRun=All). Send `resourceVersion` back to the change route to apply exactly this.',
          tags: ['previews'],
          parameters: pathParams(daemonSetParams),
          requestBody: { required: true, description: `JSON, at most ${MAX_CHANGE_BODY_BYTES} bytes`, content: json(jsonSchema(agentPatchSchema, 'input')) },
          responses: {
            '200': answer('the per-node preview, the plan and the dry-run verdict', 'AgentPreviewResponse'),
            ...EVERY_ROUTE,
            '400': error('a parameter or a field of the change fails validation (the message names it; `causes` lists them), or the body is not JSON'),
            '401': error('proxy mode: no usable user header from the auth proxy'),
            '403': error('Kubernetes RBAC forbids reading or patching the DaemonSet (the dry run acts as the person)'),
            '404': error('unknown context, or the DaemonSet does not exist'),
            '409': error('the DaemonSet changed while the preview was computed; preview again'),
            '413': error(`body larger than ${MAX_CHANGE_BODY_BYTES} bytes`),
            '415': error('Content-Type is not application/json'),
            '422': error('the API server refused the change in its dry run; `causes` names each field'),
            '429': error('too many previews from this address, or the Kubernetes API is throttling'),
            '503': error('the context\u2019s cache is still syncing, or the Kubernetes API is unreachable'),
          },
        },
      },
      [`${DS}/change`]: {
        post: action(
          'changeDaemonSet',
          'Apply a previewed change of the agent',
          'The body is the previewed change plus the `resourceVersion` the preview answered; the patch is sent with that resourceVersion as its precondition, so nothing is written when the DaemonSet changed since. Then the controller rolls the new template out (the agent page shows it).',
          daemonSetParams,
          agentChangeSchema,
          { maxBytes: MAX_CHANGE_BODY_BYTES, conflict: 'the DaemonSet changed since the preview ("<name> changed since the preview; preview again"); nothing was written' },
        ),
      },
      [`${DS}/staged`]: {
        get: {
          operationId: 'getStagedRollout',
          summary: 'The agent\u2019s staged rollout: steps (canary, waves) with their nodes and state, gate timer, pause reason, and who drives it (Lease)',
          tags: ['reads'],
          parameters: pathParams(daemonSetParams),
          responses: { '200': answer('the plan, or `staged: null` when the agent has none', 'StagedResponse'), ...CACHE_READ },
        },
        post: action(
          'startStagedRollout',
          'Start a staged rollout of a new pod template',
          'One patch sets updateStrategy OnDelete, the new `spec.template` and the plan\u2019s annotations (everynode.dev/rollout-*); the console\u2019s driver then deletes old pods wave by wave within the original maxUnavailable, and restores the strategy at the end. 409 when a plan is already active; 422 when the canary matches no node or the template is unchanged.',
          daemonSetParams,
          stagedStartBody,
        ),
      },
      [`${DS}/staged/pause`]: {
        post: action('pauseStagedRollout', 'Pause the staged rollout', 'The driver deletes no more pods until it is resumed. 409 when no plan is active.', daemonSetParams, emptyBody),
      },
      [`${DS}/staged/resume`]: {
        post: action(
          'resumeStagedRollout',
          'Resume a paused staged rollout',
          'Pods failing now are acknowledged (more restarts still pause). 409 when no plan is paused, or the DaemonSet was edited by hand during the plan.',
          daemonSetParams,
          emptyBody,
        ),
      },
      [`${DS}/staged/promote`]: {
        post: action('promoteStagedRollout', 'Promote the staged rollout', 'Every remaining node follows without gates, still within maxUnavailable; failures still pause. 409 when no plan is active.', daemonSetParams, emptyBody),
      },
      [`${DS}/staged/abort`]: {
        post: action(
          'abortStagedRollout',
          'Abort the staged rollout',
          'Restores the previous pod template and the original update strategy: the controller then puts the updated nodes back on the old revision. 409 when no plan is active.',
          daemonSetParams,
          emptyBody,
        ),
      },
      '/api/clusters/{ctx}/nodes/{node}/daemonsets/{ns}/{name}/recreate': {
        post: action(
          'recreateDaemonPod',
          'Delete that agent\u2019s pod on that node',
          'The DaemonSet controller then creates a fresh one.',
          nodeDaemonSetParams,
          emptyBody,
        ),
      },
      '/api/clusters/{ctx}/nodes/{node}/preview': {
        post: nodePreview('previewNodeChange', 'What a taint, label or cordon change of one node would do to every agent', nodeParams, nodePreviewBody, MAX_BODY_BYTES),
      },
      '/api/clusters/{ctx}/nodes/preview': {
        post: nodePreview('previewNodesChange', `The same change on up to ${MAX_CHANGE_NODES} nodes: counts per agent`, ctxParams, nodesPreviewBody, MAX_MULTI_NODE_BODY_BYTES),
      },
      '/api/clusters/{ctx}/nodes/{node}/change': {
        post: action('changeNode', '`kubectl taint` / `label` / `cordon` of one node', NODE_CHANGE_NOTE, nodeParams, nodeChangeBody, { answerId: 'NodeChangeResponse' }),
      },
      '/api/clusters/{ctx}/nodes/change': {
        post: action(
          'changeNodes',
          `The same change on up to ${MAX_CHANGE_NODES} nodes`,
          `${NODE_CHANGE_NOTE} Each node\u2019s result is reported on its own (200 with per-node results, failures included, never retried).`,
          ctxParams,
          nodesChangeBody,
          { answerId: 'NodeChangeResponse', maxBytes: MAX_MULTI_NODE_BODY_BYTES },
        ),
      },
    },
    components: { schemas: clean },
  };
}

let cached: OpenApiDocument | undefined;

/** The document, built once per process (it depends on nothing but the code). */
export function openApiDocument(): OpenApiDocument {
  cached ??= build();
  return cached;
}
