/**
 * What a SelfSubjectRulesReview's rules let a person read. Pure: rules in, rights out.
 * Matching follows the RBAC authorizer (k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac,
 * `RuleAllows`): a verb, group and resource each match exactly or by "*"; a rule limited to
 * resourceNames cannot grant an unrestricted list.
 */

export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

/** The kinds the shared cache holds per namespace, and the Events the node page lists live. */
export const NAMESPACED_READS = [
  { key: 'daemonsets', group: 'apps', resource: 'daemonsets' },
  { key: 'pods', group: '', resource: 'pods' },
  { key: 'controllerrevisions', group: 'apps', resource: 'controllerrevisions' },
  { key: 'events', group: '', resource: 'events' },
] as const;

export type NamespacedRead = (typeof NAMESPACED_READS)[number]['key'];
export type NamespaceRights = Record<NamespacedRead, boolean>;

export const NO_RIGHTS: NamespaceRights = { daemonsets: false, pods: false, controllerrevisions: false, events: false };
export const ALL_RIGHTS: NamespaceRights = { daemonsets: true, pods: true, controllerrevisions: true, events: true };

const has = (list: readonly string[] | undefined, want: string) => (list ?? []).some((v) => v === '*' || v === want);

/** True when some rule allows `verb` on every object of group/resource (not only named ones). */
export function rulesAllow(rules: readonly ResourceRule[], verb: string, group: string, resource: string): boolean {
  return rules.some((r) => has(r.verbs, verb) && has(r.apiGroups, group) && has(r.resources, resource) && (r.resourceNames ?? []).length === 0);
}

/** Which of the cached kinds `rules` (one namespace's review) let the person list. */
export function rightsFromRules(rules: readonly ResourceRule[]): NamespaceRights {
  const out = { ...NO_RIGHTS };
  for (const r of NAMESPACED_READS) out[r.key] = rulesAllow(rules, 'list', r.group, r.resource);
  return out;
}
