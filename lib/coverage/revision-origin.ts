/**
 * Which ControllerRevisions the DaemonSet controller could have written: the history lists only
 * those, and rollback applies only those. Pure: plain JSON in.
 */
import { REVISION_HASH_LABEL } from './k8s';

/** The fields of a ControllerRevision its origin is judged by. */
export interface RevisionOrigin {
  data?: unknown;
  metadata?: { name?: string; labels?: Record<string, string>; ownerReferences?: { uid?: string; controller?: boolean }[] };
}

/**
 * True when `revision` is controlled by the object with `ownerUid` (metav1.IsControlledBy):
 * kubectl lists revisions by the DaemonSet's selector and keeps only those it controls.
 */
export function isControlledBy(revision: RevisionOrigin, ownerUid: string): boolean {
  return (revision.metadata?.ownerReferences ?? []).some((ref) => ref.controller === true && ref.uid === ownerUid);
}


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
export function isControllerRevisionOf(revision: RevisionOrigin, daemonSet: { name: string; uid: string }): boolean {
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

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOnlyKey = (o: Record<string, unknown>, key: string) => Object.keys(o).length === 1 && Object.hasOwn(o, key);
