/**
 * The one kubectl helper of the tests, cluster scripts and bench. Every call names the
 * kubeconfig first, then kubectl's arguments: `kubectl(kubeconfig, ['get', 'nodes'])`.
 */
import { execFile, execFileSync } from 'node:child_process';

const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

export interface KubectlOptions {
  /** Written to kubectl's stdin (for `-f -`). */
  input?: string;
  timeoutMs?: number;
}

/** kubectl's own error text without its client/server version warning (it never prints credentials). */
function errorText(args: readonly string[], stderr: string, fallback: string): Error {
  const text = stderr
    .split('\n')
    .filter((l) => l && !l.startsWith('WARNING: version difference'))
    .join('\n');
  return new Error(`kubectl ${args.slice(0, 3).join(' ')} failed: ${text || fallback}`);
}

/** Runs kubectl and resolves with stdout and stderr (warnings); rejects with kubectl's error text. */
export function kubectlRun(kubeconfig: string, args: readonly string[], opts: KubectlOptions = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { maxBuffer: 512 * 1024 * 1024, timeout: opts.timeoutMs ?? 300_000 }, (err, stdout, stderr) => {
      if (err) reject(errorText(args, stderr, err.message));
      else resolve({ stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Runs kubectl and resolves with stdout. */
export const kubectl = (kubeconfig: string, args: readonly string[], opts: KubectlOptions = {}): Promise<string> => kubectlRun(kubeconfig, args, opts).then((r) => r.stdout);

/** `kubectl ... -o json`, parsed. */
export const kubectlJson = async <T>(kubeconfig: string, args: readonly string[]): Promise<T> => JSON.parse(await kubectl(kubeconfig, [...args, '-o', 'json'])) as T;

/** The synchronous form, for Playwright specs and their page helpers. */
export function kubectlSync(kubeconfig: string, args: readonly string[], opts: KubectlOptions = {}): string {
  try {
    return execFileSync(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', input: opts.input, timeout: opts.timeoutMs ?? 120_000, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw errorText(args, String(e.stderr ?? ''), e.message);
  }
}

/**
 * Server-side apply of objects (sent as one List) with a field manager of our own. `partial`
 * objects carry only the fields they change: kubectl's client-side schema check (which wants
 * complete objects) is skipped; the API server still validates the merged result.
 */
export function applyObjects(kubeconfig: string, objects: readonly object[], fieldManager: string, { force = false, partial = false } = {}): Promise<string> {
  if (objects.length === 0) return Promise.resolve('');
  const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
  const args = ['apply', '--server-side', `--field-manager=${fieldManager}`, '-f', '-'];
  if (force) args.push('--force-conflicts');
  if (partial) args.push('--validate=false');
  return kubectl(kubeconfig, args, { input: list });
}

/** `kubectl auth can-i ...`: true for "yes", false for "no" (kubectl exits 1 on "no"). */
export function canI(kubeconfig: string, args: readonly string[]): Promise<boolean> {
  return new Promise((resolve, reject) => {
    execFile(KUBECTL, ['--kubeconfig', kubeconfig, 'auth', 'can-i', ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      const answer = stdout.trim();
      if (answer === 'yes') resolve(true);
      else if (answer.startsWith('no')) resolve(false);
      else reject(new Error(`kubectl auth can-i ${args.join(' ')}: ${stderr || err?.message}`));
    });
  });
}
