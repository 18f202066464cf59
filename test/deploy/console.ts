/**
 * The console under test: the production build run exactly as the container image runs it
 * (deploy/run-standalone.sh: same layout, `node server.js`, same env, uid 10001), started with
 * given credentials and settings, behind one fetch-like interface. There is no fallback: without
 * an up-to-date .next/standalone build the deploy test fails and says to build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The standalone server can see its credentials exactly as in a pod only as root (mount namespace). */
export const canMountServiceAccount = () => process.getuid?.() === 0 && existsSync('/usr/bin/unshare');

export interface ConsoleUnderTest {
  /** Origin the browser would send (for the CSRF check on actions). */
  origin: string;
  fetch(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  /** Server output so far, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

export interface ConsoleSettings {
  /** Kubeconfig holding only the ServiceAccount token and the cluster CA. */
  kubeconfig: string;
  /**
   * The same credentials as a pod gets them (token, ca.crt, namespace files and the
   * KUBERNETES_SERVICE_* address), used when the server can run in a private mount namespace
   * (root); else it gets `kubeconfig`.
   */
  inCluster?: { serviceAccountDir: string; host: string; port: string };
  /** EVERYNODE_* and LOG_LEVEL, as the ConfigMap would set them. */
  env: Record<string, string>;
}

const repo = fileURLToPath(new URL('../..', import.meta.url));
const standaloneServer = path.join(repo, '.next/standalone/server.js');

/** Newest modification time under the source folders a build depends on. */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ['app', 'lib', 'components']) walk(path.join(repo, dir));
  return newest;
}

/** Throws, saying what to do, unless .next/standalone exists and is at least as new as every source file. */
export function assertStandaloneBuild(): void {
  if (!existsSync(standaloneServer)) throw new Error('no .next/standalone build: run `npx next build` first (npm test does)');
  if (statSync(standaloneServer).mtimeMs < newestSource()) throw new Error('.next/standalone is older than the sources: run `npx next build` again');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** Lays out the image's /app once per test file (copying the build is the slow part). */
export function layoutImage(dir: string): Promise<void> {
  return runScript(['layout', dir]);
}

function runScript(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(repo, 'deploy/run-standalone.sh'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`run-standalone.sh ${args.join(' ')} failed (${code}): ${err}`))));
  });
}

/** The image's server on a free loopback port, via deploy/run-standalone.sh run LAYOUT. */
export async function startStandalone(layoutDir: string, settings: ConsoleSettings): Promise<ConsoleUnderTest> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('bash', [path.join(repo, 'deploy/run-standalone.sh'), 'run', layoutDir], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'production',
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...(settings.inCluster
        ? { SERVICE_ACCOUNT_DIR: settings.inCluster.serviceAccountDir, KUBERNETES_SERVICE_HOST: settings.inCluster.host, KUBERNETES_SERVICE_PORT: settings.inCluster.port }
        : { KUBECONFIG: settings.kubeconfig }),
      ...settings.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`standalone server exited (${child.exitCode}):\n${output}`);
    try {
      await fetch(`${origin}/api/healthz`, { signal: AbortSignal.timeout(2_000) });
      break; // any HTTP answer means the server listens
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`standalone server did not listen within 30 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  return {
    origin,
    fetch: (p, init) => fetch(`${origin}${p}`, init),
    output: () => output,
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
