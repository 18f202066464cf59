export interface SearchResult {
  kind: 'agent' | 'node';
  /** Display name: "namespace/name" for agents, node name for nodes. */
  label: string;
  namespace?: string;
  name: string;
}

/**
 * Matches agents and nodes by substring (case-insensitive); prefix matches first, then shorter
 * names, so "gpu" lists gpu-1 before worker-gpu-17. Agents come before nodes at equal rank.
 */
export function searchEverything(
  query: string,
  agents: { namespace: string; name: string }[],
  nodes: string[],
  limit = 8,
): SearchResult[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const scored: { r: SearchResult; score: number }[] = [];
  const consider = (r: SearchResult, text: string, kindRank: number) => {
    const lower = text.toLowerCase();
    const at = lower.indexOf(q);
    if (at < 0) return;
    scored.push({ r, score: (at === 0 ? 0 : 1_000_000) + kindRank * 100_000 + Math.min(lower.length, 99_999) });
  };
  for (const a of agents) {
    const r: SearchResult = { kind: 'agent', label: `${a.namespace}/${a.name}`, namespace: a.namespace, name: a.name };
    // Match the agent's own name first, its namespace as a fallback.
    if (a.name.toLowerCase().includes(q)) consider(r, a.name, 0);
    else consider(r, r.label, 0);
  }
  for (const n of nodes) consider({ kind: 'node', label: n, name: n }, n, 1);
  scored.sort((x, y) => x.score - y.score || x.r.label.localeCompare(y.r.label));
  return scored.slice(0, limit).map((s) => s.r);
}
