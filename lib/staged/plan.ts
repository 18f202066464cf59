/**
 * A staged rollout plan: which nodes get the new pod template first (the canary), in which waves
 * the rest follow, and what makes a wave healthy enough to go on. Pure data; the driver
 * (lib/kube/staged) reads it back from the DaemonSet's annotations.
 */

export type CanarySpec =
  /** The first N eligible nodes by name. */
  | { kind: 'count'; count: number }
  /** Eligible nodes whose labels match every `key=value` (or `key`, for "has the label"). */
  | { kind: 'selector'; selector: string }
  /** Eligible nodes by name, e.g. picked in the grid. */
  | { kind: 'nodes'; nodes: string[] };

export type WavesSpec =
  /** Cumulative percentages of the eligible nodes left after the canary, e.g. [10, 50, 100]. */
  | { kind: 'percent'; percents: number[] }
  /** One wave per value of a node label (zone by zone), values in order; unlabelled nodes last. */
  | { kind: 'label'; label: string };

export interface Plan {
  canary: CanarySpec;
  waves: WavesSpec;
  /** How long a step's new pods must run without a restart, all Ready, before the next step. */
  soakSeconds: number;
  /** Auto-pause when a new pod's containers restarted more than this many times. */
  maxRestarts: number;
  /** Auto-pause when a new pod is still not Ready this long after it was created. */
  readyTimeoutSeconds: number;
  /** Roll back (restore the previous template and strategy) instead of pausing on a failure. */
  autoAbort: boolean;
}

export type Phase = 'running' | 'paused' | 'completed' | 'aborted';

/** Where a plan is: written to the DaemonSet on every transition. */
export interface Progress {
  phase: Phase;
  /** 0 = the canary, 1..n = the waves. */
  step: number;
  /** When the current step began (ms since the epoch). */
  stepStartedAt: number;
  /** Promote: every remaining node is a target and no gate holds the plan back. */
  promoted: boolean;
  /** Why the plan is paused or was aborted, in words (naming the pod and node when one caused it). */
  reason?: string;
  /**
   * Pods a person looked at and resumed past: uid → restarts at that moment. Their failure
   * does not pause the plan again; more restarts than acknowledged still do.
   */
  acked: Record<string, number>;
}

/** Who started the plan and on what: the audit trail on the object itself. */
export interface PlanRecord {
  plan: Plan;
  startedBy: string;
  startedAt: string;
  /**
   * metadata.generation the start left: the plan's own writes after that touch only annotations
   * (which do not move generation), so a different generation means someone edited the spec.
   */
  generation: number;
}

export const DEFAULT_PLAN: Plan = {
  canary: { kind: 'count', count: 1 },
  waves: { kind: 'percent', percents: [10, 50, 100] },
  soakSeconds: 120,
  maxRestarts: 2,
  readyTimeoutSeconds: 300,
  autoAbort: false,
};

/** Parses `a=b,c` into label requirements (equality or existence). */
export function parseSelector(selector: string): { key: string; value?: string }[] {
  return selector
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const eq = s.indexOf('=');
      return eq < 0 ? { key: s } : { key: s.slice(0, eq).trim(), value: s.slice(eq + 1).trim() };
    });
}

export function matchesSelector(labels: Record<string, string> | undefined, selector: string): boolean {
  const reqs = parseSelector(selector);
  if (reqs.length === 0) return false;
  return reqs.every((r) => labels !== undefined && r.key in labels && (r.value === undefined || labels[r.key] === r.value));
}
