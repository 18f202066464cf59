import 'server-only';
import { ANNOTATIONS, progressAnnotations } from '@/lib/staged/annotations';
import type { Progress } from '@/lib/staged/plan';

/** RFC 6902 operations; JSON Patch because only it can `test` a value first (optimistic locking). */
export type JsonPatchOp = { op: 'add' | 'replace' | 'test'; path: string; value: unknown } | { op: 'remove'; path: string };

const pointer = (key: string) => `/metadata/annotations/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** Sets (string) or removes (null) annotations, given the ones the object has now. */
export function annotationOps(current: Record<string, string> | undefined, wanted: Record<string, string | null>): JsonPatchOp[] {
  const ops: JsonPatchOp[] = [];
  if (!current) ops.push({ op: 'add', path: '/metadata/annotations', value: {} });
  for (const [key, value] of Object.entries(wanted)) {
    if (value === null) {
      if (current && key in current) ops.push({ op: 'remove', path: pointer(key) });
    } else ops.push({ op: 'add', path: pointer(key), value });
  }
  return ops;
}

/** Fails the whole patch (422 "test operation failed") unless the plan is still where we think. */
export function expectProgress(p: Pick<Progress, 'phase' | 'step'>): JsonPatchOp[] {
  return [
    { op: 'test', path: pointer(ANNOTATIONS.state), value: p.phase },
    { op: 'test', path: pointer(ANNOTATIONS.wave), value: String(p.step) },
  ];
}

export function progressOps(current: Record<string, string> | undefined, p: Progress): JsonPatchOp[] {
  return annotationOps(current, progressAnnotations(p));
}

/** Back to the strategy from before the plan (and, on abort, the template). */
export function restoreOps(
  current: Record<string, string> | undefined,
  originalStrategy: unknown,
  previousTemplate: unknown | undefined,
  p: Progress,
): JsonPatchOp[] {
  return [
    { op: 'replace', path: '/spec/updateStrategy', value: originalStrategy ?? { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } } },
    ...(previousTemplate ? [{ op: 'replace' as const, path: '/spec/template', value: previousTemplate }] : []),
    ...annotationOps(current, { ...progressAnnotations(p), [ANNOTATIONS.originalStrategy]: null, [ANNOTATIONS.previousTemplate]: null }),
  ];
}
