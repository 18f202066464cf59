import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runScript(script: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [`${REPO_ROOT}cluster/${script}`], { env, cwd: REPO_ROOT, timeout: 90 * 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`cluster/${script} failed: ${(stderr || stdout || err.message).trim().split('\n').slice(-15).join('\n')}`));
      else resolve(stdout);
    });
  });
}

/** The local cluster's kubeconfig path (EVERYNODE_KUBECONFIG wins when set). */
export async function kubeconfigPath(): Promise<string> {
  return process.env.EVERYNODE_KUBECONFIG || (await runScript('kubeconfig.sh')).trim();
}

/**
 * Starts the local cluster or reuses the running one (cluster/up.sh: builds binaries if missing,
 * serialises concurrent callers with a lock, returns at once when the cluster is up).
 */
export async function ensureCluster(): Promise<{ kubeconfig: string }> {
  const out = await runScript('up.sh');
  const printed = /^kubeconfig: (.+)$/m.exec(out)?.[1];
  if (!printed) throw new Error(`cluster/up.sh did not print a kubeconfig path:\n${out}`);
  return { kubeconfig: printed.trim() };
}

/** The kwokctl working directory of the local cluster (as cluster/env.sh computes it). */
export function clusterDir(): string {
  const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'everynode');
  return join(cache, 'clusters', process.env.EVERYNODE_CLUSTER || 'everynode');
}

/** Resident memory (bytes) of each control-plane process of the local cluster, from its pid files. */
export function controlPlaneRss(): Record<string, number> {
  const pids = join(clusterDir(), 'pids');
  const rss: Record<string, number> = {};
  for (const file of readdirSync(pids).filter((f) => f.endsWith('.pid'))) {
    const pid = readFileSync(join(pids, file), 'utf8').trim();
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    if (kb) rss[file.replace(/\.pid$/, '')] = Number(kb) * 1024;
  }
  return rss;
}
