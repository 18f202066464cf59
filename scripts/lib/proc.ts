import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';

/** Runs a command with inherited stdio; resolves with its exit code. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.on('error', () => resolve(127));
  });
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Path of the local cluster's kubeconfig (it may not exist yet). */
export function localKubeconfig(): string {
  return execFileSync('bash', ['cluster/kubeconfig.sh'], { encoding: 'utf8' }).trim();
}

/** True when the local cluster's API server answers /readyz. */
export function localClusterRunning(kubeconfig: string): boolean {
  try {
    execFileSync('kubectl', ['--kubeconfig', kubeconfig, '--request-timeout=5s', 'get', '--raw', '/readyz'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
