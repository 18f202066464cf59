import 'server-only';
import type { LiveViewName } from '@/lib/api/dto';
import { isCoverageView, parseViewParam } from '@/lib/api/live-delta';
import { badRequest } from '@/lib/errors';
import { feedFor, MAX_VIEWS_PER_STREAM, type ViewFeed } from '@/lib/kube/cache/live-feeds';
import type { CoverageCache } from '@/lib/kube/cache/registry';
import type { Identity } from '@/lib/kube/contexts';
import { readCoverage, readDaemonSet } from './reads';

/**
 * The event stream's `view` parameters → the feeds that keep them live. A view is read exactly as
 * its route reads it (lib/server-data/reads.ts, cut to the viewer's rights in proxy mode), so a
 * delta-built tab holds what a GET would answer.
 */

export interface RequestedView {
  view: LiveViewName;
  version?: number;
}

export function parseViewParams(values: readonly string[]): RequestedView[] {
  if (values.length > MAX_VIEWS_PER_STREAM) throw badRequest(`view: at most ${MAX_VIEWS_PER_STREAM} views per stream, got ${values.length}`);
  const out = new Map<LiveViewName, RequestedView>();
  for (const text of values) {
    const parsed = parseViewParam(text);
    if (!parsed) throw badRequest(`view: "${text.slice(0, 80)}" is neither coverage[@<version>] nor daemonset:<namespace>/<name>[@<version>]`);
    out.set(parsed.view, parsed);
  }
  return [...out.values()];
}

/** Read timeout for a feed: a cache still syncing answers the view with a reset, in words. */
const FEED_WAIT_MS = 5_000;

function readerOf(ctx: string, view: LiveViewName, viewer: Identity | undefined) {
  if (isCoverageView(view)) return () => readCoverage(ctx, viewer, FEED_WAIT_MS);
  const [namespace, name] = view.slice('daemonset:'.length).split('/') as [string, string];
  return () => readDaemonSet(ctx, namespace, name, viewer, FEED_WAIT_MS);
}

export function liveFeedsFor(ctx: string, cache: CoverageCache, views: readonly RequestedView[], viewer: Identity | undefined): { feed: ViewFeed; version: number | undefined }[] {
  return views.map(({ view, version }) => ({ feed: feedFor(cache, view, viewer, readerOf(ctx, view, viewer)), version }));
}
