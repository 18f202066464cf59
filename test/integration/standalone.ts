/**
 * The production server as the image runs it (deploy/run-standalone.sh: same layout, command,
 * env and the Deployment's NODE_OPTIONS), with its PID so tests can read its memory and fds.
 * Needs `npx next build` first; fails (never skips) without it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@/scripts/lib/proc';
import { until } from '../support/until';

const repo = fileURLToPath(new URL('../..', import.meta.url));
/** What deploy/base/deployment.yaml sets. */
export const DEPLOYMENT_NODE_OPTIONS = '--max-old-space-size=384';

export interface StandaloneServer {
  pid: number;
  port: number;
  origin: string;
  output(): string;
  stop(): Promise<void>;
}

export async function layoutStandalone(): Promise<{ dir: string; remove: () => void }> {
  if (!existsSync(path.join(repo, '.next/standalone/server.js'))) throw new Error('no .next/standalone build: run `npx next build` first');
  const dir = mkdtempSync(path.join(tmpdir(), 'everynode-standalone-'));
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [path.join(repo, 'deploy/run-standalone.sh'), 'layout', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`layout failed (${code}): ${err}`))));
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startStandaloneServer(dir: string, kubeconfig: string, env: Record<string, string> = {}, port?: number): Promise<StandaloneServer> {
  const p = port ?? (await freePort());
  const child: ChildProcess = spawn('bash', [path.join(repo, 'deploy/run-standalone.sh'), 'run', dir], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'production',
      RUN_AS_CURRENT_USER: '1',
      PORT: String(p),
      HOSTNAME: '127.0.0.1', // clients may still come from any loopback source address (127.0.0.x)
      KUBECONFIG: kubeconfig,
      LOG_LEVEL: 'warn',
      NODE_OPTIONS: DEPLOYMENT_NODE_OPTIONS,
      EVERYNODE_READ_ONLY: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-50_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${p}`;
  await until(
    'the standalone server to be ready',
    async () => {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
      const res = await fetch(`${origin}/api/healthz`, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      return res.status === 200;
    },
    60_000,
    200,
  );
  return {
    // run-standalone.sh ends in `exec env … node server.js`: the PID becomes the server's.
    pid: child.pid!,
    port: p,
    origin,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
