import 'server-only';
import { AuthenticationV1Api, AuthorizationV1Api } from '@kubernetes/client-node';
import type { Permission, PermissionsResponse } from '@/lib/api/dto';
import { fromKubeError } from '@/lib/errors';
import { apiFor } from '@/lib/kube/contexts';
import { logger } from '@/lib/log';
import { config } from '@/lib/config';
import { READ_ONLY_REASON, type Actor } from './identity';

interface Check {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
}

const GET_DS: Check = { verb: 'get', group: 'apps', resource: 'daemonsets' };
const PATCH_DS: Check = { verb: 'patch', group: 'apps', resource: 'daemonsets' };
const LIST_REVISIONS: Check = { verb: 'list', group: 'apps', resource: 'controllerrevisions' };
const LIST_PODS: Check = { verb: 'list', group: '', resource: 'pods' };
const DELETE_PODS: Check = { verb: 'delete', group: '', resource: 'pods' };
const GET_NODES: Check = { verb: 'get', group: '', resource: 'nodes' };
const PATCH_NODES: Check = { verb: 'patch', group: '', resource: 'nodes' };
/** Reading an agent's logs (lib/kube/logs): a read, so read-only mode does not take it away. */
const GET_POD_LOGS: Check = { verb: 'get', group: '', resource: 'pods', subresource: 'log' };

/** Every request each action makes, as the acting person (see lib/kube/actions). */
export const ACTION_NEEDS = {
  restart: [GET_DS, PATCH_DS],
  rollback: [GET_DS, LIST_REVISIONS, PATCH_DS],
  recreate: [GET_DS, LIST_PODS, DELETE_PODS],
  change: [GET_DS, PATCH_DS],
  changeNode: [GET_NODES, PATCH_NODES],
} as const satisfies Record<string, readonly Check[]>;

/** Resources asked about cluster-wide (the namespace of the question does not apply). */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set(['nodes']);

const resourceName = (c: Check) => (c.group ? `${c.resource}.${c.group}` : c.resource) + (c.subresource ? `/${c.subresource}` : '');

interface Verdict {
  allowed: boolean;
  reason?: string;
}

/**
 * What the actor may do in `namespace`, asked of Kubernetes itself with
 * SelfSubjectAccessReviews. In proxy mode the reviews are sent impersonating the person, so
 * "self" is them and the answer is RBAC's for them (the console needs only `impersonate`).
 */
export async function permissionsFor(ctx: string, namespace: string, actor: Actor): Promise<PermissionsResponse> {
  const readOnly = config().EVERYNODE_READ_ONLY;
  const user = actor.identity ? actor.identity.user : await kubeconfigUsername(ctx, actor);
  const api = apiFor(ctx, AuthorizationV1Api, actor.identity);
  if (readOnly) {
    const denied: Permission = { allowed: false, reason: READ_ONLY_REASON };
    const logs = await review(api, namespace, GET_POD_LOGS, user);
    return { readOnly, user, restart: denied, rollback: denied, recreate: denied, change: denied, changeNode: denied, logs };
  }
  const unique = [...new Set([...Object.values(ACTION_NEEDS).flat(), GET_POD_LOGS])];
  const verdicts = new Map(await Promise.all(unique.map(async (c) => [c, await review(api, namespace, c, user)] as const)));
  const decide = (needs: readonly Check[]): Permission => {
    for (const need of needs) {
      const v = verdicts.get(need);
      if (!v?.allowed) return { allowed: false, reason: v?.reason ?? 'not permitted' };
    }
    return { allowed: true };
  };
  return {
    readOnly,
    user,
    restart: decide(ACTION_NEEDS.restart),
    rollback: decide(ACTION_NEEDS.rollback),
    recreate: decide(ACTION_NEEDS.recreate),
    change: decide(ACTION_NEEDS.change),
    changeNode: decide(ACTION_NEEDS.changeNode),
    logs: decide([GET_POD_LOGS]),
  };
}

async function review(api: AuthorizationV1Api, namespace: string, check: Check, who: string): Promise<Verdict> {
  try {
    const res = await api.createSelfSubjectAccessReview({
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { ...(CLUSTER_SCOPED.has(check.resource) ? {} : { namespace }), verb: check.verb, group: check.group, resource: check.resource, subresource: check.subresource } },
      },
    });
    const status = res.status;
    if (status?.allowed) return { allowed: true };
    const why = [status?.reason, status?.evaluationError].filter((s): s is string => Boolean(s)).join('; ');
    const where = CLUSTER_SCOPED.has(check.resource) ? '' : ` in namespace "${namespace}"`;
    return { allowed: false, reason: `${who} may not ${check.verb} ${resourceName(check)}${where}${why ? ` (${why})` : ''}` };
  } catch (err) {
    // The review itself was refused (e.g. the console may not impersonate): say so, do not throw.
    return { allowed: false, reason: `could not check permission to ${check.verb} ${resourceName(check)}: ${fromKubeError(err).message}` };
  }
}

/**
 * The user name Kubernetes sees for the kubeconfig credentials (SelfSubjectReview, GA in 1.28),
 * falling back to the kubeconfig's user entry name when the API server cannot say.
 */
async function kubeconfigUsername(ctx: string, actor: Actor): Promise<string> {
  try {
    const res = await apiFor(ctx, AuthenticationV1Api).createSelfSubjectReview({
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    const name = res.status?.userInfo?.username;
    if (name) return name;
  } catch (err) {
    logger.debug({ ctx, err: fromKubeError(err).message }, 'SelfSubjectReview failed; using kubeconfig user name');
  }
  return actor.name;
}
