/**
 * `npm run demo`: builds what is missing (control plane, console), starts the local cluster, seeds
 * the scenario, starts the console on it and prints the URL. Ctrl-C stops what this script started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { localClusterRunning, localKubeconfig, run } from './lib/proc';

const port = process.env.PORT ?? '3000';
const host = process.env.HOST ?? '127.0.0.1';

/** Newest modification time under the given paths (files only). */
function newest(paths: string[]): number {
  let max = 0;
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else max = Math.max(max, st.mtimeMs);
  };
  paths.forEach(walk);
  return max;
}

function consoleBuildIsCurrent(): boolean {
  const marker = '.next/BUILD_ID';
  if (!existsSync(marker)) return false;
  return statSync(marker).mtimeMs > newest(['app', 'components', 'lib', 'public', 'next.config.js', 'package-lock.json']);
}

async function step(title: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  console.log(`\n▶ ${title}`);
  const code = await run(cmd, args, env);
  if (code !== 0) throw new Error(`${title} failed (exit ${code})`);
}

/** SIGTERM to the child's process group; resolves once the child has exited. */
function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

/** Polls /api/healthz (which also starts the watch cache) until the console answers ready. */
async function waitForHealthy(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/api/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  console.warn(`  the console did not report ready within ${timeoutMs / 1000}s; see its log above`);
}

async function main(): Promise<void> {
  const kubeconfig = localKubeconfig();
  const env = { ...process.env, EVERYNODE_KUBECONFIG: kubeconfig };
  const clusterWasRunning = localClusterRunning(kubeconfig);
  const children: ChildProcess[] = [];
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\n▶ stopping');
    await Promise.all(children.map(stopGroup));
    if (!clusterWasRunning) await run('bash', ['cluster/down.sh'], env);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    await step('local control plane (builds from Go modules the first time)', 'bash', ['cluster/up.sh'], env);
    await step('seed scenario', 'bash', ['cluster/seed.sh'], env);
    if (consoleBuildIsCurrent()) console.log('\n▶ console build is current');
    else await step('building the console (next build)', 'npx', ['next', 'build'], env);
  } catch (err) {
    console.error(`\n✗ ${(err as Error).message}`);
    return stop(1);
  }

  console.log('\n▶ starting the console (the standalone server, as the image runs it)');
  // Its own process group, so stopping reaches the server behind the bash wrapper.
  const server = spawn('bash', ['scripts/start.sh'], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...env, KUBECONFIG: kubeconfig, HOST: host, PORT: port }, detached: true });
  children.push(server);
  server.on('exit', (code) => void stop(code ?? 0));
  const url = `http://${host}:${port}`;
  await waitForHealthy(url);
  console.log(`\n  Everynode: ${url}   (kubeconfig: ${kubeconfig})\n  Ctrl-C stops the console${clusterWasRunning ? '' : ' and the local cluster'}.\n`);
}

void main();
