/**
 * Pure parts of `kubectl rollout undo` for DaemonSets: which ControllerRevision to restore and
 * whether the DaemonSet already matches it. No I/O: callers pass plain JSON objects.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go (DaemonSetRollbacker)
 */
import { storedTemplate } from '@/lib/coverage/revision-origin';

/** The fields of a ControllerRevision that rollback needs. */
export interface RevisionLike {
  revision: number;
  /** The strategic merge patch the controller stored: {"spec":{"template":{...,"$patch":"replace"}}}. */
  data: unknown;
  metadata?: { name?: string; labels?: Record<string, string>; ownerReferences?: { uid?: string; controller?: boolean }[] };
}

export type RevisionChoice<R extends RevisionLike> = { ok: true; revision: R } | { ok: false; message: string };

export const revisionNotFound = (toRevision: number) => `unable to find specified revision ${toRevision} in history`;
export const NO_LAST_REVISION = 'no last revision to roll back to';

/**
 * The revision to roll back to: `toRevision` 0 means the previous one (second highest revision
 * number), any other value that exact revision.
 * @see findHistory in kubectl rollback.go
 */
export function chooseRevision<R extends RevisionLike>(history: readonly R[], toRevision: number): RevisionChoice<R> {
  if (toRevision < 0 || !Number.isInteger(toRevision)) return { ok: false, message: revisionNotFound(toRevision) };
  if (toRevision === 0) {
    if (history.length <= 1) return { ok: false, message: NO_LAST_REVISION };
    const sorted = [...history].sort((a, b) => a.revision - b.revision);
    return { ok: true, revision: sorted[sorted.length - 2] as R };
  }
  const found = history.find((h) => h.revision === toRevision);
  return found ? { ok: true, revision: found } : { ok: false, message: revisionNotFound(toRevision) };
}

/**
 * The strategic merge patch rollback sends: the revision's pod template, replacing the current
 * one, and nothing else, whatever else the revision's data might hold.
 */
export function templateRestorePatch(revision: RevisionLike): { spec: { template: Record<string, unknown> } } | undefined {
  const template = storedTemplate(revision.data);
  return template && { spec: { template: { ...template, $patch: 'replace' } } };
}


/**
 * The patch the DaemonSet controller stores for the DaemonSet's current template; rollback
 * compares it with a revision's data to decide "skipped rollback".
 * @see getDaemonSetPatch in kubectl rollback.go / getPatch in pkg/controller/daemon/update.go
 */
export function currentTemplatePatch(rawDaemonSet: { spec?: { template?: unknown } }): unknown {
  const template = rawDaemonSet.spec?.template;
  const templateObject = template && typeof template === 'object' ? template : {};
  return { spec: { template: { ...templateObject, $patch: 'replace' } } };
}

/**
 * Whether the DaemonSet's template already equals the revision's. kubectl compares the bytes of
 * two Go JSON encodings of the same struct type; with JSON parsed from the API server the
 * equivalent is a key-order-insensitive deep comparison. Null members are dropped first, since Go
 * writes some zero values (metadata.creationTimestamp) as null in one encoding and omits them in
 * another.
 */
export function templateMatchesRevision(rawDaemonSet: { spec?: { template?: unknown } }, revisionData: unknown): boolean {
  return jsonEqual(withoutNulls(currentTemplatePatch(rawDaemonSet)), withoutNulls(revisionData));
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = withoutNulls(v);
    return out;
  }
  return value;
}

/** Structural equality of JSON values; object key order does not matter, array order does. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao);
  if (keys.length !== Object.keys(bo).length) return false;
  return keys.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
}
