import 'server-only';
import { AppsV1Api } from '@kubernetes/client-node';
import { AppError, conflict, fromKubeError, notFound } from '@/lib/errors';
import { apiFor } from '@/lib/kube/contexts';
import type { Actor } from '@/lib/kube/security/identity';
import type { ActionOutcome } from './outcome';
import { strategicMergePatch } from './patch-options';
import { captureRawJson } from './raw-json';
import { chooseRevision, isControlledBy, NO_LAST_REVISION, templateMatchesRevision, type RevisionLike } from './revisions';
import { labelSelectorString } from './selector';

interface RawDaemonSet {
  metadata?: { uid?: string };
  spec?: { template?: unknown; selector?: Parameters<typeof labelSelectorString>[0] };
}

/**
 * `kubectl rollout undo daemonset/NAME [--to-revision=N]`: restore a ControllerRevision's pod
 * template by sending its stored strategic merge patch.
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
  const history = list.items.filter((r): r is typeof r & RevisionLike => isControlledBy(r as RevisionLike, uid));

  const choice = chooseRevision(history, toRevision);
  if (!choice.ok) throw choice.message === NO_LAST_REVISION ? conflict(choice.message) : notFound(choice.message);
  const target = choice.revision;

  if (templateMatchesRevision(ds, target.data)) {
    return { changed: false, uid, message: `skipped rollback (current template already matches revision ${target.revision})`, detail: { revision: target.revision } };
  }
  try {
    await api.patchNamespacedDaemonSet({ name, namespace, body: target.data }, strategicMergePatch());
  } catch (err) {
    throw restoringFailed(err, target.revision);
  }
  return { changed: true, uid, message: `daemonset.apps/${name} rolled back`, detail: { revision: target.revision } };
}

/** kubectl words it "failed restoring revision N: <cause>"; the cause keeps its status. */
function restoringFailed(err: unknown, revision: number): AppError {
  const cause = fromKubeError(err);
  if (!cause.expose) return cause;
  return new AppError(cause.code, `failed restoring revision ${revision}: ${cause.message}`, cause.status, true, { cause: err });
}
