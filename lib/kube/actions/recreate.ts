import 'server-only';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { fromKubeError, notFound } from '@/lib/errors';
import { apiFor } from '@/lib/kube/contexts';
import type { Actor } from '@/lib/kube/security/identity';
import type { ActionOutcome } from './outcome';
import { recreateTargets } from './pod-target';
import { labelSelectorString } from './selector';
import { generationOf } from './state';

/**
 * Deletes the DaemonSet's pod(s) on one node so the controller creates a fresh one: how OnDelete
 * DaemonSets pick up a new template, and the cure for a pod stuck on a node. Each delete carries
 * a UID precondition, so a double click never removes the replacement pod.
 */
export async function recreateDaemonPod(ctx: string, namespace: string, name: string, node: string, actor: Actor): Promise<ActionOutcome> {
  const apps = apiFor(ctx, AppsV1Api, actor.identity);
  const core = apiFor(ctx, CoreV1Api, actor.identity);
  const ds = await apps.readNamespacedDaemonSet({ name, namespace });
  const uid = ds.metadata?.uid ?? '';
  const state = generationOf(ds.metadata);
  const pods = await core.listNamespacedPod({ namespace, labelSelector: labelSelectorString(ds.spec?.selector) });
  const { live, terminating } = recreateTargets(pods.items, uid, node);

  if (live.length === 0) {
    const first = terminating[0]?.metadata?.name;
    if (first) return { changed: false, uid, message: `pod "${first}" already terminating; the controller recreates it on ${node}` };
    throw notFound(`daemonset.apps/${name} has no pod on node "${node}"`);
  }

  const deleted: string[] = [];
  for (const pod of live) {
    const podName = pod.metadata?.name ?? '';
    try {
      await core.deleteNamespacedPod({ name: podName, namespace, body: { preconditions: { uid: pod.metadata?.uid } } });
      deleted.push(podName);
    } catch (err) {
      const status = fromKubeError(err).status;
      // 404: already gone; 409: the UID precondition failed, so a replacement already exists.
      if (status !== 404 && status !== 409) throw err;
    }
  }
  if (deleted.length === 0) {
    return { changed: false, uid, message: `the pod of daemonset.apps/${name} on ${node} was already replaced` };
  }
  const list = deleted.map((p) => `pod "${p}"`).join(', ');
  return { changed: true, uid, state, message: `${list} deleted; the DaemonSet controller recreates it on ${node}`, detail: { pods: list } };
}
