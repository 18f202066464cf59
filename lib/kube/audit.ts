import 'server-only';
import os from 'node:os';
import { CoreV1Api, type CoreV1Event } from '@kubernetes/client-node';
import { fromKubeError } from '@/lib/errors';
import { apiFor } from '@/lib/kube/contexts';
import { actionsTotal } from '@/lib/kube/metrics';
import { logger } from '@/lib/log';

export type ActionName =
  | 'restart'
  | 'rollback'
  | 'recreate'
  | 'change'
  | 'change-node'
  | 'staged-start'
  | 'staged-pause'
  | 'staged-resume'
  | 'staged-promote'
  | 'staged-abort'
  /** The staged-rollout driver's own moves (pods deleted, step passed, auto-pause, end). */
  | 'staged-step';
/**
 * - changed / unchanged: the action ran (unchanged: nothing to do, or a repeat answered once);
 * - refused: not allowed (read-only mode, CSRF, not signed in, Kubernetes RBAC: 401/403);
 * - invalid: the request itself was malformed (400, 413, 415);
 * - failed: anything else (the object or revision is missing, a conflict, the cluster failed).
 */
export type AuditResult = 'changed' | 'unchanged' | 'refused' | 'invalid' | 'failed';

export interface AuditRecord {
  /** The kubeconfig context asked for (as sent, when it did not validate). */
  ctx: string;
  action: ActionName;
  /** Who acted (a user name, never a credential); "(not identified)" when refused before that. */
  actor: string;
  /** Groups impersonated with the user (auth-proxy mode). */
  groups?: string[];
  /** Where the request came from: X-Forwarded-For (the proxy's, or the socket address Next adds) and User-Agent. */
  client?: { address?: string; userAgent?: string };
  /** A DaemonSet unless `kind` says Node (cluster-scoped: namespace ''). */
  target: { kind?: 'Node'; namespace: string; name: string; uid?: string; node?: string };
  result: AuditResult;
  /** HTTP status of the answer. */
  status?: number;
  /** The answer given to the user (or the error message). */
  message: string;
  /** Extra request detail worth keeping (e.g. the requested revision). */
  detail?: Record<string, string | number>;
}

const REASONS: Record<ActionName, string> = {
  restart: 'EverynodeRestart',
  rollback: 'EverynodeRollback',
  recreate: 'EverynodeRecreate',
  change: 'EverynodeChange',
  'change-node': 'EverynodeNodeChange',
  'staged-start': 'EverynodeStagedStart',
  'staged-pause': 'EverynodeStagedPause',
  'staged-resume': 'EverynodeStagedResume',
  'staged-promote': 'EverynodeStagedPromote',
  'staged-abort': 'EverynodeStagedAbort',
  'staged-step': 'EverynodeStagedStep',
};

/** Events about cluster-scoped objects live in "default", as the kubelet's Node Events do. */
const CLUSTER_EVENTS_NAMESPACE = 'default';

export function resultOf(status: number): Exclude<AuditResult, 'changed' | 'unchanged'> {
  if (status === 401 || status === 403) return 'refused';
  if (status === 400 || status === 413 || status === 415) return 'invalid';
  return 'failed';
}

/**
 * Records every action attempt, refusals included: always a structured log line and the everynode_actions_total counter; a
 * Kubernetes Event on the DaemonSet when the action changed something, so `kubectl describe
 * daemonset` shows who did what. The Event is written with the console's own credentials (the
 * person may not be allowed to create Events) and its failure never fails the action.
 */
export async function audit(record: AuditRecord): Promise<void> {
  const level = record.result === 'changed' || record.result === 'unchanged' ? 'info' : 'warn';
  logger[level]({ audit: record }, `action ${record.action} ${record.result}`);
  actionsTotal.inc({ action: record.action, result: record.result });
  if (!shouldRecordEvent(record)) return;
  try {
    const body = eventFor(record, new Date());
    await apiFor(record.ctx, CoreV1Api).createNamespacedEvent({ namespace: body.metadata!.namespace!, body });
  } catch (err) {
    logger.warn({ audit: { ctx: record.ctx, action: record.action, target: record.target }, err: fromKubeError(err).message }, 'could not record audit Event');
  }
}

function shouldRecordEvent(r: AuditRecord): boolean {
  return r.result === 'changed';
}

/** The core/v1 Event naming the person, as `kubectl describe daemonset` (or `node`) lists it. */
export function eventFor(r: AuditRecord, now: Date): CoreV1Event {
  const uid = r.target.uid ? { uid: r.target.uid } : {};
  const onNode = r.target.kind === 'Node';
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { generateName: `${r.target.name}.everynode-`, namespace: onNode ? CLUSTER_EVENTS_NAMESPACE : r.target.namespace },
    involvedObject: onNode
      ? { apiVersion: 'v1', kind: 'Node', name: r.target.name, ...uid }
      : { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: r.target.namespace, name: r.target.name, ...uid },
    reason: REASONS[r.action],
    message: `${r.actor} ${eventVerb(r)} via Everynode`.slice(0, 1000),
    type: 'Normal',
    source: { component: 'everynode', host: os.hostname() },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  };
}

const STAGED_VERBS = { 'staged-start': 'started', 'staged-pause': 'paused', 'staged-resume': 'resumed', 'staged-promote': 'promoted', 'staged-abort': 'aborted' } as const;

function eventVerb(r: AuditRecord): string {
  switch (r.action) {
    case 'restart':
      return 'restarted the DaemonSet';
    case 'rollback':
      return `rolled the DaemonSet back${r.detail?.revision !== undefined ? ` to revision ${r.detail.revision}` : ''}`;
    case 'recreate':
      return `deleted ${r.detail?.pods ?? 'the pod'} on node ${r.target.node ?? '(unknown)'} so the controller recreates it`;
    case 'change':
      return `changed the DaemonSet (${r.detail?.fields ?? 'spec'})${r.detail?.changeCause ? `: ${r.detail.changeCause}` : ''}`;
    case 'change-node':
      return `changed node ${r.target.name}${r.detail?.change !== undefined ? ` (${r.detail.change})` : ''}`;
    case 'staged-start':
    case 'staged-pause':
    case 'staged-resume':
    case 'staged-promote':
    case 'staged-abort':
      return `${STAGED_VERBS[r.action]} a staged rollout (${r.message})`;
    case 'staged-step':
      return `drove a staged rollout: ${r.message}`;
  }
}
