/**
 * Issue 21: only known Host names are served (DNS rebinding), malformed URLs answer 4xx in words,
 * and the early layer (proxy.ts) runs in front of every route. proxy.ts runs only in the real
 * server, so this starts the production build as the image runs it (deploy/run-standalone.sh)
 * against the local cluster, with the settings of deploy/base plus an Ingress name, as an
 * operator's overlay would add it.
 */
import { request as httpRequest } from 'node:http';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ClustersResponse } from '@/lib/api/dto';
import { CSRF_HEADER } from '@/lib/api/dto';
import { assertStandaloneBuild, layoutImage, startStandalone, type ConsoleUnderTest } from '../deploy/console';
import { createFixture, waitDaemonSetReady, type DeployFixture } from '../deploy/fixture';
import { kubectlRun } from '../support/kubectl';
import { configEnv, KUSTOMIZATIONS, render } from '../deploy/manifests';

const INGRESS_HOST = 'everynode.example.test';
const POD_IP = '10.244.7.9';
const EVIL = 'evil.example';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request with exactly these headers and this raw path (fetch would neither let us
 * choose Host nor keep a path it cannot decode). Resolves once the head and up to 64 KiB of the
 * body arrived, so an event stream that was (wrongly) opened does not hang the test.
 */
function send(base: string, rawPath: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: opts.method ?? 'GET', path: rawPath, headers: { connection: 'close', ...opts.headers }, setHost: !opts.headers?.host },
      (res) => {
        let body = '';
        const done = () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
          res.destroy();
        };
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          if (body.length > 65_536 || res.headers['content-type']?.startsWith('text/event-stream')) done();
        });
        res.on('end', done);
        res.on('error', reject);
      },
    );
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer to ${rawPath} within 20 s`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

const errorMessage = (a: Answer) => {
  try {
    return (JSON.parse(a.body) as { error?: { message?: string } }).error?.message ?? a.body;
  } catch {
    return a.body;
  }
};

let admin: string;
let work: string;
let fixture: DeployFixture;
let ctx: string;
const consoles: ConsoleUnderTest[] = [];

/** The image's server with deploy/base's ConfigMap, an Ingress name added, and a pod IP. */
async function startConsole(extra: Record<string, string> = {}): Promise<ConsoleUnderTest> {
  const base = configEnv(render(KUSTOMIZATIONS.base));
  const c = await startStandalone(path.join(work, 'image'), {
    kubeconfig: admin,
    env: { ...base, EVERYNODE_ALLOWED_HOSTS: `${base.EVERYNODE_ALLOWED_HOSTS},${INGRESS_HOST}`, EVERYNODE_POD_IP: POD_IP, LOG_LEVEL: 'error', ...extra },
  });
  consoles.push(c);
  return c;
}

/** resourceVersions of the fixture's DaemonSet and pods: what any action would change. */
async function versions(): Promise<Record<string, string>> {
  const { stdout } = await kubectlRun(admin, ['get', 'daemonset,pods', '-n', fixture.namespace, '-o', 'json']);
  const items = (JSON.parse(stdout) as { items: { kind: string; metadata: { name: string; resourceVersion: string } }[] }).items;
  return Object.fromEntries(items.map((i) => [`${i.kind}/${i.metadata.name}`, i.metadata.resourceVersion]));
}

const actionPaths = () => {
  const ds = `/api/clusters/${encodeURIComponent(ctx)}/daemonsets/${fixture.namespace}/${fixture.daemonSet}`;
  return {
    restart: `${ds}/restart`,
    rollback: `${ds}/rollback`,
    recreate: `/api/clusters/${encodeURIComponent(ctx)}/nodes/${fixture.nodes[0]}/daemonsets/${fixture.namespace}/${fixture.daemonSet}/recreate`,
  };
};

/** An action posted exactly as a page on `host` would post it (same Origin, CSRF header). */
const postAs = (c: ConsoleUnderTest, host: string, p: string, extra: Record<string, string> = {}) =>
  send(c.origin, p, { method: 'POST', headers: { host, origin: `http://${host}`, [CSRF_HEADER]: '1', 'content-type': 'application/json', ...extra }, body: '{}' });

beforeAll(async () => {
  // Route handlers in-process would bypass proxy.ts entirely: only the built server proves it.
  assertStandaloneBuild(); // the guard lives in the built server (proxy.ts), never in-process
  admin = process.env.EVERYNODE_KUBECONFIG ?? '';
  if (!admin) throw new Error('EVERYNODE_KUBECONFIG is not set (the integration globalSetup sets it)');
  work = mkdtempSync(path.join(os.tmpdir(), 'everynode-host-guard-'));
  chmodSync(work, 0o755); // the image's server runs as uid 10001 and must reach its layout
  const [, fx] = await Promise.all([layoutImage(path.join(work, 'image')), createFixture(admin)]);
  fixture = fx;
});

afterAll(async () => {
  await Promise.all(consoles.map((x) => x.close()));
  await fixture?.cleanup().catch(() => undefined);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the early layer in front of every route (the standalone server)', () => {
  let c: ConsoleUnderTest;
  let port: string;

  beforeAll(async () => {
    c = await startConsole();
    port = new URL(c.origin).port;
    const { clusters } = JSON.parse((await send(c.origin, '/api/clusters')).body) as ClustersResponse;
    ctx = (clusters.find((x) => x.current) ?? clusters[0]!).name;
  });

  test('a foreign Host is refused with 421 naming the setting, on pages, API reads, the event stream and metrics', async () => {
    const foreign = `${EVIL}:${port}`;
    for (const p of ['/', `/nodes/${fixture.nodes[0]}`, '/api/healthz', '/api/clusters', `/api/clusters/${encodeURIComponent(ctx)}/coverage`, `/api/clusters/${encodeURIComponent(ctx)}/events`, '/metrics']) {
      const a = await send(c.origin, p, { headers: { host: foreign, accept: p.endsWith('/events') ? 'text/event-stream' : '*/*' } });
      expect(a.status, `${p}: ${a.body.slice(0, 200)}`).toBe(421);
      expect(errorMessage(a), p).toContain(`Host "${foreign}" is not a name this console answers to; add it to EVERYNODE_ALLOWED_HOSTS`);
      expect(a.headers['content-type'], p).not.toMatch(/event-stream|text\/html/);
      // Nothing of the cluster leaks into the refusal.
      expect(a.body, p).not.toContain(fixture.daemonSet);
    }
    // A page request gets the refusal as text, in words.
    const page = await send(c.origin, '/', { headers: { host: foreign, accept: 'text/html' } });
    expect(page.status).toBe(421);
    expect(page.headers['content-type']).toMatch(/^text\/plain/);
    expect(page.body).toContain('EVERYNODE_ALLOWED_HOSTS');
  });

  test('each action from a rebound name (Host and Origin both foreign, CSRF header set) is refused and changes nothing', async () => {
    const before = await versions();
    for (const [name, p] of Object.entries(actionPaths())) {
      const a = await postAs(c, `${EVIL}:${port}`, p);
      expect(a.status, `${name}: ${a.body}`).toBe(421);
      expect(errorMessage(a)).toContain('EVERYNODE_ALLOWED_HOSTS');
    }
    expect(await versions()).toEqual(before);
  });

  test('an X-Forwarded-Host the console does not trust is ignored: it cannot satisfy the CSRF check for a foreign Origin', async () => {
    // Before the guard, the CSRF check compared Origin with X-Forwarded-Host whenever it was sent.
    const before = await versions();
    for (const [name, p] of Object.entries(actionPaths())) {
      const a = await send(c.origin, p, {
        method: 'POST',
        headers: { host: `127.0.0.1:${port}`, 'x-forwarded-host': EVIL, origin: `http://${EVIL}`, [CSRF_HEADER]: '1', 'content-type': 'application/json' },
        body: '{}',
      });
      expect(a.status, `${name}: ${a.body}`).toBe(403);
      expect(errorMessage(a)).toBe('cross-origin request refused');
    }
    expect(await versions()).toEqual(before);
  });

  test('the loopback names, the Service names, the pod IP and the configured Ingress name are served', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'everynode', 'everynode.everynode.svc', 'everynode.everynode.svc.cluster.local:80', `${POD_IP}:3000`, INGRESS_HOST, `${INGRESS_HOST.toUpperCase()}:443`]) {
      const a = await send(c.origin, `/api/clusters/${encodeURIComponent(ctx)}/coverage`, { headers: { host } });
      expect(a.status, `${host}: ${a.body.slice(0, 200)}`).toBe(200);
      expect(a.body).toContain(fixture.daemonSet);
    }
    const page = await send(c.origin, `/agents/${fixture.namespace}/${fixture.daemonSet}`, { headers: { host: INGRESS_HOST, accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html');
    const stream = await send(c.origin, `/api/clusters/${encodeURIComponent(ctx)}/events`, { headers: { host: INGRESS_HOST, accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    const metrics = await send(c.origin, '/metrics', { headers: { host: `${POD_IP}:3000` } });
    expect(metrics.status).toBe(200);
  });

  test('an action from a page on the Ingress name works; the Origin + CSRF-header check still applies on top', async () => {
    const { restart } = actionPaths();
    const noHeader = await send(c.origin, restart, { method: 'POST', headers: { host: INGRESS_HOST, origin: `http://${INGRESS_HOST}`, 'content-type': 'application/json' }, body: '{}' });
    expect(noHeader.status).toBe(403);
    expect(errorMessage(noHeader)).toMatch(/missing CSRF header/);
    const otherOrigin = await postAs(c, INGRESS_HOST, restart, { origin: `http://localhost:${port}` });
    expect(otherOrigin.status).toBe(403);
    expect(errorMessage(otherOrigin)).toBe('cross-origin request refused');

    const before = await versions();
    const ok = await postAs(c, INGRESS_HOST, restart);
    expect(ok.status, ok.body).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, changed: true });
    expect((await versions())[`DaemonSet/${fixture.daemonSet}`]).not.toBe(before[`DaemonSet/${fixture.daemonSet}`]);
    await waitDaemonSetReady(admin, fixture.namespace, fixture.daemonSet, fixture.nodes.length);
  });

  test('malformed percent-encoding answers 400 in words, never 500', async () => {
    for (const p of ['/api/clusters/%ff/coverage', '/nodes/%ff', `/agents/${fixture.namespace}/%E0%A4%A`, '/api/clusters/%/events', `/api/clusters/%ff/daemonsets/x/y/restart`]) {
      const method = p.endsWith('/restart') ? 'POST' : 'GET';
      const a = await send(c.origin, p, { method, headers: { host: `127.0.0.1:${port}`, origin: c.origin, [CSRF_HEADER]: '1' }, body: method === 'POST' ? '{}' : undefined });
      expect(a.status, `${p}: ${a.body.slice(0, 200)}`).toBe(400);
      expect(errorMessage(a)).toContain(`malformed URL: the path "${p}" has invalid percent-encoding`);
    }
    // Well-formed encodings still reach the routes (and their own 404s).
    const encoded = await send(c.origin, `/api/clusters/${encodeURIComponent(ctx)}/nodes/no%2Dsuch%2Dnode`);
    expect(encoded.status).toBe(404);
  });

  test('every answer carries the browser security headers, refusals included; pages a CSP whose nonce is on their scripts', async () => {
    const answers = {
      page: await send(c.origin, '/', { headers: { accept: 'text/html' } }),
      api: await send(c.origin, `/api/clusters/${encodeURIComponent(ctx)}/coverage`),
      refusal: await send(c.origin, '/api/healthz', { headers: { host: EVIL } }),
      malformed: await send(c.origin, '/nodes/%ff'),
    };
    for (const [name, a] of Object.entries(answers)) {
      expect(a.headers['x-content-type-options'], name).toBe('nosniff');
      expect(a.headers['referrer-policy'], name).toBe('same-origin');
      expect(a.headers['x-frame-options'], name).toBe('DENY');
      expect(a.headers['content-security-policy'], name).toMatch(/frame-ancestors 'none'/);
    }
    const csp = String(answers.page.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const scripts = [...answers.page.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s, s).toContain(`nonce="${nonce}"`);
    // A fresh nonce for every page.
    const again = String((await send(c.origin, '/', { headers: { accept: 'text/html' } })).headers['content-security-policy']);
    expect(/'nonce-([^']+)'/.exec(again)?.[1]).not.toBe(nonce);
  });
});

describe('the guard behind a trusted proxy, and misconfigured', () => {
  test('with EVERYNODE_TRUST_FORWARDED_HOST (auth-proxy overlay), X-Forwarded-Host must be an allowed name too', async () => {
    const proxyEnv = configEnv(render(KUSTOMIZATIONS.authProxy));
    expect(proxyEnv.EVERYNODE_TRUST_FORWARDED_HOST).toBe('true');
    const c = await startConsole({ EVERYNODE_TRUST_FORWARDED_HOST: proxyEnv.EVERYNODE_TRUST_FORWARDED_HOST! });
    const served = await send(c.origin, '/api/clusters', { headers: { host: `${POD_IP}:4180`, 'x-forwarded-host': INGRESS_HOST } });
    expect(served.status, served.body).toBe(200);
    const refused = await send(c.origin, '/api/clusters', { headers: { host: `${POD_IP}:4180`, 'x-forwarded-host': EVIL } });
    expect(refused.status).toBe(421);
    expect(errorMessage(refused)).toContain(`X-Forwarded-Host "${EVIL}" is not a name this console answers to`);
  });

  test('a wildcard in EVERYNODE_ALLOWED_HOSTS is refused in words on every request, not silently ignored', async () => {
    const c = await startConsole({ EVERYNODE_ALLOWED_HOSTS: '*.example.test' });
    const a = await send(c.origin, '/api/healthz');
    expect(a.status).toBe(500);
    expect(errorMessage(a)).toBe('server misconfigured: EVERYNODE_ALLOWED_HOSTS: "*.example.test": wildcards are not supported, list each name');
  });
});
