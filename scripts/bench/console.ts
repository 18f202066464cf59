/**
 * The console under test: the production build (`next build`, output: 'standalone') laid out as
 * the container image runs it (deploy/run-standalone.sh), started on a free loopback port with
 * the bench cluster's kubeconfig. One `node server.js` process, so its PID is the server's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../lib/proc';

const SOURCE_DIRS = ['app', 'components', 'lib', 'public'];
const SOURCE_FILES = ['instrumentation.ts', 'next.config.js', 'package.json', 'package-lock.json', 'postcss.config.mjs', 'tsconfig.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when .next/standalone is missing or older than any source the build reads. */
export function buildIsStale(repo: string): boolean {
  const server = join(repo, '.next', 'standalone', 'server.js');
  if (!existsSync(server)) return true;
  const built = statSync(join(repo, '.next', 'BUILD_ID')).mtimeMs;
  const sources = Math.max(...SOURCE_DIRS.map((d) => newestMtime(join(repo, d))), ...SOURCE_FILES.map((f) => newestMtime(join(repo, f))));
  return sources > built;
}

function runLogged(cmd: string, args: string[], cwd: string, logFile: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile);
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', reject);
    child.on('exit', (code) => {
      log.end();
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}; see ${logFile}`));
    });
  });
}

/** `npx next build` in the repo (the same build the Dockerfile makes); its output goes to a log. */
export async function buildConsole(repo: string, logFile: string): Promise<number> {
  const t0 = Date.now();
  await runLogged('npx', ['next', 'build'], repo, logFile, { ...process.env, NEXT_TELEMETRY_DISABLED: '1' });
  return (Date.now() - t0) / 1000;
}

/** Copies the build into a private directory, so a rebuild in the repo cannot pull it from under the run. */
export async function layoutConsole(repo: string, logFile: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'everynode-bench-app-'));
  await runLogged('bash', ['deploy/run-standalone.sh', 'layout', dir], repo, logFile);
  return dir;
}

export interface RunningConsole {
  pid: number;
  url: string;
  /** Date.now() when the process was spawned. */
  startedAt: number;
  stop(): Promise<void>;
}

export async function startConsole(repo: string, dir: string, kubeconfig: string, logFile: string): Promise<RunningConsole> {
  const port = await freePort();
  const log = createWriteStream(logFile, { flags: 'a' });
  const startedAt = Date.now();
  const child: ChildProcess = spawn('bash', [join(repo, 'deploy/run-standalone.sh'), 'run', dir], {
    cwd: repo,
    env: {
      ...process.env,
      RUN_AS_CURRENT_USER: '1',
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      KUBECONFIG: kubeconfig,
      EVERYNODE_READ_ONLY: 'true', // the bench never acts on the cluster through the console
      // Its simulated tabs all come from 127.0.0.1: the per-client cap would refuse them.
      EVERYNODE_SSE_MAX_STREAMS_PER_CLIENT: '100000',
      EVERYNODE_SSE_MAX_STREAMS: '1000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  if (child.pid === undefined) throw new Error('could not start the console');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    // run-standalone.sh ends in `exec env … node server.js`: the PID becomes the server's.
    pid: child.pid,
    url: `http://127.0.0.1:${port}`,
    startedAt,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

/**
 * Polls /api/healthz (which starts the default context's cache) until it answers 200.
 * Returns seconds from spawn to the first HTTP answer of any kind and to ready.
 */
export async function waitReady(c: RunningConsole, timeoutMs: number): Promise<{ listeningS: number; readyS: number }> {
  const deadline = Date.now() + timeoutMs;
  let listeningAt: number | undefined;
  for (;;) {
    try {
      const res = await fetch(`${c.url}/api/healthz`, { signal: AbortSignal.timeout(5000) });
      listeningAt ??= Date.now();
      await res.arrayBuffer();
      if (res.status === 200) return { listeningS: (listeningAt - c.startedAt) / 1000, readyS: (Date.now() - c.startedAt) / 1000 };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`console not ready within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function removeLayout(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
