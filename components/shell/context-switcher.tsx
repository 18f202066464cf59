'use client';

import { ChevronDown, Network } from 'lucide-react';
import { usePathname, useRouter } from 'next/navigation';
import { appHref } from '@/lib/queries/href';
import { useClusterContext } from '@/lib/queries/use-cluster-context';

/** Picks the kubeconfig context; the default one keeps URLs free of `?ctx=`. */
export function ContextSwitcher() {
  const { ctx, defaultCtx, clusters } = useClusterContext();
  const router = useRouter();
  const pathname = usePathname();
  const list = clusters.data?.clusters ?? [];

  if (clusters.isError) return <span className="text-xs text-red-600 dark:text-red-400">No cluster list</span>;

  return (
    <label className="relative flex h-8 items-center gap-1.5 rounded-md border border-zinc-200 bg-white pr-7 pl-2 text-[13px] focus-within:outline-2 focus-within:outline-indigo-500 dark:border-zinc-800 dark:bg-zinc-900">
      <Network aria-hidden className="size-3.5 text-muted" />
      <span className="sr-only">Cluster context</span>
      <select
        data-testid="context-switcher"
        value={ctx ?? ''}
        disabled={list.length === 0}
        onChange={(e) => router.push(appHref(pathname, e.target.value === defaultCtx ? undefined : e.target.value))}
        className="max-w-52 appearance-none truncate bg-transparent font-medium outline-none"
      >
        {list.length === 0 && <option value="">Loading…</option>}
        {list.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
          </option>
        ))}
      </select>
      <ChevronDown aria-hidden className="pointer-events-none absolute right-2 size-3.5 text-muted" />
    </label>
  );
}
