import { execFile } from 'node:child_process';

const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

/**
 * Runs kubectl against the given kubeconfig and resolves with stdout. Rejects with the exit code
 * and kubectl's own error text (it never prints credentials).
 */
export function kubectl(args: string[], kubeconfig: string, opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      KUBECTL,
      ['--kubeconfig', kubeconfig, ...args],
      { maxBuffer: 512 * 1024 * 1024, timeout: opts.timeoutMs ?? 300_000 },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const text = stderr.split('\n').filter((l) => l && !l.startsWith('WARNING: version difference')).join('\n');
        reject(new Error(`kubectl ${args.slice(0, 3).join(' ')} failed: ${text || err.message}`));
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/**
 * Server-side apply of objects (sent as one List) with a field manager of our own. `partial`
 * objects carry only the fields they change: kubectl's client-side schema check (which wants
 * complete objects) is skipped; the API server still validates the merged result.
 */
export function applyObjects(objects: object[], kubeconfig: string, fieldManager: string, { force = false, partial = false } = {}): Promise<string> {
  if (objects.length === 0) return Promise.resolve('');
  const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
  const args = ['apply', '--server-side', `--field-manager=${fieldManager}`, '-f', '-'];
  if (force) args.push('--force-conflicts');
  if (partial) args.push('--validate=false');
  return kubectl(args, kubeconfig, { input: list });
}
