/**
 * Pure parts of `kubectl rollout undo` for DaemonSets: which ControllerRevision to restore and
 * whether the DaemonSet already matches it. No I/O: callers pass plain JSON objects.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go (DaemonSetRollbacker)
 */

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
 * True when `revision` is controlled by the object with `ownerUid` (metav1.IsControlledBy):
 * kubectl lists revisions by the DaemonSet's selector and keeps only those it controls.
 */
export function isControlledBy(revision: RevisionLike, ownerUid: string): boolean {
  return (revision.metadata?.ownerReferences ?? []).some((ref) => ref.controller === true && ref.uid === ownerUid);
}

/** The label the DaemonSet controller puts on its revisions and pods (apps.DefaultDaemonSetUniqueLabelKey). */
export const REVISION_HASH_LABEL = 'controller-revision-hash';

/** What controller.ComputeHash yields: rand.SafeEncodeString of a 32-bit FNV hash (no vowels, no 0/1/3). */
const CONTROLLER_HASH = /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/;

/**
 * True for a ControllerRevision the DaemonSet controller could have written for this DaemonSet:
 * controlled by its UID, named `<daemonset>-<hash>` with that hash in the controller-revision-hash
 * label, and holding nothing but the `{"spec":{"template":{…,"$patch":"replace"}}}` patch the
 * controller stores. Anything else is hand-made: it is neither listed for undo nor applied, so a
 * forged revision can neither change fields outside the template nor shift which one is "previous".
 * @see snapshot and getPatch in pkg/controller/daemon/update.go
 */
export function isControllerRevisionOf(revision: RevisionLike, daemonSet: { name: string; uid: string }): boolean {
  if (!isControlledBy(revision, daemonSet.uid)) return false;
  const hash = revision.metadata?.labels?.[REVISION_HASH_LABEL];
  if (!hash || !CONTROLLER_HASH.test(hash) || revision.metadata?.name !== `${daemonSet.name}-${hash}`) return false;
  return storedTemplate(revision.data) !== undefined;
}

/** The pod template of a controller-shaped revision patch, or undefined for any other shape. */
export function storedTemplate(data: unknown): Record<string, unknown> | undefined {
  if (!isPlainObject(data) || !hasOnlyKey(data, 'spec')) return undefined;
  const spec = data.spec;
  if (!isPlainObject(spec) || !hasOnlyKey(spec, 'template')) return undefined;
  const template = spec.template;
  if (!isPlainObject(template) || template.$patch !== 'replace') return undefined;
  const rest = { ...template };
  delete rest.$patch;
  return rest;
}

/**
 * The strategic merge patch rollback sends: the revision's pod template, replacing the current
 * one, and nothing else, whatever else the revision's data might hold.
 */
export function templateRestorePatch(revision: RevisionLike): { spec: { template: Record<string, unknown> } } | undefined {
  const template = storedTemplate(revision.data);
  return template && { spec: { template: { ...template, $patch: 'replace' } } };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOnlyKey = (o: Record<string, unknown>, key: string) => Object.keys(o).length === 1 && Object.hasOwn(o, key);

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
