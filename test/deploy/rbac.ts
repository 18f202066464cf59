/**
 * ClusterRole arithmetic for the least-privilege test: split a role into single grants
 * (one verb on one resource of one API group) and rebuild it without one of them.
 */
import { parseAllDocuments } from 'yaml';

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface ClusterRole {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: 'ClusterRole';
  metadata: { name: string; labels?: Record<string, string> };
  rules: PolicyRule[];
}

/** One verb on one resource: the smallest unit a rule can lose. */
export interface Grant {
  group: string;
  resource: string;
  verb: string;
}

export const grantName = (g: Grant) => `${g.verb} ${g.group ? `${g.resource}.${g.group}` : g.resource}`;

/** The named ClusterRole among the documents of `kubectl kustomize` output. */
export function findClusterRole(manifests: string, name: string): ClusterRole {
  for (const doc of parseAllDocuments(manifests)) {
    const obj = doc.toJS() as { kind?: string; metadata?: { name?: string } } | null;
    if (obj?.kind === 'ClusterRole' && obj.metadata?.name === name) return obj as ClusterRole;
  }
  throw new Error(`no ClusterRole "${name}" in the manifests`);
}

/** Every (group, resource, verb) the role grants, in rule order. Refuses wildcards: least privilege has none. */
export function grantsOf(role: ClusterRole): Grant[] {
  const grants: Grant[] = [];
  for (const rule of role.rules) {
    if (rule.nonResourceURLs?.length) throw new Error('nonResourceURLs are not expected in the Everynode role');
    if (rule.resourceNames?.length) throw new Error('resourceNames are not expected in the Everynode role');
    for (const group of rule.apiGroups ?? [])
      for (const resource of rule.resources ?? [])
        for (const verb of rule.verbs) {
          if ([group, resource, verb].includes('*')) throw new Error(`wildcard in rule: ${JSON.stringify(rule)}`);
          grants.push({ group, resource, verb });
        }
  }
  return grants;
}

/** The same role with `removed` taken out: one rule per remaining grant, so nothing else changes. */
export function withoutGrant(role: ClusterRole, removed: Grant): ClusterRole {
  const same = (g: Grant) => g.group === removed.group && g.resource === removed.resource && g.verb === removed.verb;
  const kept = grantsOf(role).filter((g) => !same(g));
  if (kept.length === grantsOf(role).length) throw new Error(`role does not grant ${grantName(removed)}`);
  return { ...role, rules: kept.map((g) => ({ apiGroups: [g.group], resources: [g.resource], verbs: [g.verb] })) };
}
