/**
 * The node page's change dialog, prefilled (the contract the node-change dialog reads):
 * `?change=node&label=<key>=<value>` per label to set, `label=<key>-` per label to remove;
 * `taint=<key>=<value>:<Effect>` to add a taint, `taint=<key>:<Effect>-` to remove one.
 */
export function nodeChangeQuery(change: { labels?: Record<string, string | null>; taints?: { add?: string[]; remove?: string[] } }): string {
  const q = new URLSearchParams({ change: 'node' });
  for (const [key, value] of Object.entries(change.labels ?? {})) q.append('label', value === null ? `${key}-` : `${key}=${value}`);
  for (const t of change.taints?.add ?? []) q.append('taint', t);
  for (const t of change.taints?.remove ?? []) q.append('taint', `${t}-`);
  return q.toString();
}

/** `href` (which may already carry ?ctx=) with the node change query added. */
export function withQuery(href: string, query: string): string {
  return `${href}${href.includes('?') ? '&' : '?'}${query}`;
}
