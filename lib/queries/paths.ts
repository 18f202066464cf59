/** URLs of the server routes; every dynamic segment is encoded here and nowhere else. */
const seg = encodeURIComponent;

export const apiPaths = {
  clusters: () => '/api/clusters',
  coverage: (ctx: string) => `/api/clusters/${seg(ctx)}/coverage`,
  daemonSet: (ctx: string, ns: string, name: string) => `/api/clusters/${seg(ctx)}/daemonsets/${seg(ns)}/${seg(name)}`,
  node: (ctx: string, name: string) => `/api/clusters/${seg(ctx)}/nodes/${seg(name)}`,
  permissions: (ctx: string, ns: string) => `/api/clusters/${seg(ctx)}/permissions?namespace=${seg(ns)}`,
  events: (ctx: string) => `/api/clusters/${seg(ctx)}/events`,
  restart: (ctx: string, ns: string, name: string) => `${apiPaths.daemonSet(ctx, ns, name)}/restart`,
  rollback: (ctx: string, ns: string, name: string) => `${apiPaths.daemonSet(ctx, ns, name)}/rollback`,
  previewChange: (ctx: string, ns: string, name: string) => `${apiPaths.daemonSet(ctx, ns, name)}/preview`,
  change: (ctx: string, ns: string, name: string) => `${apiPaths.daemonSet(ctx, ns, name)}/change`,
  staged: (ctx: string, ns: string, name: string) => `${apiPaths.daemonSet(ctx, ns, name)}/staged`,
  stagedControl: (ctx: string, ns: string, name: string, control: 'pause' | 'resume' | 'promote' | 'abort') => `${apiPaths.daemonSet(ctx, ns, name)}/staged/${control}`,
  recreate: (ctx: string, node: string, ns: string, name: string) =>
    `/api/clusters/${seg(ctx)}/nodes/${seg(node)}/daemonsets/${seg(ns)}/${seg(name)}/recreate`,
  nodePreview: (ctx: string, node: string) => `${apiPaths.node(ctx, node)}/preview`,
  nodeChange: (ctx: string, node: string) => `${apiPaths.node(ctx, node)}/change`,
  nodesPreview: (ctx: string) => `/api/clusters/${seg(ctx)}/nodes/preview`,
  nodesChange: (ctx: string) => `/api/clusters/${seg(ctx)}/nodes/change`,
  nodeLogs: (ctx: string, node: string, ns: string, name: string) => `/api/clusters/${seg(ctx)}/nodes/${seg(node)}/daemonsets/${seg(ns)}/${seg(name)}/logs`,
  logSearch: (ctx: string, ns: string, name: string) => `${apiPaths.daemonSet(ctx, ns, name)}/logs/search`,
};
