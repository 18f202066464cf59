/**
 * The staged-rollout bench's probe (run by scripts/bench/sections/staged.ts, or alone):
 *   KUBECONFIG=… node --conditions=react-server --import tsx scripts/staged/bench-probe.ts [namespace]
 * On the cluster's untainted nodes it creates a DaemonSet of its own, starts a plan (canary 1 %,
 * ten 10 % waves, no soak) through the same code as the start route, drives it with the console's
 * driver in this process, and measures from an independent pod watch: gate met (the wave's last
 * new pod Ready) → the next wave's first old-pod deletion; then the API requests a running plan
 * costs per minute while it soaks (from apiserver_request_total). Prints one JSON line; removes
 * its namespace.
 */
import http from 'node:http';
import https from 'node:https';
import { AppsV1Api, CoreV1Api, Watch, type V1Pod } from '@kubernetes/client-node';
import { readyCache, stopAllCaches } from '@/lib/kube/cache/registry';
import { currentContext, kubeConfigFor } from '@/lib/kube/contexts';
import { controlStaged, startStaged } from '@/lib/kube/staged/control';
import { StagedDriver } from '@/lib/kube/staged/driver';
import { ANNOTATIONS } from '@/lib/staged/annotations';
import { planSteps } from '@/lib/staged/steps';
import type { Plan } from '@/lib/staged/plan';
import { kubectl } from '@/test/support/kubectl';
import { parseMetrics, sumBy } from '@/scripts/bench/prom';
import { summarize } from '@/scripts/bench/stats';
import { until } from '@/test/support/until';

const ns = process.argv[2] ?? 'bench-staged';
const NAME = 'staged-agent';
const ctx = currentContext();
const kc = kubeConfigFor(ctx);
const apps = kc.makeApiClient(AppsV1Api);
const core = kc.makeApiClient(CoreV1Api);
const kubeconfig = process.env.KUBECONFIG!;
const log = (s: string) => process.stderr.write(`[staged-probe] ${s}\n`);

const isReady = (p: V1Pod) => !p.metadata?.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/**
 * Every HTTP request this process opens, counted at the socket layer (client-node and the cache's
 * transport both go through node:http/https). The cache's watches are long-running and opened
 * before the window, so what a window counts is the driver's own requests.
 */
let requests = 0;
for (const mod of [http, https]) {
  const original = mod.request.bind(mod) as (...args: unknown[]) => http.ClientRequest;
  (mod as { request: unknown }).request = (...args: unknown[]) => {
    requests += 1;
    return original(...args);
  };
}

/** Lease requests the API server counted (all clients): cross-checks the in-process count. */
async function leaseRequests(): Promise<number> {
  const samples = parseMetrics(await kubectl(kubeconfig, ['get', '--raw', '/metrics'], { timeoutMs: 30_000 }));
  return Object.values(sumBy(samples, 'apiserver_request_total', 'verb', { resource: 'leases', group: 'coordination.k8s.io' })).reduce((a, b) => a + b, 0);
}

async function main(): Promise<void> {
  await kubectl(kubeconfig, ['create', 'namespace', ns]).catch(() => undefined);
  await apps.createNamespacedDaemonSet({
    namespace: ns,
    body: {
      metadata: { name: NAME, namespace: ns },
      spec: {
        selector: { matchLabels: { app: NAME } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
        template: { metadata: { labels: { app: NAME } }, spec: { containers: [{ name: 'agent', image: 'registry.local/agent:1' }] } },
      },
    },
  });
  const cache = await readyCache(ctx, 120_000);
  const settled = await until('the bench DaemonSet to roll out', async () => {
    const ds = await apps.readNamespacedDaemonSet({ namespace: ns, name: NAME });
    const st = ds.status;
    return st && st.desiredNumberScheduled! > 0 && st.numberAvailable === st.desiredNumberScheduled && st.observedGeneration === ds.metadata?.generation ? ds : false;
  }, { timeoutMs: 600_000, everyMs: 1000 });
  const desired = settled.status!.desiredNumberScheduled!;
  log(`${desired} pods settled`);

  const plan: Plan = { canary: { kind: 'count', count: Math.max(1, Math.round(desired / 100)) }, waves: { kind: 'percent', percents: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] }, soakSeconds: 0, maxRestarts: 2, readyTimeoutSeconds: 600, autoAbort: false };
  await until('the cache to see the pods', () => (cache.engine.agent(ns, NAME, Date.now())?.counts.available ?? 0) === desired, 60_000, 200);
  const agent = cache.engine.agent(ns, NAME, Date.now())!;
  const steps = planSteps(plan, agent.cells.filter((c) => c.shouldRun).map((c) => c.node), (n) => cache.engine.getNode(n)?.metadata?.labels);
  const stepOf = new Map(steps.flatMap((s, i) => s.nodes.map((n) => [n, i] as const)));

  // Independent observer: which new pods are Ready per step, and when each step's first old pod went.
  const oldHash = (await core.listNamespacedPod({ namespace: ns })).items[0]!.metadata!.labels!['controller-revision-hash'];
  const readyNew = new Map<number, Set<string>>();
  const gateMetAt = new Map<number, number>();
  const firstDeletionAt = new Map<number, number>();
  const watch = await new Watch(kc).watch(`/api/v1/namespaces/${ns}/pods`, {}, (_t: string, p: V1Pod) => {
    const now = performance.now();
    const step = stepOf.get(p.spec?.nodeName ?? '');
    if (step === undefined) return;
    const old = p.metadata?.labels?.['controller-revision-hash'] === oldHash;
    if (old && p.metadata?.deletionTimestamp && !firstDeletionAt.has(step)) firstDeletionAt.set(step, now);
    if (!old && isReady(p)) {
      const set = readyNew.get(step) ?? new Set();
      set.add(p.spec!.nodeName!);
      readyNew.set(step, set);
      if (set.size === steps[step]!.nodes.length && !gateMetAt.has(step)) gateMetAt.set(step, now);
    }
  }, () => undefined);

  const driver = new StagedDriver(cache).start();
  const actor = { name: 'everynode-bench' };
  const template = structuredClone(settled.spec!.template) as unknown as Record<string, unknown> & { spec: { containers: { image: string }[] } };
  template.spec.containers[0]!.image = 'registry.local/agent:2';
  const t0 = performance.now();
  await startStaged(ctx, ns, NAME, { template: JSON.parse(JSON.stringify(template)) as Record<string, unknown>, plan }, actor);
  await until('the plan to complete', async () => (await apps.readNamespacedDaemonSet({ namespace: ns, name: NAME })).metadata?.annotations?.[ANNOTATIONS.state] === 'completed', { timeoutMs: 900_000, everyMs: 500 });
  const totalS = (performance.now() - t0) / 1000;
  const latencies: number[] = [];
  for (let i = 0; i + 1 < steps.length; i++) {
    const met = gateMetAt.get(i);
    const next = firstDeletionAt.get(i + 1);
    if (met !== undefined && next !== undefined && steps[i + 1]!.nodes.length > 0) latencies.push(next - met);
  }

  // Cost of a running plan between moves: a second plan soaking for a minute (leases + nothing else).
  const soaking: Plan = { ...plan, soakSeconds: 3600 };
  const again = await apps.readNamespacedDaemonSet({ namespace: ns, name: NAME });
  const t2 = structuredClone(again.spec!.template) as unknown as Record<string, unknown> & { spec: { containers: { image: string }[] } };
  t2.spec.containers[0]!.image = 'registry.local/agent:3';
  await startStaged(ctx, ns, NAME, { template: JSON.parse(JSON.stringify(t2)) as Record<string, unknown>, plan: soaking }, actor);
  await until('the canary to soak', () => cache.engine.agent(ns, NAME, Date.now())!.cells.filter((c) => steps[0]!.nodes.includes(c.node)).every((c) => c.pods.some((p) => p.revision === 'current' && p.ready)), 120_000, 200);
  const leasesBefore = await leaseRequests();
  const before = requests;
  const windowMs = 60_000;
  await new Promise((r) => setTimeout(r, windowMs));
  const after = requests;
  const leasesAfter = await leaseRequests();
  await controlStaged(ctx, ns, NAME, 'abort', actor);

  watch.abort();
  driver.stop();
  process.stdout.write(
    `${JSON.stringify({
      desired,
      steps: steps.length,
      totalS: Math.round(totalS * 10) / 10,
      gateToNextDeletionMs: summarize(latencies),
      samples: latencies.length,
      requestsPerMinuteWhileSoaking: Math.round(((after - before) * 60_000) / windowMs),
      // All Lease requests the API server saw in the window (the kube-controller-manager's and kwok's too).
      apiserverLeaseRequestsPerMinute: Math.round(((leasesAfter - leasesBefore) * 60_000) / windowMs),
    })}\n`,
  );
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`[staged-probe] failed: ${String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await kubectl(kubeconfig, ['delete', 'namespace', ns, '--ignore-not-found', '--wait=false']).catch(() => undefined);
    stopAllCaches();
    setTimeout(() => process.exit(), 500).unref();
  });
