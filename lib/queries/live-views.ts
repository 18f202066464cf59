import type { QueryKey } from '@tanstack/react-query';
import type { LiveViewName } from '@/lib/api/dto';
import { daemonSetView, formatViewParam } from '@/lib/api/live-delta';
import { queryKeys } from './keys';
import { apiPaths } from './paths';

/**
 * Which of a tab's queries the event stream can keep live by deltas, and the stream URL naming
 * them. Pure: the hook (use-live-stream.ts) feeds it the query cache.
 */

/** The live view a query key stands for, if the stream carries deltas for it. */
export function viewOfKey(ctx: string, key: QueryKey): LiveViewName | undefined {
  const snap = queryKeys.snapshot(ctx);
  if (key.length < snap.length + 1 || snap.some((part, i) => key[i] !== part)) return undefined;
  const [kind, ns, name] = key.slice(snap.length) as unknown[];
  if (kind === 'coverage' && key.length === snap.length + 1) return 'coverage';
  if (kind === 'daemonset' && typeof ns === 'string' && typeof name === 'string' && key.length === snap.length + 3) return daemonSetView(ns, name);
  return undefined;
}

export function keyOfView(ctx: string, view: LiveViewName): QueryKey {
  if (view === 'coverage') return queryKeys.coverage(ctx);
  const [ns, name] = view.slice('daemonset:'.length).split('/') as [string, string];
  return queryKeys.daemonSet(ctx, ns, name);
}

export interface HeldQuery {
  key: QueryKey;
  observed: boolean;
  version: number | undefined;
}

/** The views the tab shows now (observed, with data), sorted so the same set gives the same URL. */
export function heldViews(ctx: string, queries: readonly HeldQuery[], max: number): { view: LiveViewName; version: number }[] {
  const out: { view: LiveViewName; version: number }[] = [];
  for (const q of queries) {
    if (!q.observed || q.version === undefined) continue;
    const view = viewOfKey(ctx, q.key);
    if (view) out.push({ view, version: q.version });
  }
  return out.sort((a, b) => (a.view < b.view ? -1 : a.view > b.view ? 1 : 0)).slice(0, max);
}

export function streamUrl(ctx: string, views: readonly { view: LiveViewName; version: number }[]): string {
  const base = apiPaths.events(ctx);
  if (views.length === 0) return base;
  return `${base}?${views.map(({ view, version }) => `view=${encodeURIComponent(formatViewParam(view, version))}`).join('&')}`;
}

/** `?live=refetch` on a page keeps the design before deltas (version events, then refetch), for comparison. */
export function deltasWanted(search: string): boolean {
  return new URLSearchParams(search).get('live') !== 'refetch';
}
