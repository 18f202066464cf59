import 'server-only';
import { createInterface } from 'node:readline';
import type { LogSearchEnd, LogSearchEvent, LogSearchNode } from '@/lib/api/dto';
import type { AgentCoverage } from '@/lib/coverage/results';
import { fromKubeError } from '@/lib/errors';
import type { Identity } from '@/lib/kube/contexts';
import type { SearchLogQuery } from './options';
import { compilePattern, type CompiledPattern } from './pattern';
import { chooseContainer, podOnNode, templateContainers, visibleAgent } from './target';
import { openPodLog } from './upstream';

/**
 * One search across every node's pod of an agent (stern-like fan-out, answered per node).
 *
 * Bounded so that a search cannot harm the cluster or the console: at most SEARCH_CONCURRENCY
 * pods/log requests in flight, each cut by the API server at PER_NODE_BYTES (limitBytes) and by
 * us at a per-node timeout; the whole search stops starting nodes once TOTAL_BYTES were read
 * (the rest are listed as skipped, with the reason). Each node's answer is emitted as soon as it
 * is known. The matched lines go to the requester only — never to the console's own log.
 */

export const SEARCH_CONCURRENCY = 16;
export const PER_NODE_BYTES = 2 * 1024 * 1024;
export const TOTAL_BYTES = 256 * 1024 * 1024;
export const PER_NODE_TIMEOUT_MS = 10_000;
export const DEFAULT_SEARCH_TAIL = 1000;
const MAX_MATCH_CHARS = 1000;

export interface SearchLimits {
  concurrency: number;
  perNodeBytes: number;
  totalBytes: number;
  perNodeTimeoutMs: number;
}
export const SEARCH_LIMITS: SearchLimits = { concurrency: SEARCH_CONCURRENCY, perNodeBytes: PER_NODE_BYTES, totalBytes: TOTAL_BYTES, perNodeTimeoutMs: PER_NODE_TIMEOUT_MS };

/** `2026-12-01T09:00:00.123456789Z text` (timestamps=true) → time and text. */
export function splitTimestamp(line: string): { time?: string; text: string } {
  const space = line.indexOf(' ');
  if (space > 0 && /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/.test(line.slice(0, space))) return { time: line.slice(0, space), text: line.slice(space + 1) };
  return { text: line };
}

/** The nodes a search covers: the eligible ones and those with a pod, narrowed to `only` if given. */
export function searchNodes(agent: AgentCoverage, only?: readonly string[]): string[] {
  const wanted = only ? new Set(only) : undefined;
  return agent.cells.filter((c) => (c.shouldRun || c.pods.length > 0) && (!wanted || wanted.has(c.node))).map((c) => c.node);
}

export interface SearchPlan {
  agent: AgentCoverage;
  container: string;
  pattern: CompiledPattern;
  nodes: string[];
}

/** Everything checked before the first request: pattern, agent, container, nodes. */
export async function planSearch(ctx: string, namespace: string, name: string, q: SearchLogQuery, viewer: Identity | undefined): Promise<SearchPlan> {
  const pattern = compilePattern(q.pattern, { regex: q.regex, matchCase: q.matchCase });
  const agent = await visibleAgent(ctx, namespace, name, viewer);
  const container = chooseContainer(q.container, templateContainers(agent), `daemonset ${namespace}/${name}`);
  return { agent, container, pattern, nodes: searchNodes(agent, q.nodes) };
}

interface NodeOutcome {
  result: Omit<LogSearchNode, 'type' | 'done'>;
  bytes: number;
}

async function searchOne(ctx: string, viewer: Identity | undefined, plan: SearchPlan, node: string, q: SearchLogQuery, limits: SearchLimits, signal: AbortSignal): Promise<NodeOutcome> {
  const cell = plan.agent.cells.find((c) => c.node === node);
  const pod = cell ? podOnNode(cell.pods) : undefined;
  if (!cell || !pod) return { result: { node, status: 'no-pod', lines: 0, matches: 0, reason: `no pod of the agent on this node${cell ? ` (${cell.state})` : ''}` }, bytes: 0 };
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(Object.assign(new Error('timeout'), { name: 'TimeoutError' })), limits.perNodeTimeoutMs);
  const onOuter = () => abort.abort();
  signal.addEventListener('abort', onOuter, { once: true });
  let bytes = 0;
  let lines = 0;
  let matches = 0;
  let lastMatch: LogSearchNode['lastMatch'];
  let closed: Promise<void> | undefined;
  try {
    const opened = await openPodLog(
      ctx,
      viewer,
      plan.agent.namespace,
      pod.name,
      {
        container: plan.container,
        tailLines: q.tailLines ?? (q.sinceSeconds === undefined ? DEFAULT_SEARCH_TAIL : undefined),
        sinceSeconds: q.sinceSeconds,
        previous: q.previous,
        timestamps: true,
        limitBytes: limits.perNodeBytes,
      },
      abort.signal,
      limits.perNodeTimeoutMs,
    );
    closed = opened.closed;
    const stream = opened.body;
    abort.signal.addEventListener('abort', () => stream.destroy(), { once: true });
    stream.on('data', (c: Buffer) => (bytes += c.length));
    const reader = createInterface({ input: stream, crlfDelay: Infinity });
    for await (const line of reader) {
      lines += 1;
      const { time, text } = splitTimestamp(line);
      if (plan.pattern.test(text)) {
        matches += 1;
        lastMatch = { text: text.slice(0, MAX_MATCH_CHARS), time };
      }
    }
    if (abort.signal.aborted) throw abort.signal.reason ?? new Error('aborted');
    const truncated = bytes >= limits.perNodeBytes;
    return { result: { node, pod: pod.name, status: matches > 0 ? 'matched' : 'clean', lines, matches, lastMatch, ...(truncated && { truncated }) }, bytes };
  } catch (err) {
    const timedOut = (abort.signal.reason as { name?: string } | undefined)?.name === 'TimeoutError' || (err as { code?: string }).code === 'ETIMEDOUT';
    const words = timedOut ? `no answer within ${limits.perNodeTimeoutMs / 1000} s` : fromKubeError(err).message;
    const notReady = cell.state === 'node-unhealthy' ? 'node NotReady: ' : '';
    return { result: { node, pod: pod.name, status: 'failed', lines, matches, lastMatch, reason: `${notReady}${words}` }, bytes };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onOuter);
    // The next node starts only once this request is really closed: "16 in flight" is exact.
    await closed;
  }
}

/**
 * Runs the plan, calling `emit` with a start event, one event per node as it answers, and an end
 * event. Resolves when every node answered, was skipped, or the signal aborted.
 */
export async function runSearch(
  ctx: string,
  viewer: Identity | undefined,
  plan: SearchPlan,
  q: SearchLogQuery,
  signal: AbortSignal,
  emit: (e: LogSearchEvent) => void,
  limits: SearchLimits = SEARCH_LIMITS,
): Promise<LogSearchEnd> {
  const t0 = Date.now();
  emit({ type: 'start', namespace: plan.agent.namespace, name: plan.agent.name, container: plan.container, nodes: plan.nodes, concurrency: limits.concurrency });
  let next = 0;
  let done = 0;
  let bytes = 0;
  let matched = 0;
  let failed = 0;
  let stopped: string | undefined;
  const report = (r: NodeOutcome['result']) => {
    done += 1;
    if (r.status === 'matched') matched += 1;
    if (r.status === 'failed' || r.status === 'skipped') failed += 1;
    emit({ type: 'node', ...r, done });
  };
  const worker = async () => {
    for (;;) {
      if (signal.aborted) return;
      const i = next++;
      if (i >= plan.nodes.length) return;
      const node = plan.nodes[i]!;
      if (bytes >= limits.totalBytes) {
        stopped ??= `the search's byte budget (${Math.round(limits.totalBytes / 1024 / 1024)} MiB) was used up`;
        report({ node, status: 'skipped', lines: 0, matches: 0, reason: stopped });
        continue;
      }
      const outcome = await searchOne(ctx, viewer, plan, node, q, limits, signal);
      bytes += outcome.bytes;
      if (signal.aborted) return;
      report(outcome.result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limits.concurrency, plan.nodes.length) }, worker));
  if (signal.aborted) stopped = 'the search was cancelled';
  const end: LogSearchEnd = { type: 'end', done, total: plan.nodes.length, matched, failed, bytes, elapsedMs: Date.now() - t0, ...(stopped && { stopped }) };
  emit(end);
  return end;
}
