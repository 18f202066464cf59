/**
 * The bench's own kwok cluster (cluster/up.sh with EVERYNODE_CLUSTER set), kept apart from the
 * tests' shared cluster: created, filled with the synthetic fleet, measured, deleted.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, KubeConfig, type V1Node } from '@kubernetes/client-node';
import { applyObjects } from '../../cluster/lib/kubectl';
import { BENCH_NAMESPACE, BENCH_NODE_LABEL, expectedDesired, scaleObjects, type ScaleSpec } from './scale';

export interface BenchCluster {
  name: string;
  kubeconfig: string;
  /** The kubeconfig context kwokctl writes (`kwok-<name>`). */
  context: string;
  kc: KubeConfig;
  /** PID of a control-plane component, read from kwokctl's pid files. */
  pid(component: 'kube-apiserver' | 'etcd' | 'kube-controller-manager' | 'kwok-controller'): number | undefined;
}

const cacheDir = () => join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'everynode');

function clusterScript(script: string, name: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [`cluster/${script}`], { env: { ...process.env, EVERYNODE_CLUSTER: name }, timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`cluster/${script} (${name}) failed: ${(stderr || stdout || err.message).trim().split('\n').slice(-10).join('\n')}`));
      else resolve(stdout);
    });
  });
}

/** Starts (or reuses) the named cluster; cluster/up.sh builds missing binaries first. */
export async function startBenchCluster(name: string): Promise<BenchCluster> {
  const out = await clusterScript('up.sh', name, 90 * 60_000);
  const kubeconfig = /^kubeconfig: (.+)$/m.exec(out)?.[1]?.trim();
  if (!kubeconfig) throw new Error(`cluster/up.sh printed no kubeconfig:\n${out}`);
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const pidDir = join(cacheDir(), 'clusters', name, 'pids');
  return {
    name,
    kubeconfig,
    context: kc.getCurrentContext(),
    kc,
    pid: (component) => {
      try {
        const pid = Number(readFileSync(join(pidDir, `${component}.pid`), 'utf8').trim());
        return Number.isInteger(pid) && pid > 0 ? pid : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

export async function deleteBenchCluster(name: string): Promise<void> {
  await clusterScript('down.sh', name, 5 * 60_000);
}

/**
 * Applies the synthetic fleet and waits until the real DaemonSet controller has placed every agent
 * where the rules say and kwok made each pod Ready. Returns the seconds it took.
 */
export async function applyFleet(cluster: BenchCluster, spec: ScaleSpec, timeoutMs: number, log: (s: string) => void): Promise<number> {
  const t0 = Date.now();
  const { namespace, nodes, agents } = scaleObjects(spec);
  await applyObjects([namespace], cluster.kubeconfig, 'everynode-bench');
  await createNodes(cluster, nodes as V1Node[]);
  await applyObjects(agents, cluster.kubeconfig, 'everynode-bench');
  log(`applied ${nodes.length} nodes and ${agents.length} agents in ${((Date.now() - t0) / 1000).toFixed(1)} s; waiting for the controller and kwok`);
  await waitFleetReady(cluster, spec, timeoutMs - (Date.now() - t0), log);
  return (Date.now() - t0) / 1000;
}

/** Creates nodes a few at a time (kubectl apply would send them one by one); existing ones are left alone. */
async function createNodes(cluster: BenchCluster, nodes: V1Node[], concurrency = 16): Promise<void> {
  const core = cluster.kc.makeApiClient(CoreV1Api);
  let next = 0;
  const worker = async () => {
    while (next < nodes.length) {
      const node = nodes[next++]!;
      try {
        await core.createNode({ body: node });
      } catch (err) {
        if ((err as { code?: number }).code !== 409) throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** How many bench nodes the cluster holds now. */
export async function benchNodeCount(cluster: BenchCluster): Promise<number> {
  const core = cluster.kc.makeApiClient(CoreV1Api);
  const list = await core.listNode({ labelSelector: `${BENCH_NODE_LABEL}=true` });
  return list.items.length;
}

/** Every agent: desired as the placement rules say, and that many pods ready and up to date. */
export async function waitFleetReady(cluster: BenchCluster, spec: ScaleSpec, timeoutMs: number, log: (s: string) => void): Promise<void> {
  const apps = cluster.kc.makeApiClient(AppsV1Api);
  const expected = expectedDesired(spec);
  const deadline = Date.now() + timeoutMs;
  let lastLog = 0;
  for (;;) {
    const list = await apps.listNamespacedDaemonSet({ namespace: BENCH_NAMESPACE });
    const behind: string[] = [];
    for (const [name, want] of expected) {
      const ds = list.items.find((d) => d.metadata?.name === name);
      const s = ds?.status;
      const ok =
        s !== undefined &&
        (s.observedGeneration ?? 0) >= (ds?.metadata?.generation ?? 1) &&
        s.desiredNumberScheduled === want &&
        s.numberReady === want &&
        (s.updatedNumberScheduled ?? 0) === want &&
        (s.numberAvailable ?? 0) === want;
      if (!ok) behind.push(`${name} ${s?.numberReady ?? 0}/${want}`);
    }
    if (behind.length === 0) return;
    if (Date.now() > deadline) throw new Error(`bench fleet not ready in time: ${behind.join(', ')}`);
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      log(`  waiting: ${behind.slice(0, 4).join(', ')}${behind.length > 4 ? ` (+${behind.length - 4})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
