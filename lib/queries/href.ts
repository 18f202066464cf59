/**
 * Builds in-app links. The cluster context rides in `?ctx=` only when it is not the default,
 * so links to the default cluster stay short and shareable.
 */
export function appHref(path: string, ctx: string | null | undefined, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  if (ctx) query.set('ctx', ctx);
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

export const routes = {
  overview: () => '/',
  matrix: () => '/matrix',
  nodes: () => '/nodes',
  agent: (namespace: string, name: string) => `/agents/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
  node: (name: string) => `/nodes/${encodeURIComponent(name)}`,
};
