import 'server-only';
import { config } from '@/lib/config';
import { getCache, onCacheStarted } from '@/lib/kube/cache/registry';
import { currentContext } from '@/lib/kube/contexts';
import { logger } from '@/lib/log';
import { StagedDriver } from './driver';
import { DEFAULT_LEASE_TIMING, type LeaseTiming } from './lease';

/** Lease timing from EVERYNODE_STAGED_LEASE_SECONDS (tests shorten it); the rest scales with it. */
export function leaseTiming(env = process.env): LeaseTiming {
  const seconds = Number.parseInt(env.EVERYNODE_STAGED_LEASE_SECONDS ?? '', 10);
  if (!Number.isFinite(seconds) || seconds < 3) return DEFAULT_LEASE_TIMING;
  return { leaseDurationSeconds: seconds, renewDeadlineSeconds: Math.max(2, Math.floor((seconds * 2) / 3)), retryPeriodSeconds: Math.max(1, Math.floor(seconds / 3)) };
}

/**
 * Gives every cluster cache a staged-rollout driver, and starts the default context's cache at
 * once so a restarted console continues its plans before anyone opens a page. Read-only mode
 * drives nothing: plans stay where they are (OnDelete keeps every pod as it is).
 */
export function startStagedDrivers(): void {
  if (config().EVERYNODE_READ_ONLY) return;
  const lease = leaseTiming();
  onCacheStarted((cache) => {
    const driver = new StagedDriver(cache, { lease }).start();
    logger.info({ context: cache.context, identity: driver.identity }, 'staged rollout driver started');
  });
  try {
    getCache(currentContext());
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'staged rollout driver: no default context to watch yet');
  }
}
