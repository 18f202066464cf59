import type { NodeChangeSpecDTO } from '@/lib/api/dto';
import { parseLabelArg, parseNodeChange, parseTaintArg } from '@/lib/change/node/model';

/** The change being edited: kubectl arguments as typed, checked with the server's own rules. */
export interface Draft {
  taints: string[];
  labels: string[];
  cordon: 'keep' | 'cordon' | 'uncordon';
}

export const emptyDraft = (): Draft => ({ taints: [], labels: [], cordon: 'keep' });

export function draftFrom(spec: NodeChangeSpecDTO | undefined): Draft {
  return {
    taints: [...(spec?.taints ?? [])],
    labels: [...(spec?.labels ?? [])],
    cordon: spec?.unschedulable === undefined ? 'keep' : spec.unschedulable ? 'cordon' : 'uncordon',
  };
}

export function specOf(d: Draft): NodeChangeSpecDTO {
  return {
    ...(d.taints.length ? { taints: d.taints } : {}),
    ...(d.labels.length ? { labels: d.labels } : {}),
    ...(d.cordon === 'keep' ? {} : { unschedulable: d.cordon === 'cordon' }),
  };
}

/** Problem of one argument, or undefined. */
export const taintProblem = (arg: string) => {
  const p = parseTaintArg(arg);
  return p.ok ? undefined : p.problem;
};
export const labelProblem = (arg: string) => {
  const p = parseLabelArg(arg);
  return p.ok ? undefined : p.problem;
};

/** The first problem of the whole change (empty, contradictory, a bad argument), or undefined. */
export function draftProblem(d: Draft): string | undefined {
  const p = parseNodeChange(specOf(d));
  return p.ok ? undefined : p.problem;
}
