import { resolveStrategy } from '@/lib/coverage/strategy';
import type { KDaemonSet } from '@/lib/coverage/k8s';
import type { Cell } from '@/lib/coverage/types';
import { readStaged, type StagedRecord } from './annotations';
import { decide, livePod, type Decision } from './decide';
import type { Phase, Plan } from './plan';
import { planSteps, type LabelsOf, type Step } from './steps';

/**
 * The budget a plan replaces pods within: the DaemonSet's own RollingUpdate maxUnavailable from
 * before the plan, resolved against desired with the controller's rounding (percentages up,
 * 0 → 1). A DaemonSet that was OnDelete already gets one pod at a time.
 */
export function planBudget(originalStrategy: unknown, desired: number): number {
  const s = resolveStrategy({ spec: { updateStrategy: originalStrategy as never } } as KDaemonSet, desired);
  return s.type === 'RollingUpdate' ? Math.max(1, s.maxUnavailable) : 1;
}

export type StepState = 'done' | 'current' | 'pending';

export interface StagedStep {
  name: string;
  value?: string;
  nodes: string[];
  state: StepState;
  /** Nodes of this step already running a Ready new pod. */
  updated: number;
}

export interface StagedView {
  phase: Phase;
  step: number;
  steps: StagedStep[];
  plan: Plan;
  startedBy: string;
  startedAt: string;
  promoted: boolean;
  reason?: string;
  /** What a running plan waits for or does next, in words. */
  status: string;
  soak?: { since: number; until: number };
  maxUnavailable: number;
}

export interface StagedInput {
  ds: KDaemonSet;
  cells: readonly Cell[];
  labelsOf: LabelsOf;
  now: number;
}

export interface StagedState {
  staged: StagedRecord;
  steps: Step[];
  maxUnavailable: number;
  decision: Decision | undefined;
}

/** Steps, budget and (for a running plan) the next decision, from the DaemonSet and its cells. */
export function stagedState(input: StagedInput, deleting?: ReadonlySet<string>): StagedState | undefined {
  const staged = readStaged(input.ds.metadata?.annotations);
  if (!staged) return undefined;
  const eligible = input.cells.filter((c) => c.shouldRun).map((c) => c.node);
  const steps = planSteps(staged.record.plan, eligible, input.labelsOf);
  const maxUnavailable = planBudget(staged.originalStrategy, eligible.length);
  const decision =
    staged.progress.phase === 'running'
      ? decide({ plan: staged.record.plan, progress: staged.progress, steps, cells: input.cells, maxUnavailable, now: input.now, deleting })
      : undefined;
  return { staged, steps, maxUnavailable, decision };
}

/** What the panel and the API show of a plan. */
export function stagedView(input: StagedInput): StagedView | undefined {
  const state = stagedState(input);
  if (!state) return undefined;
  const { staged, steps, decision } = state;
  const { progress, record } = staged;
  const byNode = new Map(input.cells.map((c) => [c.node, c]));
  const finished = progress.phase === 'completed';
  const view: StagedView = {
    phase: progress.phase,
    step: progress.step,
    plan: record.plan,
    startedBy: record.startedBy,
    startedAt: record.startedAt,
    promoted: progress.promoted,
    maxUnavailable: state.maxUnavailable,
    status: statusText(progress.phase, decision, progress.reason),
    steps: steps.map((s, i) => ({
      ...s,
      state: finished || i < progress.step ? 'done' : i === progress.step || (progress.promoted && progress.phase === 'running') ? 'current' : 'pending',
      updated: s.nodes.filter((n) => {
        const p = byNode.get(n) && livePod(byNode.get(n)!);
        return p?.revision === 'current' && p.ready;
      }).length,
    })),
  };
  if (progress.reason) view.reason = progress.reason;
  if (decision?.type === 'wait' && decision.soak) view.soak = decision.soak;
  return view;
}

function statusText(phase: Phase, d: Decision | undefined, reason: string | undefined): string {
  switch (phase) {
    case 'paused':
      return `paused: ${reason ?? 'by a person'}`;
    case 'completed':
      return 'completed: every node runs the new template';
    case 'aborted':
      return `aborted${reason ? `: ${reason}` : ''}`;
    case 'running':
      if (!d) return 'running';
      if (d.type === 'wait' || d.type === 'delete' || d.type === 'advance' || d.type === 'complete') return d.why;
      return d.reason;
  }
}

/** The overview's one line: which step of how many, and why it is paused. */
export interface StagedSummary {
  phase: Phase;
  step: number;
  /** Steps including the canary. */
  steps: number;
  reason?: string;
}

export function stagedSummary(input: Omit<StagedInput, 'now'>): StagedSummary | undefined {
  const staged = readStaged(input.ds.metadata?.annotations);
  if (!staged) return undefined;
  const eligible = input.cells.filter((c) => c.shouldRun).map((c) => c.node);
  const { progress } = staged;
  return { phase: progress.phase, step: progress.step, steps: planSteps(staged.record.plan, eligible, input.labelsOf).length, ...(progress.reason ? { reason: progress.reason } : {}) };
}
