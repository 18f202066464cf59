/**
 * The cluster cache against a real API server: it mirrors a fresh LIST, its engine counts equal
 * what the DaemonSet controller writes, changes arrive within a second, reconnects leak no
 * sockets, and an API server outage is reported (stale) and recovered from without help.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheStatus } from '@/lib/api/dto';
import type { CoverageCache } from '@/lib/kube/cache/registry';
import { getCache, stopAllCaches } from '@/lib/kube/cache/registry';
import type { CachedKind } from '@/lib/kube/cache/slim';
import { Transport } from '@/lib/kube/cache/transport';
import { currentContext, kubeConfigFor, resetKubeConfig } from '@/lib/kube/contexts';
import { metrics } from '@/lib/kube/metrics';
import { createCoreScenario, kubeConfig, kubeconfigPath, until, waitSettled, type CoreScenario } from './core-scenario';

const repo = path.resolve(__dirname, '../..');

/** Every kind as client-node's typed API lists it: an independent view to compare against. */
async function freshList(kc: KubeConfig): Promise<Record<CachedKind, Map<string, string>>> {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const byKey = (items: { metadata?: { name?: string; namespace?: string; resourceVersion?: string } }[]) =>
    new Map(items.map((o) => [o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata!.name!, o.metadata!.resourceVersion!]));
  const ownedByDs = (o: { metadata?: { ownerReferences?: { kind?: string; controller?: boolean }[] } }) =>
    o.metadata?.ownerReferences?.some((r) => r.controller && r.kind === 'DaemonSet') === true;
  const [nodes, dss, pods, revs] = await Promise.all([
    core.listNode(),
    apps.listDaemonSetForAllNamespaces(),
    core.listPodForAllNamespaces(),
    apps.listControllerRevisionForAllNamespaces(),
  ]);
  return {
    Node: byKey(nodes.items),
    DaemonSet: byKey(dss.items),
    Pod: byKey(pods.items.filter(ownedByDs)),
    ControllerRevision: byKey(revs.items.filter(ownedByDs)),
  };
}

function cacheView(cache: CoverageCache): Record<CachedKind, Map<string, string>> {
  const view = (kind: CachedKind) =>
    new Map(
      [...cache.objects(kind)].map((o) => [o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata!.name!, o.metadata!.resourceVersion!]),
    );
  return { Node: view('Node'), DaemonSet: view('DaemonSet'), Pod: view('Pod'), ControllerRevision: view('ControllerRevision') };
}

/** The cache equals a fresh LIST (retried: other tests may be changing the shared cluster). */
async function expectEqualsFreshList(cache: CoverageCache, kc: KubeConfig, timeoutMs = 15_000): Promise<void> {
  let last = '';
  await until(
    'cache to equal a fresh LIST',
    async () => {
      const [fresh, cached] = [await freshList(kc), cacheView(cache)];
      const diffs: string[] = [];
      for (const kind of Object.keys(fresh) as CachedKind[]) {
        const f = fresh[kind];
        const c = cached[kind];
        for (const [k, rv] of f) if (c.get(k) !== rv) diffs.push(`${kind} ${k}: list ${rv}, cache ${c.get(k) ?? 'missing'}`);
        for (const k of c.keys()) if (!f.has(k)) diffs.push(`${kind} ${k}: only in cache`);
      }
      last = diffs.slice(0, 5).join('; ');
      return diffs.length === 0;
    },
    timeoutMs,
    200,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; differences: ${last}`);
  });
}

/** Engine counts for an agent equal what the real controller wrote to .status. */
async function expectCountsMatchStatus(cache: CoverageCache, apps: AppsV1Api, namespace: string, name: string): Promise<void> {
  let last = '';
  await until(
    `${namespace}/${name} counts to equal .status`,
    async () => {
      const ds = await apps.readNamespacedDaemonSet({ namespace, name });
      const s = ds.status!;
      const want = {
        desired: s.desiredNumberScheduled,
        current: s.currentNumberScheduled,
        ready: s.numberReady,
        available: s.numberAvailable ?? 0,
        updated: s.updatedNumberScheduled ?? 0,
        misscheduled: s.numberMisscheduled,
        unavailable: s.numberUnavailable ?? 0,
      };
      const got = cache.engine.agent(namespace, name, Date.now())?.counts;
      last = JSON.stringify({ want, got });
      return JSON.stringify(got) === JSON.stringify(want);
    },
    15_000,
    200,
  ).catch((err: Error) => {
    throw new Error(`${err.message}: ${last}`);
  });
}

/** TCP/TLS handles of this process (the socket-leak check counts them, not just the agent's). */
const netHandles = () => process.getActiveResourcesInfo().filter((r) => /TCP|TLS/.test(r)).length;

describe('cluster cache (shared local cluster)', () => {
  let s: CoreScenario;
  let cache: CoverageCache;

  beforeAll(async () => {
    process.env.KUBECONFIG = kubeconfigPath();
    resetKubeConfig();
    s = await createCoreScenario(kubeConfig());
    await waitSettled(s);
    cache = getCache(currentContext());
    await cache.whenReady(30_000);
  });

  afterAll(async () => {
    stopAllCaches();
    await s?.cleanup();
  });

  it('is ready and mirrors a fresh LIST of nodes, DaemonSets, daemon pods and revisions', async () => {
    expect(cache.status().state).toBe('ready');
    await expectEqualsFreshList(cache, s.kc);
    // Slimmed on arrival: no managedFields, no stray annotations, no node image lists.
    const node = cache.get('Node', s.nodes.w1)!;
    expect(node.metadata).not.toHaveProperty('managedFields');
    expect(node.metadata?.annotations).toBeUndefined();
    expect(node.status).not.toHaveProperty('images');
  });

  it('computes the same counts the DaemonSet controller writes to .status', async () => {
    await expectCountsMatchStatus(cache, s.apps, s.ns.monitoring, 'node-exporter');
    await expectCountsMatchStatus(cache, s.apps, s.ns.anyrobot, 'logstash-input');
    await expectCountsMatchStatus(cache, s.apps, s.ns.broken, 'never-starts');
    const exporter = cache.engine.agent(s.ns.monitoring, 'node-exporter', Date.now())!;
    const names = cache.engine.nodeNames();
    const stateOn = (node: string) => exporter.cells[names.indexOf(node)]?.state;
    expect(stateOn(s.nodes.w1)).toBe('ready');
    expect(stateOn(s.nodes.w3cordoned)).toBe('ready'); // daemon pods tolerate unschedulable
    expect(stateOn(s.nodes.edge)).toBe('ineligible');
    expect(stateOn(s.nodes.gpu)).toBe('ineligible');
  });

  // How fast is measured by the bench (event → SSE latency); here: that it arrives and is announced in order.
  it('applies a change and announces it with a newer version, versions in order', async () => {
    const before = cache.version;
    const announced: number[] = [];
    const onVersion = (e: { version: number }) => announced.push(e.version);
    cache.on('version', onVersion);
    try {
      const logstash = () => cache.engine.agent(s.ns.anyrobot, 'logstash-input', Date.now())!;
      const cellOnW1 = () => logstash().cells[cache.engine.nodeNames().indexOf(s.nodes.w1)]!;
      expect(cellOnW1().shouldRun).toBe(false);
      await s.core.patchNode(
        { name: s.nodes.w1, body: { metadata: { labels: { 'anyrobot-app': 'true' } } } },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      );
      await until('engine to see the new label', () => cellOnW1().shouldRun, 10_000, 10);
      const applied = cache.version;
      expect(applied).toBeGreaterThan(before);
      await until(`a version event for version ${applied}`, () => announced.some((v) => v >= applied), 5_000, 10);
      expect(announced.every((v, i) => i === 0 || v > announced[i - 1]!), `versions out of order: ${announced.join(', ')}`).toBe(true);
      // Announcements are throttled: one for `before` itself may still be pending when we subscribe,
      // but nothing older than what the cache already held may be announced.
      expect(Math.min(...announced)).toBeGreaterThanOrEqual(before);
    } finally {
      cache.off('version', onVersion);
    }
  });

  it('opens and closes hundreds of watches without leaking a socket', async () => {
    const transport = new Transport(kubeConfigFor(currentContext()));
    const baseline = netHandles();
    for (let i = 0; i < 300; i++) {
      await new Promise<void>((resolve, reject) => {
        const handle = transport.watch(
          `/api/v1/namespaces/${s.ns.monitoring}/pods`,
          { timeoutSeconds: 30 },
          { onOpen: () => handle.stop(), onEvent: () => undefined, onClose: (err) => (err ? reject(err) : resolve()) },
          10_000,
        );
      });
    }
    // Sockets close asynchronously after the last stop(): wait for that, then check nothing is left.
    await until('every watch socket closed', () => transport.socketCount() === 0 && netHandles() - baseline <= 1, 10_000, 20).catch(() => undefined);
    expect(transport.socketCount()).toBe(0);
    expect(netHandles() - baseline).toBeLessThanOrEqual(1);
    transport.destroy();
  });

  it('restarts watches that the server ends (timeouts) without leaking sockets or going stale', async () => {
    const { ClusterCache } = await import('@/lib/kube/cache/cluster-cache');
    const { CoverageEngine } = await import('@/lib/coverage/engine');
    let restarts = 0;
    const short = new ClusterCache(currentContext(), kubeConfigFor(currentContext()), new CoverageEngine(), {
      reflector: { watchTimeoutSeconds: [1, 2] },
      onRestart: () => restarts++,
    }).start();
    try {
      await short.whenReady(30_000);
      const states = new Set<CacheStatus['state']>();
      short.on('version', (e) => states.add(e.cache.state));
      const maxSockets: number[] = [];
      for (let i = 0; i < 40; i++) {
        await new Promise((r) => setTimeout(r, 250));
        maxSockets.push(short.socketCount());
      }
      // 4 watches, each reopened every 1-2 s for 10 s: ~25 reopenings, never more than a
      // watch's socket plus a pooled one per kind.
      expect(Math.max(...maxSockets)).toBeLessThanOrEqual(8);
      expect(states.has('stale')).toBe(false);
      expect(restarts).toBe(0);
      await expectEqualsFreshList(short, s.kc);
    } finally {
      short.stop();
    }
  });
});

/**
 * The outage runs on a cluster of its own (4 s to create with kwokctl), so stopping its API
 * server cannot disturb the shared cluster other test files use.
 */
describe('cluster cache across an API server outage (dedicated cluster)', () => {
  const name = `everynode-chaos-${process.pid}`;
  const env = { ...process.env, EVERYNODE_CLUSTER: name };
  let kubeconfig = '';
  let s: CoreScenario;

  const kwokctl = (...args: string[]) => {
    const bin = execFileSync('bash', ['-c', '. cluster/env.sh && echo "$CLUSTER_BIN/kwokctl"'], { cwd: repo, env }).toString().trim();
    const workdir = execFileSync('bash', ['-c', '. cluster/env.sh && echo "$KWOK_WORKDIR"'], { cwd: repo, env }).toString().trim();
    execFileSync(bin, ['--name', name, ...args], { env: { ...env, KWOK_WORKDIR: workdir }, stdio: 'pipe' });
  };

  beforeAll(async () => {
    const out = execFileSync('bash', ['cluster/up.sh'], { cwd: repo, env, stdio: 'pipe' }).toString();
    kubeconfig = /kubeconfig: (.+)$/m.exec(out)?.[1]?.trim() ?? '';
    expect(kubeconfig).not.toBe('');
    process.env.KUBECONFIG = kubeconfig;
    resetKubeConfig();
    s = await createCoreScenario(kubeConfig(kubeconfig));
    await waitSettled(s);
  });

  afterAll(() => {
    stopAllCaches();
    // kwokctl edits the kubeconfig it is given on delete; give it a throwaway path.
    kwokctl('delete', 'cluster', '--kubeconfig', path.join(os.tmpdir(), `${name}.kubeconfig`));
    if (kubeconfig) fs.rmSync(kubeconfig, { force: true });
  });

  it('reports stale while the API server is down, then recovers by itself and equals a fresh LIST', async () => {
    const cache = getCache(currentContext());
    await cache.whenReady(30_000);
    expect(cache.status().state).toBe('ready');
    const seen: CacheStatus[] = [];
    cache.on('version', (e) => seen.push(e.cache));

    const failedAttempts = async () =>
      (await metrics().watchRestarts.get()).values.filter((v) => v.labels.context === currentContext()).reduce((n, v) => n + v.value, 0);
    kwokctl('stop', 'cluster');
    try {
      const stale = await until('cache to report stale', () => (cache.status().state === 'stale' ? cache.status() : undefined), 10_000);
      expect(stale.error).toMatch(/unreachable|ECONNRE|aborted|reset/i);
      const since = Date.parse(stale.staleSince ?? '');
      expect(Number.isNaN(since), `staleSince ${stale.staleSince}`).toBe(false);
      expect(cache.stalenessSeconds(since + 2_500)).toBe(2.5);
      expect(cache.stalenessSeconds(since - 1_000)).toBe(0); // a clock step back never goes negative
      // Recovery must follow repeated failures, not one: wait until every kind has failed twice more.
      const failedAtStale = await failedAttempts();
      await until('failed reconnects while down', async () => (await failedAttempts()) >= failedAtStale + 8, 30_000, 100);
    } finally {
      kwokctl('start', 'cluster');
    }

    await until('cache to recover', () => cache.status().state === 'ready', 60_000, 100);
    expect(cache.status().staleSince).toBeUndefined();
    expect(seen.some((c) => c.state === 'stale')).toBe(true);

    // A change after the restart arrives through the re-established watches.
    await until(
      'API server to accept writes',
      () =>
        s.core
          .patchNode({ name: s.nodes.w1, body: { metadata: { labels: { 'after-restart': 'yes' } } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch))
          .then(() => true),
      30_000,
      250,
    );
    await until('cache to see the post-restart change', () => cache.get('Node', s.nodes.w1)?.metadata?.labels?.['after-restart'] === 'yes', 10_000, 20);

    await expectEqualsFreshList(cache, s.kc, 30_000);
    await expectCountsMatchStatus(cache, s.apps, s.ns.monitoring, 'node-exporter');
    // Failed reconnects during the outage left no sockets behind: 5 watches (4 kinds + Events), a few pooled.
    expect(cache.socketCount()).toBeLessThanOrEqual(9);
  });
});
