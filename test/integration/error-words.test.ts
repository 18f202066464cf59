/**
 * Issue #23 item 4: failures below HTTP reach people in fixed words, never as raw text. Two real
 * kubeconfig contexts for the local cluster: one whose exec credential plugin prints secrets to
 * stderr and fails, one that trusts the wrong CA. Checked where the issue found the leak, on the
 * routes the auth-proxy overlay leaves open (/api/healthz, /api/clusters), a 503 body and an
 * action; the raw cause reaches the server log, scrubbed.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as clustersRoute from '@/app/api/clusters/route';
import * as coverageRoute from '@/app/api/clusters/[ctx]/coverage/route';
import * as restartRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/restart/route';
import * as healthzRoute from '@/app/api/healthz/route';
import { stopAllCaches } from '@/lib/kube/cache/registry';
import { resetKubeConfig } from '@/lib/kube/contexts';
import { logger } from '@/lib/log';
import { call, get, post, until, useClusterKubeconfig } from './actions-scenario';

const PLUGIN_STDERR = 'POST https://admin:hunter2@sso.example.test/token failed: client_secret=s3cr3tvalue token=t0kenvalue';
/** What must never reach a response: the plugin's secrets and URL, OpenSSL/Node TLS internals. */
const LEAKS = [/hunter2/, /s3cr3tvalue/, /t0kenvalue/, /sso\.example/, /admin:/, /self[- ]signed/i, /unable to (verify|get)/i, /SSL routines/i, /error:[0-9A-F]{8}/, /certificate chain/i];
const EXEC_WORDS = 'the exec credential plugin failed';
const TLS_WORDS = 'TLS: the API server certificate is not trusted';

const warnings: { obj: unknown; msg: unknown }[] = [];
let savedKubeconfig: string | undefined;

beforeAll(() => {
  const real = useClusterKubeconfig();
  savedKubeconfig = process.env.KUBECONFIG;
  const dir = mkdtempSync(join(tmpdir(), 'everynode-error-words-'));
  const plugin = join(dir, 'leaky-plugin.sh');
  writeFileSync(plugin, `#!/bin/sh\necho '${PLUGIN_STDERR}' >&2\nexit 1\n`);
  chmodSync(plugin, 0o755);
  const wrongCa = join(dir, 'wrong-ca.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'wrong-ca.key'), '-out', wrongCa, '-subj', '/CN=not-the-cluster-ca', '-days', '1'], { stdio: 'ignore' });

  const cluster = real.getCurrentCluster()!;
  const user = real.getCurrentUser()!;
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'local', cluster: { server: cluster.server, 'certificate-authority-data': cluster.caData } },
      { name: 'wrong-ca', cluster: { server: cluster.server, 'certificate-authority': wrongCa } },
    ],
    users: [
      { name: 'leaky', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } } },
      { name: 'local', user: { 'client-certificate-data': user.certData, 'client-key-data': user.keyData } },
    ],
    contexts: [
      { name: 'leaky-exec', context: { cluster: 'local', user: 'leaky' } },
      { name: 'wrong-ca', context: { cluster: 'wrong-ca', user: 'local' } },
    ],
    'current-context': 'leaky-exec',
  };
  const file = join(dir, 'config');
  writeFileSync(file, JSON.stringify(kubeconfig));
  process.env.KUBECONFIG = file;
  resetKubeConfig();
  stopAllCaches();
  vi.spyOn(logger, 'warn').mockImplementation(((obj: unknown, msg: unknown) => void warnings.push({ obj, msg })) as never);
  vi.spyOn(logger, 'error').mockImplementation(((obj: unknown, msg: unknown) => void warnings.push({ obj, msg })) as never);
});

afterAll(() => {
  stopAllCaches();
  vi.restoreAllMocks();
  delete process.env.EVERYNODE_CONTEXT;
  process.env.KUBECONFIG = savedKubeconfig;
  resetKubeConfig();
});

function expectNoLeak(text: string): void {
  for (const leak of LEAKS) expect(text).not.toMatch(leak);
}

describe.each([
  ['leaky-exec', EXEC_WORDS],
  ['wrong-ca', TLS_WORDS],
])('context %s', (ctx, words) => {
  it('/api/healthz answers 503 with the category in words', async () => {
    process.env.EVERYNODE_CONTEXT = ctx;
    const res = await until('the cache to report its error', async () => {
      const r = await call(healthzRoute.GET as never, get('/api/healthz'), {});
      return (r.body.cache as { error?: string } | undefined)?.error ? r : false;
    });
    expect(res.status).toBe(503);
    expect((res.body.cache as { error: string }).error).toMatch(new RegExp(`^\\w+ watch: ${words}$`));
    expectNoLeak(res.text);
  });

  it('/api/clusters shows the same words', async () => {
    const res = await call(clustersRoute.GET as never, get('/api/clusters'), {});
    expect(res.status).toBe(200);
    const entry = (res.body.clusters as { name: string; cache: { error?: string } | null }[]).find((c) => c.name === ctx);
    expect(entry?.cache?.error).toMatch(new RegExp(`^\\w+ watch: ${words}$`));
    expectNoLeak(res.text);
  });

  it('an action answers 503 in the same words', async () => {
    const res = await call(restartRoute.POST as never, post(`/api/clusters/${ctx}/daemonsets/default/agent/restart`), { ctx, ns: 'default', name: 'agent' });
    expect(res.status).toBe(503);
    expect(res.body.error?.message).toBe(words);
    expectNoLeak(res.text);
  });
});

describe('a read that waits for a cache that cannot sync', () => {
  it('answers 503 naming the category', async () => {
    const [exec, tls] = await Promise.all(['leaky-exec', 'wrong-ca'].map((ctx) => call(coverageRoute.GET as never, get(`/api/clusters/${ctx}/coverage`), { ctx })));
    expect(exec?.status).toBe(503);
    expect(exec?.body.error?.message).toMatch(new RegExp(`^the cache for context "leaky-exec" is still syncing: \\w+ watch: ${EXEC_WORDS}$`));
    expect(tls?.status).toBe(503);
    expect(tls?.body.error?.message).toMatch(new RegExp(`^the cache for context "wrong-ca" is still syncing: \\w+ watch: ${TLS_WORDS}$`));
    expectNoLeak(`${exec?.text}${tls?.text}`);
  });
});

describe('the server log', () => {
  it('keeps the raw cause, scrubbed', () => {
    const lost = warnings.filter((w) => w.msg === 'watch lost').map((w) => JSON.stringify(w.obj));
    const plugin = lost.find((t) => t.includes('leaky-exec'));
    expect(plugin).toContain('POST https://[redacted]@sso.example.test/token failed: client_secret=[redacted] token=[redacted]');
    const tls = lost.find((t) => t.includes('"wrong-ca"'));
    expect(tls).toMatch(/"code":"(SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)"/);
    for (const line of lost) expect(line).not.toMatch(/hunter2|s3cr3tvalue|t0kenvalue/);
  });
});
