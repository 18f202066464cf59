import type { ClustersResponse } from '@/lib/api/dto';

/** The context a page without `?ctx=` shows: the kubeconfig's current one, else the first. */
export function defaultContextOf(clusters: ClustersResponse | undefined): string | undefined {
  return clusters?.clusters.find((c) => c.current)?.name ?? clusters?.clusters[0]?.name;
}
