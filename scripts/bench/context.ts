/** What every benchmark section gets: options, the bench cluster, the running console, a logger. */
import type { KubeConfig } from '@kubernetes/client-node';
import type { BenchCluster } from './cluster';
import type { RunningConsole } from './console';
import type { BenchOptions } from './options';
import { until as waitUntil } from '../../test/support/until';

export interface BenchContext {
  repo: string;
  opts: BenchOptions;
  cluster: BenchCluster;
  console: RunningConsole;
  /** The console's name for the bench cluster (kubeconfig context). */
  ctx: string;
  kc: KubeConfig;
  log: (line: string) => void;
}

export { sleep } from '../../test/support/until';

/** Bounded polling: resolves with the first truthy value or throws naming what never happened; a probe error ends it. */
export const until = <T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number, everyMs = 100): Promise<T> =>
  waitUntil(what, fn, { timeoutMs, everyMs, retryErrors: false });

/**
 * The same, for the bench's own calls to kube-apiserver, which retry on errors: at 50 viewers a
 * 5,000-node apiserver on the same 2 cores drops a connection now and then ("socket hang up"),
 * which is the machine, not the console under test (whose requests are never retried).
 */
export const untilAnswered = <T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 100): Promise<T> => waitUntil(what, fn, { timeoutMs, everyMs });
