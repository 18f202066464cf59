import 'server-only';
import { AppsV1Api } from '@kubernetes/client-node';
import { apiFor } from '@/lib/kube/contexts';
import type { Actor } from '@/lib/kube/security/identity';
import type { ActionOutcome } from './outcome';
import { strategicMergePatch } from './patch-options';
import { recentRestart, restartPatch } from './restart-patch';
import { generationOf } from './state';

/**
 * `kubectl rollout restart daemonset/NAME`: a strategic merge patch stamping the pod template
 * with kubectl.kubernetes.io/restartedAt, so the controller rolls every pod. kubectl refuses
 * nothing for DaemonSets (not even OnDelete); neither do we, but the answer says that OnDelete
 * pods change only when recreated.
 * @see defaultObjectRestarter in kubectl pkg/polymorphichelpers/objectrestarter.go
 */
export async function restartDaemonSet(ctx: string, namespace: string, name: string, actor: Actor, now = new Date()): Promise<ActionOutcome> {
  const api = apiFor(ctx, AppsV1Api, actor.identity);
  const ds = await api.readNamespacedDaemonSet({ name, namespace });
  const uid = ds.metadata?.uid;
  const already = recentRestart(ds.spec?.template?.metadata?.annotations, now);
  if (already) {
    return { changed: false, uid, state: generationOf(ds.metadata), message: `daemonset.apps/${name} already restarted at ${already}` };
  }
  const patched = await api.patchNamespacedDaemonSet({ name, namespace, body: restartPatch(now) }, strategicMergePatch());
  const onDelete = patched.spec?.updateStrategy?.type === 'OnDelete';
  return {
    changed: true,
    uid,
    state: generationOf(patched.metadata),
    message: `daemonset.apps/${name} restarted${onDelete ? ' (OnDelete strategy: each pod picks up the change only when it is recreated)' : ''}`,
  };
}
