import 'server-only';
import { CoordinationV1Api } from '@kubernetes/client-node';
import type { StagedResponse } from '@/lib/api/dto';
import { notFound } from '@/lib/errors';
import { readyCache } from '@/lib/kube/cache/registry';
import { apiFor, type Identity } from '@/lib/kube/contexts';
import { EVERYTHING, readAccessFor } from '@/lib/kube/security/read-access';
import { isActive, leaseName } from '@/lib/staged/annotations';
import { stagedView } from '@/lib/staged/view';

const POD_NAMES = /\bpod \S+/g;

/**
 * The staged rollout of one agent as every console replica sees it: from the DaemonSet's
 * annotations and the cache's cells, plus who holds the plan's Lease (one GET while a plan is
 * active). Pod names in reasons are cut for a viewer who may not list pods (proxy mode).
 */
export async function readStagedView(ctx: string, namespace: string, name: string, viewer: Identity | undefined): Promise<StagedResponse> {
  const cache = await readyCache(ctx);
  const access = viewer ? await readAccessFor(ctx, viewer, [namespace]) : EVERYTHING;
  const rights = access.rights(namespace);
  const now = Date.now();
  const agent = rights.daemonsets ? cache.engine.agent(namespace, name, now) : undefined;
  if (!agent) throw notFound(`daemonset ${namespace}/${name} not found in context "${ctx}"`);
  const view = stagedView({ ds: agent.ds, cells: agent.cells, labelsOf: (n) => cache.engine.getNode(n)?.metadata?.labels, now }) ?? null;
  const limits: string[] = [];
  if (view && !rights.pods) {
    const cut = (t: string) => t.replace(POD_NAMES, 'a pod');
    view.status = cut(view.status);
    if (view.reason) view.reason = cut(view.reason);
    limits.push('pod names in the plan\u2019s reasons are hidden: you may not list pods in this namespace');
  }
  const template = rights.controllerrevisions ? (agent.ds.spec?.template as Record<string, unknown> | undefined) : undefined;
  if (!rights.controllerrevisions) limits.push('the pod template is hidden: you may not list controllerrevisions in this namespace');
  return {
    context: ctx,
    version: cache.version,
    staged: view,
    lease: view && isActive(view.phase) ? await leaseOf(ctx, namespace, name) : null,
    ...(template ? { template } : {}),
    ...(limits.length ? { limits } : {}),
  };
}

async function leaseOf(ctx: string, namespace: string, name: string): Promise<StagedResponse['lease']> {
  try {
    const lease = await apiFor(ctx, CoordinationV1Api).readNamespacedLease({ namespace, name: leaseName(name) });
    const holder = lease.spec?.holderIdentity;
    if (!holder) return null;
    const renew = lease.spec?.renewTime;
    return { holder, ...(renew ? { renewTime: new Date(renew).toISOString() } : {}) };
  } catch {
    return null; // no driver yet (or the console may not read leases): the plan still shows
  }
}
