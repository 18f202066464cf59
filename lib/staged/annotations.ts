import type { Phase, PlanRecord, Progress } from './plan';

/**
 * Everything a staged rollout knows lives on its DaemonSet, so a restarted console (or another
 * replica) continues from one GET and `kubectl get ds -o yaml` tells the story.
 */
export const ANNOTATIONS = {
  /** JSON PlanRecord: the plan, who started it and when, the template hash it rolls out. */
  plan: 'everynode.dev/rollout-plan',
  /** running | paused | completed | aborted */
  state: 'everynode.dev/rollout-state',
  /** The current step: 0 = canary, 1..n = waves. */
  wave: 'everynode.dev/rollout-wave',
  /** Why the plan is paused (or was aborted), in words. */
  pausedReason: 'everynode.dev/rollout-paused-reason',
  /** JSON Progress details: step start, promoted, acknowledged pods. */
  progress: 'everynode.dev/rollout-progress',
  /** JSON of spec.updateStrategy before the plan set OnDelete; restored at the end. */
  originalStrategy: 'everynode.dev/rollout-original-strategy',
  /** JSON of spec.template before the plan; restored on abort. Not kept in the watch cache. */
  previousTemplate: 'everynode.dev/rollout-previous-template',
} as const;

export const ANNOTATION_PREFIX = 'everynode.dev/rollout-';

/** The Lease that elects one driver per DaemonSet (namespace of the DaemonSet). */
export const leaseName = (daemonSet: string): string => `everynode-rollout-${daemonSet}`.slice(0, 253);

const PHASES: readonly Phase[] = ['running', 'paused', 'completed', 'aborted'];

export interface StagedRecord {
  record: PlanRecord;
  progress: Progress;
  originalStrategy: unknown;
}

function parse<T>(text: string | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** The plan on a DaemonSet, or undefined when it carries none (or a damaged one). */
export function readStaged(annotations: Record<string, string> | undefined): StagedRecord | undefined {
  if (!annotations) return undefined;
  const record = parse<PlanRecord>(annotations[ANNOTATIONS.plan]);
  const phase = annotations[ANNOTATIONS.state] as Phase | undefined;
  if (!record?.plan || !phase || !PHASES.includes(phase)) return undefined;
  const details = parse<Partial<Progress>>(annotations[ANNOTATIONS.progress]) ?? {};
  const step = Number.parseInt(annotations[ANNOTATIONS.wave] ?? '0', 10);
  const reason = annotations[ANNOTATIONS.pausedReason];
  return {
    record,
    progress: {
      phase,
      step: Number.isFinite(step) && step >= 0 ? step : 0,
      stepStartedAt: typeof details.stepStartedAt === 'number' ? details.stepStartedAt : Date.parse(record.startedAt) || 0,
      promoted: details.promoted === true,
      acked: details.acked && typeof details.acked === 'object' ? details.acked : {},
      ...(reason ? { reason } : {}),
    },
    originalStrategy: parse(annotations[ANNOTATIONS.originalStrategy]),
  };
}

/** The annotations that say where a plan is (a merge of these onto the DaemonSet). */
export function progressAnnotations(p: Progress): Record<string, string | null> {
  return {
    [ANNOTATIONS.state]: p.phase,
    [ANNOTATIONS.wave]: String(p.step),
    [ANNOTATIONS.pausedReason]: p.reason ?? null,
    [ANNOTATIONS.progress]: JSON.stringify({ stepStartedAt: p.stepStartedAt, promoted: p.promoted, acked: p.acked }),
  };
}

export function isActive(phase: Phase | undefined): boolean {
  return phase === 'running' || phase === 'paused';
}
