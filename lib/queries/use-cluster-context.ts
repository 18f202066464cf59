'use client';

import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { defaultContextOf } from './default-context';
import { appHref } from './href';
import { clustersQuery } from './options';

/** The context the page shows: `?ctx=` when present, otherwise the kubeconfig's current one. */
export function useClusterContext() {
  const search = useSearchParams();
  const fromUrl = search.get('ctx');
  const clusters = useQuery(clustersQuery());
  const defaultCtx = defaultContextOf(clusters.data);
  return { ctx: fromUrl ?? defaultCtx, fromUrl, defaultCtx, clusters };
}

/** Link builder that keeps a non-default context in every in-app URL. */
export function useAppHref() {
  const fromUrl = useSearchParams().get('ctx');
  return useCallback((path: string, params?: Record<string, string | undefined>) => appHref(path, fromUrl, params), [fromUrl]);
}
