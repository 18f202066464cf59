import { queryOptions } from '@tanstack/react-query';
import type {
  ClustersResponse,
  CoverageResponse,
  DaemonSetDetailResponse,
  NodeDetailResponse,
  PermissionsResponse,
  StagedResponse,
} from '@/lib/api/dto';
import { getJson } from './http';
import { queryKeys } from './keys';
import { apiPaths } from './paths';

export const clustersQuery = () =>
  queryOptions({
    queryKey: queryKeys.clusters(),
    queryFn: ({ signal }) => getJson<ClustersResponse>(apiPaths.clusters(), signal),
    staleTime: 60_000,
  });

export const coverageQuery = (ctx: string) =>
  queryOptions({
    queryKey: queryKeys.coverage(ctx),
    queryFn: ({ signal }) => getJson<CoverageResponse>(apiPaths.coverage(ctx), signal),
  });

export const daemonSetQuery = (ctx: string, namespace: string, name: string) =>
  queryOptions({
    queryKey: queryKeys.daemonSet(ctx, namespace, name),
    queryFn: ({ signal }) => getJson<DaemonSetDetailResponse>(apiPaths.daemonSet(ctx, namespace, name), signal),
  });

export const stagedQuery = (ctx: string, namespace: string, name: string) =>
  queryOptions({
    queryKey: queryKeys.staged(ctx, namespace, name),
    queryFn: ({ signal }) => getJson<StagedResponse>(apiPaths.staged(ctx, namespace, name), signal),
  });

export const nodeQuery = (ctx: string, name: string) =>
  queryOptions({
    queryKey: queryKeys.node(ctx, name),
    queryFn: ({ signal }) => getJson<NodeDetailResponse>(apiPaths.node(ctx, name), signal),
  });

/** RBAC answers change rarely; they are not part of the cluster snapshot. */
export const permissionsQuery = (ctx: string, namespace: string) =>
  queryOptions({
    queryKey: queryKeys.permissions(ctx, namespace),
    queryFn: ({ signal }) => getJson<PermissionsResponse>(apiPaths.permissions(ctx, namespace), signal),
    staleTime: 60_000,
  });
