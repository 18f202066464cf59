import 'server-only';
import { AppsV1Api } from '@kubernetes/client-node';
import { AppError, conflict, fromKubeError, notFound } from '@/lib/errors';
import { apiFor } from '@/lib/kube/contexts';
import type { Actor } from '@/lib/kube/security/identity';
import type { ActionOutcome } from './outcome';
import { strategicMergePatch } from './patch-options';
import { captureRawJson } from './raw-json';
import { isControllerRevisionOf } from '@/lib/coverage/revision-origin';
import { chooseRevision, NO_LAST_REVISION, templateMatchesRevision, templateRestorePatch, type RevisionLike } from './revisions';
import { labelSelectorString } from './selector';
import { generationOf } from './state';

interface RawDaemonSet {
  metadata?: { uid?: string; generation?: number };
  spec?: { template?: unknown; selector?: Parameters<typeof labelSelectorString>[0] };
}

/**
 * `kubectl rollout undo daemonset/NAME [--to-revision=N]`: restore a ControllerRevision's pod
 * template. Only revisions the controller wrote for this DaemonSet count, and only their
 * spec.template is sent (as a replace): kubectl sends the stored patch whole, which lets a
 * hand-made revision rewrite the update strategy or any other spec field.
 * @see DaemonSetRollbacker.Rollback in kubectl pkg/polymorphichelpers/rollback.go
 */
export async function rollbackDaemonSet(
  ctx: string,
  namespace: string,
  name: string,
  actor: Actor,
  toRevision = 0,
): Promise<ActionOutcome> {
  const api = apiFor(ctx, AppsV1Api, actor.identity);
  // The template must be compared as the API server wrote it, not after client-node's models.
  const raw = captureRawJson();
  await api.readNamespacedDaemonSet({ name, namespace }, raw.options);
  const ds = raw.json() as RawDaemonSet;
  const uid = ds.metadata?.uid ?? '';

  const list = await api.listNamespacedControllerRevision({ namespace, labelSelector: labelSelectorString(ds.spec?.selector) });
  // Only the controller's own revisions, each with the template-only patch that restores it.
  const history = list.items.flatMap((r) => {
    const revision = r as RevisionLike;
    const patch = isControllerRevisionOf(revision, { name, uid }) ? templateRestorePatch(revision) : undefined;
    return patch ? [{ ...revision, patch }] : [];
  });

  const choice = chooseRevision(history, toRevision);
  if (!choice.ok) throw choice.message === NO_LAST_REVISION ? conflict(choice.message) : notFound(choice.message);
  const target = choice.revision;
  const patch = target.patch;

  if (templateMatchesRevision(ds, patch)) {
    return {
      changed: false,
      uid,
      state: generationOf(ds.metadata),
      message: `skipped rollback (current template already matches revision ${target.revision})`,
      detail: { revision: target.revision },
    };
  }
  let patched;
  try {
    patched = await api.patchNamespacedDaemonSet({ name, namespace, body: patch }, strategicMergePatch());
  } catch (err) {
    throw restoringFailed(err, target.revision);
  }
  return { changed: true, uid, state: generationOf(patched.metadata), message: `daemonset.apps/${name} rolled back`, detail: { revision: target.revision } };
}

/** kubectl words it "failed restoring revision N: <cause>"; the cause keeps its status. */
function restoringFailed(err: unknown, revision: number): AppError {
  const cause = fromKubeError(err);
  if (!cause.expose) return cause;
  return new AppError(cause.code, `failed restoring revision ${revision}: ${cause.message}`, cause.status, true, { cause: err });
}
