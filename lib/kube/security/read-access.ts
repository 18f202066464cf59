import 'server-only';
import { AuthorizationV1Api } from '@kubernetes/client-node';
import { AppError, describeError, fromKubeError } from '@/lib/errors';
import { apiFor, connectionFingerprint, type Identity } from '@/lib/kube/contexts';
import { logger } from '@/lib/log';
import { AccessCache, type ClusterRights, type Reviewer } from './access-cache';
import { ALL_RIGHTS, NAMESPACED_READS, NO_RIGHTS, rightsFromRules, type NamespaceRights, type ResourceRule } from './rbac-rules';

/**
 * What a person may read from the shared cache. The console watches the whole cluster with its
 * own ServiceAccount (one watch set, however many people look); in proxy mode each answer is
 * cut down to what Kubernetes RBAC lets the person `list`, asked of the API server *as them*:
 * - one SelfSubjectRulesReview per namespace that holds a DaemonSet (daemonsets, pods,
 *   controllerrevisions, events there), falling back to SelfSubjectAccessReviews for a
 *   namespace whose review is incomplete (authorizers other than RBAC);
 * - five SelfSubjectAccessReviews for the cluster-wide reads: `list nodes`, and each of the four
 *   kinds in all namespaces (someone allowed all four everywhere needs no per-namespace review).
 *   Not the rules review: it lists a ClusterRole bound by a namespace's RoleBinding too, which
 *   grants nothing cluster-wide.
 * Every review is a create of a self-review, which every authenticated user may do
 * (system:basic-user); the console needs only `impersonate`, as for actions.
 */

export interface ReadAccess {
  /** The person (proxy mode); undefined when the kubeconfig identity reads, which sees everything. */
  user?: string;
  /** May list nodes: every node, with labels, taints and conditions. */
  nodes: boolean;
  /** May list events in every namespace: a Node's own Events. */
  clusterEvents: boolean;
  rights(namespace: string): NamespaceRights;
}

/** kubeconfig mode: one person, their own credentials; the cache is what they may see. */
export const EVERYTHING: ReadAccess = { nodes: true, clusterEvents: true, rights: () => ALL_RIGHTS };

export const ACCESS_TTL_MS = 30_000;
const ACCESS_MAX_STALE_MS = 60_000;
const MAX_PEOPLE = 1_000;
/** Reviews in flight per person: a cluster with 200 agent namespaces must not burst 200 requests. */
const REVIEW_CONCURRENCY = 8;

interface Shared {
  cache: AccessCache;
  reviews: { rules: number; access: number };
}

// On globalThis: Next bundles each route separately, and every route must share one memory.
const slot = globalThis as typeof globalThis & { __everynodeReadAccess?: Shared };

function shared(): Shared {
  return (slot.__everynodeReadAccess ??= {
    cache: new AccessCache({
      ttlMs: ACCESS_TTL_MS,
      maxStaleMs: ACCESS_MAX_STALE_MS,
      maxEntries: MAX_PEOPLE,
      onRefreshError: (_key, err) => logger.warn({ error: describeError(err) }, 'read access refresh failed; keeping the last answer'),
    }),
    reviews: { rules: 0, access: 0 },
  });
}

/** Review calls made so far (SelfSubjectRulesReviews, SelfSubjectAccessReviews): the cost of filtering. */
export function accessReviewCounts(): { rules: number; access: number } {
  return { ...shared().reviews };
}

/** Forget every remembered answer (tests binding new RBAC; an operator changing Roles). */
export function forgetReadAccess(): void {
  shared().cache.clear();
}

/**
 * `identity`'s read rights on `ctx` over `namespaces` (those the cache holds DaemonSets in).
 * Without an identity (kubeconfig mode) everything is visible and nothing is asked.
 */
export async function readAccessFor(ctx: string, identity: Identity | undefined, namespaces: readonly string[]): Promise<ReadAccess> {
  if (!identity) return EVERYTHING;
  const groups = [...new Set(identity.groups ?? [])].sort();
  const key = [ctx, connectionFingerprint(ctx), identity.user, ...groups].join('\u0000');
  try {
    const facts = await shared().cache.get(key, namespaces, reviewerFor(ctx, identity));
    return {
      user: identity.user,
      ...facts.cluster,
      rights: (ns) => facts.namespaces.get(ns) ?? NO_RIGHTS,
    };
  } catch (err) {
    // Fail closed, in words: without an answer nothing is shown.
    const e = fromKubeError(err);
    throw new AppError(e.code, `could not check what ${identity.user} may read: ${e.message}`, e.status, e.expose, { cause: err });
  }
}

function reviewerFor(ctx: string, identity: Identity): Reviewer {
  const api = apiFor(ctx, AuthorizationV1Api, identity);
  const counts = shared().reviews;
  const allowed = async (verb: string, group: string, resource: string, namespace?: string): Promise<boolean> => {
    counts.access += 1;
    const res = await api.createSelfSubjectAccessReview({
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb, group, resource, ...(namespace ? { namespace } : {}) } } },
    });
    return res.status?.allowed === true;
  };
  const inNamespace = async (namespace: string): Promise<NamespaceRights> => {
    counts.rules += 1;
    const res = await api.createSelfSubjectRulesReview({
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
    });
    const rights = rightsFromRules((res.status?.resourceRules ?? []) as ResourceRule[]);
    if (!res.status?.incomplete) return rights;
    // Another authorizer may grant what the rules do not show: ask it about each missing right.
    for (const r of NAMESPACED_READS) if (!rights[r.key]) rights[r.key] = await allowed('list', r.group, r.resource, namespace);
    return rights;
  };
  // Asked once per review round: what the person may list in every namespace at once. Someone
  // who may list all four kinds everywhere (a cluster viewer) needs no per-namespace review.
  let everywhere: Promise<NamespaceRights> | undefined;
  const inAllNamespaces = () =>
    (everywhere ??= Promise.all(NAMESPACED_READS.map(async (r) => [r.key, await allowed('list', r.group, r.resource)] as const)).then(
      (pairs) => Object.fromEntries(pairs) as NamespaceRights,
    ));
  return {
    async cluster(): Promise<ClusterRights> {
      const [nodes, all] = await Promise.all([allowed('list', '', 'nodes'), inAllNamespaces()]);
      return { nodes, clusterEvents: all.events };
    },
    async namespaces(names) {
      const all = await inAllNamespaces();
      if (NAMESPACED_READS.every((r) => all[r.key])) return new Map(names.map((ns) => [ns, ALL_RIGHTS]));
      const out = new Map<string, NamespaceRights>();
      const queue = [...names];
      const worker = async () => {
        for (let ns = queue.shift(); ns !== undefined; ns = queue.shift()) {
          const here = await inNamespace(ns);
          out.set(ns, Object.fromEntries(NAMESPACED_READS.map((r) => [r.key, here[r.key] || all[r.key]])) as NamespaceRights);
        }
      };
      await Promise.all(Array.from({ length: Math.min(REVIEW_CONCURRENCY, queue.length) }, worker));
      return out;
    },
  };
}
