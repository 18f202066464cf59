/** What every benchmark section gets: options, the bench cluster, the running console, a logger. */
import type { KubeConfig } from '@kubernetes/client-node';
import type { BenchCluster } from './cluster';
import type { RunningConsole } from './console';
import type { BenchOptions } from './options';

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

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Bounded polling: resolves with the first truthy value or throws naming what never happened. */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(everyMs);
  }
}
