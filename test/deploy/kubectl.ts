/** kubectl as the cluster admin (the local cluster's kubeconfig), for the deploy tests. */
import { execFile } from 'node:child_process';

export interface KubectlResult {
  stdout: string;
  stderr: string;
}

/** Runs kubectl; rejects with stderr in the message when it exits non-zero. */
export function kubectl(kubeconfig: string, args: string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = execFile('kubectl', ['--kubeconfig', kubeconfig, ...args], { maxBuffer: 32 * 1024 * 1024, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`kubectl ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve({ stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Server-side apply of YAML/JSON from stdin, as one field manager that always wins conflicts. */
export const applyManifest = (kubeconfig: string, manifest: string) =>
  kubectl(kubeconfig, ['apply', '--server-side', '--force-conflicts', '--field-manager=everynode-deploy-test', '-f', '-'], manifest);

/** `kubectl auth can-i ...`: true for "yes", false for "no" (kubectl exits 1 on "no"). */
export function canI(kubeconfig: string, args: string[]): Promise<boolean> {
  return new Promise((resolve, reject) => {
    execFile('kubectl', ['--kubeconfig', kubeconfig, 'auth', 'can-i', ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      const answer = stdout.trim();
      if (answer === 'yes') resolve(true);
      else if (answer === 'no' || answer.startsWith('no')) resolve(false);
      else reject(new Error(`kubectl auth can-i ${args.join(' ')}: ${stderr || err?.message}`));
    });
  });
}
