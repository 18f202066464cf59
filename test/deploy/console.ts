/**
 * The console under test, started with given credentials and settings, behind one fetch-like
 * interface. Two ways to run it:
 * - `standalone`: the production build run exactly as the container image runs it
 *   (deploy/run-standalone.sh: same layout, `node server.js`, same env, uid 10001);
 * - `in-process`: the route handlers imported and called directly (no build needed).
 * The standalone server is preferred when a build exists that is newer than the sources.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type ConsoleMode = 'standalone' | 'in-process';

/** The standalone server can see its credentials exactly as in a pod only as root (mount namespace). */
export const canMountServiceAccount = () => process.getuid?.() === 0 && existsSync('/usr/bin/unshare');

export interface ConsoleUnderTest {
  mode: ConsoleMode;
  /** Origin the browser would send (for the CSRF check on actions). */
  origin: string;
  fetch(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  /** Server output so far (standalone only), for failure messages. */
  output(): string;
  close(): Promise<void>;
}

export interface ConsoleSettings {
  /** Kubeconfig holding only the ServiceAccount token and the cluster CA. */
  kubeconfig: string;
  /**
   * The same credentials as a pod gets them (token, ca.crt, namespace files and the
   * KUBERNETES_SERVICE_* address). Used by the standalone server when it can run in a private
   * mount namespace (root); the in-process handlers use `kubeconfig`.
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

/**
 * EVERYNODE_DEPLOY_TEST_MODE forces a mode; otherwise standalone when .next/standalone exists
 * and is at least as new as every source file, else in-process.
 */
export function chooseMode(): { mode: ConsoleMode; why: string } {
  const forced = process.env.EVERYNODE_DEPLOY_TEST_MODE;
  if (forced === 'standalone' || forced === 'in-process') return { mode: forced, why: 'EVERYNODE_DEPLOY_TEST_MODE' };
  if (!existsSync(standaloneServer)) return { mode: 'in-process', why: 'no .next/standalone build (run `npm run build` to test the built server)' };
  if (statSync(standaloneServer).mtimeMs < newestSource()) return { mode: 'in-process', why: '.next/standalone is older than the sources' };
  return { mode: 'standalone', why: '.next/standalone is up to date' };
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
    mode: 'standalone',
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

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

/** URL patterns of the app's route handlers (app/**\/route.ts), for in-process dispatch. */
const ROUTES: { pattern: RegExp; names: string[]; file: string }[] = [
  { pattern: /^\/api\/healthz$/, names: [], file: 'app/api/healthz/route.ts' },
  { pattern: /^\/metrics$/, names: [], file: 'app/metrics/route.ts' },
  { pattern: /^\/api\/clusters$/, names: [], file: 'app/api/clusters/route.ts' },
  { pattern: /^\/api\/clusters\/([^/]+)\/coverage$/, names: ['ctx'], file: 'app/api/clusters/[ctx]/coverage/route.ts' },
  { pattern: /^\/api\/clusters\/([^/]+)\/events$/, names: ['ctx'], file: 'app/api/clusters/[ctx]/events/route.ts' },
  { pattern: /^\/api\/clusters\/([^/]+)\/permissions$/, names: ['ctx'], file: 'app/api/clusters/[ctx]/permissions/route.ts' },
  { pattern: /^\/api\/clusters\/([^/]+)\/daemonsets\/([^/]+)\/([^/]+)$/, names: ['ctx', 'ns', 'name'], file: 'app/api/clusters/[ctx]/daemonsets/[ns]/[name]/route.ts' },
  { pattern: /^\/api\/clusters\/([^/]+)\/daemonsets\/([^/]+)\/([^/]+)\/restart$/, names: ['ctx', 'ns', 'name'], file: 'app/api/clusters/[ctx]/daemonsets/[ns]/[name]/restart/route.ts' },
  { pattern: /^\/api\/clusters\/([^/]+)\/daemonsets\/([^/]+)\/([^/]+)\/rollback$/, names: ['ctx', 'ns', 'name'], file: 'app/api/clusters/[ctx]/daemonsets/[ns]/[name]/rollback/route.ts' },
  { pattern: /^\/api\/clusters\/([^/]+)\/nodes\/([^/]+)$/, names: ['ctx', 'node'], file: 'app/api/clusters/[ctx]/nodes/[node]/route.ts' },
  {
    pattern: /^\/api\/clusters\/([^/]+)\/nodes\/([^/]+)\/daemonsets\/([^/]+)\/([^/]+)\/recreate$/,
    names: ['ctx', 'node', 'ns', 'name'],
    file: 'app/api/clusters/[ctx]/nodes/[node]/daemonsets/[ns]/[name]/recreate/route.ts',
  },
];

/** Route files the console needs that do not exist yet (the test says which). */
export function missingRoutes(): string[] {
  return ROUTES.map((r) => r.file).filter((f) => !existsSync(path.join(repo, f)));
}

/**
 * The route handlers in this process, with process.env set as the pod's would be. Caches and
 * the loaded kubeconfig are reset on start and close, so each start sees only its credentials.
 */
export async function startInProcess(settings: ConsoleSettings): Promise<ConsoleUnderTest> {
  const saved = { ...process.env };
  const reset = async () => {
    const { stopAllCaches } = await import('@/lib/kube/cache/registry');
    const { resetKubeConfig } = await import('@/lib/kube/contexts');
    stopAllCaches();
    resetKubeConfig();
  };
  for (const key of Object.keys(process.env)) if (key.startsWith('EVERYNODE_') && key !== 'EVERYNODE_KUBECONFIG') delete process.env[key];
  Object.assign(process.env, { KUBECONFIG: settings.kubeconfig }, settings.env);
  await reset();
  const origin = 'http://localhost';
  return {
    mode: 'in-process',
    origin,
    output: () => '',
    fetch: async (p, init) => {
      const url = new URL(p, origin);
      const route = ROUTES.find((r) => r.pattern.test(url.pathname));
      if (!route) return Response.json({ error: { code: 'not_found', message: `no route for ${url.pathname}` } }, { status: 404 });
      const match = route.pattern.exec(url.pathname)!;
      const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? '')]));
      const mod = (await import(/* @vite-ignore */ path.join(repo, route.file))) as Record<string, Handler | undefined>;
      const handler = mod[(init?.method ?? 'GET').toUpperCase()];
      if (!handler) return new Response(null, { status: 405 });
      const headers = new Headers(init?.headers);
      headers.set('host', url.host);
      return handler(new Request(url, { ...init, headers }), { params: Promise.resolve(params) });
    },
    close: async () => {
      await reset();
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    },
  };
}
