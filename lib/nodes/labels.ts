import type { NodeTable } from '@/lib/api/dto';

export const ROLE_PREFIX = 'node-role.kubernetes.io/';
/** Pseudo label key: the node's roles from `node-role.kubernetes.io/<role>` labels. */
export const ROLE_KEY = 'role';

/** A node's labels as a map, decoded from the interned table. */
export function labelsOf(table: NodeTable, index: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const pairIndex of table.labels[index] ?? []) {
    const pair = table.labelPairs[pairIndex];
    if (pair === undefined) continue;
    const eq = pair.indexOf('=');
    out.set(eq < 0 ? pair : pair.slice(0, eq), eq < 0 ? '' : pair.slice(eq + 1));
  }
  return out;
}

export function rolesOf(labels: Map<string, string>): string[] {
  const roles: string[] = [];
  for (const key of labels.keys()) if (key.startsWith(ROLE_PREFIX)) roles.push(key.slice(ROLE_PREFIX.length) || '(empty)');
  return roles.sort();
}

/** The value a node shows under a grouping key; '' when it lacks the label. */
export function groupValue(labels: Map<string, string>, key: string): string {
  if (key === ROLE_KEY) return rolesOf(labels).join(',') || '';
  return labels.get(key) ?? '';
}

/** Label keys present in the table, roles first, for the group-by menu. */
export function labelKeys(table: NodeTable): string[] {
  const keys = new Set<string>();
  for (const pair of table.labelPairs) {
    const eq = pair.indexOf('=');
    keys.add(eq < 0 ? pair : pair.slice(0, eq));
  }
  return [...keys].filter((k) => !k.startsWith(ROLE_PREFIX)).sort();
}

/**
 * Label pairs, those on the most nodes first (ties keep the table's order: the sort is stable and
 * skips comparing thousands of single-node names): the order the label filter suggests them in.
 */
export function labelPairsByUse(table: NodeTable): string[] {
  const uses = new Array<number>(table.labelPairs.length).fill(0);
  for (const pairs of table.labels) for (const i of pairs) uses[i] = (uses[i] ?? 0) + 1;
  return table.labelPairs
    .map((pair, i) => ({ pair, uses: uses[i] ?? 0 }))
    .sort((a, b) => b.uses - a.uses)
    .map((p) => p.pair);
}

/**
 * At most `limit` pairs containing what is typed, in `byUse` order. Every node brings its own
 * `kubernetes.io/hostname=…` pair: offering all of them would put thousands of options in the page.
 */
export function suggestLabels(byUse: readonly string[], typed: string, limit: number): string[] {
  const needle = typed.trim().toLowerCase();
  const out: string[] = [];
  for (const pair of byUse) {
    if (out.length === limit) break;
    if (pair.toLowerCase().includes(needle)) out.push(pair);
  }
  return out;
}

/**
 * Does a node match a label filter? `key=value` matches that pair, `key` matches any value,
 * `role=<r>` matches the derived role.
 */
export function matchesLabel(labels: Map<string, string>, filter: string): boolean {
  const eq = filter.indexOf('=');
  const key = eq < 0 ? filter : filter.slice(0, eq);
  if (key === ROLE_KEY && eq >= 0) return rolesOf(labels).includes(filter.slice(eq + 1));
  if (eq < 0) return labels.has(key);
  return labels.get(key) === filter.slice(eq + 1);
}
