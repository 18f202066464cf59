/**
 * A console keeps running while its kubeconfig is rewritten underneath it — the local cluster
 * recreated with a new CA, credentials rotated. It must pick the new file up by itself: no
 * restart, no request needed, and the browser tabs' live streams move to the new cache.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { getCache, peekCache, readyCache, stopAllCaches } from '@/lib/kube/cache/registry';
import { versionStream } from '@/lib/kube/cache/sse';
import { currentContext, resetKubeConfig } from '@/lib/kube/contexts';
import { CoreV1Api, type V1Node } from '@kubernetes/client-node';
import { kwokNode } from '../support/builders';
import { kubeConfig, kubeconfigPath, until } from './core-scenario';

/** The same kubeconfig with a CA that did not sign the API server's certificate (a stale copy after the cluster was recreated). */
function withForeignCa(kubeconfig: string, dir: string): string {
  const key = path.join(dir, 'ca.key');
  const crt = path.join(dir, 'ca.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '1', '-subj', '/CN=another-cluster-ca'], { stdio: 'pipe' });
  const doc = parseDocument(kubeconfig);
  const clusters = doc.get('clusters') as { items: { getIn(p: string[]): unknown; setIn(p: string[], v: unknown): void }[] };
  for (const c of clusters.items) c.setIn(['cluster', 'certificate-authority-data'], fs.readFileSync(crt).toString('base64'));
  return doc.toString();
}

describe('kubeconfig rewritten while the console runs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'everynode-kubeconfig-'));
  const file = path.join(dir, 'config');
  let good = '';
  const saved = process.env.KUBECONFIG;

  beforeAll(() => {
    good = fs.readFileSync(kubeconfigPath(), 'utf8');
    fs.writeFileSync(file, withForeignCa(good, dir), { mode: 0o600 });
    process.env.KUBECONFIG = file;
    resetKubeConfig();
    stopAllCaches();
  });

  const nodesToRemove: string[] = [];

  afterAll(async () => {
    const core = kubeConfig(kubeconfigPath()).makeApiClient(CoreV1Api);
    for (const name of nodesToRemove) await core.deleteNode({ name }).catch(() => undefined);
    stopAllCaches();
    process.env.KUBECONFIG = saved;
    resetKubeConfig();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports the certificate error, then replaces the cache by itself once the file is fixed', async () => {
    const ctx = currentContext();
    const stale = getCache(ctx);
    const error = await until('the TLS failure to be reported', () => stale.status().error, 15_000);
    expect(stale.status().state).toBe('syncing');
    expect(error).toMatch(/certificate/i);
    // A read that needs the cache answers 503 in words instead of waiting for ever.
    await expect(readyCache(ctx, 200)).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(new RegExp(`^the cache for context "${ctx}" is still syncing: .*certificate`, 'i')),
    });

    // A browser tab's live stream on the failing cache.
    const reader = versionStream(stale).getReader();
    await reader.read();

    fs.writeFileSync(file, good, { mode: 0o600 });
    // No request arrives: the registry notices the new file by itself, stops the old cache and
    // ends its streams (EventSource then reconnects to the new one).
    const ended = (async () => {
      for (;;) if ((await reader.read()).done) return 'ended';
    })();
    const timeout = new Promise((resolve) => setTimeout(() => resolve('still open after 20 s'), 20_000).unref());
    expect(await Promise.race([ended, timeout])).toBe('ended');
    expect(stale.socketCount()).toBe(0);

    const fresh = getCache(ctx);
    expect(fresh).not.toBe(stale);
    await fresh.whenReady(30_000);
    expect(fresh.status()).toMatchObject({ state: 'ready' });
    expect(fresh.socketCount()).toBeGreaterThan(0); // its watches are open, with the new CA
    expect(getCache(ctx)).toBe(fresh);

    // Broken again: the cache after it continues the version count, so a tab reconnecting with
    // Last-Event-ID N cannot mistake the newcomer's N for "nothing changed".
    // Something the cache counts must change first (the cluster may be empty): a node appears.
    const node = `reload-${process.pid}`;
    const core = kubeConfig(kubeconfigPath()).makeApiClient(CoreV1Api);
    await core.createNode({ body: kwokNode(node) as V1Node });
    nodesToRemove.push(node);
    await until('the new node in the cache', () => fresh.get('Node', node), 10_000);
    const reached = fresh.version;
    expect(reached).toBeGreaterThan(0);
    fs.writeFileSync(file, withForeignCa(good, dir), { mode: 0o600 });
    const third = await until('the cache to be replaced again', () => (getCache(ctx) !== fresh ? getCache(ctx) : undefined), 20_000);
    expect(third.version).toBeGreaterThanOrEqual(reached);
  }, 120_000);

  it('retires the cache of a context removed from the kubeconfig', async () => {
    const extra = 'everynode-extra';
    const doc = parseDocument(good);
    const current = doc.get('current-context') as string;
    const contexts = doc.get('contexts') as { items: { toJSON(): { name: string; context: object } }[]; add(v: unknown): void };
    const base = contexts.items.map((c) => c.toJSON()).find((c) => c.name === current)!;
    contexts.add(doc.createNode({ name: extra, context: base.context }));
    fs.writeFileSync(file, doc.toString(), { mode: 0o600 });
    resetKubeConfig();
    const cache = getCache(extra);
    await cache.whenReady(30_000);
    let stopped = false;
    cache.on('stopped', () => (stopped = true));

    fs.writeFileSync(file, good, { mode: 0o600 });
    await until('the removed context\'s cache to stop', () => stopped, 20_000);
    expect(cache.socketCount()).toBe(0);
    expect(peekCache(extra)).toBeUndefined();
    expect(() => getCache(extra)).toThrow(expect.objectContaining({ status: 404 }));
  }, 60_000);
});
