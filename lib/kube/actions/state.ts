import 'server-only';
import { AppsV1Api } from '@kubernetes/client-node';
import { apiFor } from '@/lib/kube/contexts';
import type { Actor } from '@/lib/kube/security/identity';

/** The DaemonSet's metadata.generation as text (ActionOutcome.state), read as the actor. */
export async function daemonSetState(ctx: string, namespace: string, name: string, actor: Actor): Promise<string | undefined> {
  const ds = await apiFor(ctx, AppsV1Api, actor.identity).readNamespacedDaemonSet({ name, namespace });
  return generationOf(ds.metadata);
}

export function generationOf(metadata: { generation?: number } | undefined): string | undefined {
  return metadata?.generation === undefined ? undefined : String(metadata.generation);
}
