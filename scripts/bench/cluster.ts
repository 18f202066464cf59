/**
 * The bench's own kwok cluster (cluster/up.sh with EVERYNODE_CLUSTER set), kept apart from the
 * tests' shared cluster: created, filled with the synthetic fleet, measured, deleted.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, KubeConfig, type V1Node } from '@kubernetes/client-node';
import { applyObjects } from '../../test/support/kubectl';
import { waitSettled } from '../../cluster/lib/settle';
import { SCALE_NAMESPACE, scaleNodeName, scaleScenario } from '../../cluster/scenarios/scale';
import { setPodReady } from './kube';

export interface ScaleSpec {
  nodes: number;
  agents: number;
}

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
 * Applies the scale scenario and waits until the real DaemonSet controller has placed every agent
 * and kwok made each pod Ready (every agent fully available, nodes settled). Returns the seconds it
 * took and the agent pods the controller wants.
 */
export async function applyFleet(cluster: BenchCluster, spec: ScaleSpec, timeoutMs: number, log: (s: string) => void): Promise<{ seconds: number; pods: number }> {
  const t0 = Date.now();
  const objects = scaleScenario(spec.nodes, spec.agents);
  const nodes = objects.filter((o) => o.kind === 'Node');
  await applyObjects(cluster.kubeconfig, objects.filter((o) => o.kind === 'Namespace'), 'everynode-bench');
  await createNodes(cluster, nodes as V1Node[]);
  await applyObjects(cluster.kubeconfig, objects.filter((o) => o.kind === 'DaemonSet'), 'everynode-bench');
  log(`applied ${nodes.length} nodes and ${spec.agents} agents in ${((Date.now() - t0) / 1000).toFixed(1)} s; waiting for the controller and kwok`);
  const pods = await waitFleetReady(cluster, spec, timeoutMs - (Date.now() - t0), 3000, log);
  return { seconds: (Date.now() - t0) / 1000, pods };
}

/** Calls `fn` on every item, `concurrency` calls at a time (the API server takes writes in parallel). */
async function forEachConcurrently<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Creates nodes a few at a time (kubectl apply would send them one by one); existing ones are left alone. */
async function createNodes(cluster: BenchCluster, nodes: V1Node[], concurrency = 16): Promise<void> {
  const core = cluster.kc.makeApiClient(CoreV1Api);
  await forEachConcurrently(nodes, concurrency, async (node) => {
    try {
      await core.createNode({ body: node });
    } catch (err) {
      if ((err as { code?: number }).code !== 409) throw err;
    }
  });
}

/** How many nodes the cluster holds (the bench cluster holds only the fleet's). */
export async function nodeCount(cluster: BenchCluster): Promise<number> {
  const core = cluster.kc.makeApiClient(CoreV1Api);
  return (await core.listNode()).items.length;
}

/**
 * The cluster helper's settle check (cluster/lib/settle.ts): every agent fully rolled out and
 * available, every node's readiness settled, nothing changing for a quiet moment. Returns the
 * agent pods the controller wants (sum of desired).
 */
export async function waitFleetReady(cluster: BenchCluster, spec: ScaleSpec, timeoutMs: number, quietMs = 3000, log?: (s: string) => void): Promise<number> {
  const nodeNames = Array.from({ length: spec.nodes }, (_, i) => scaleNodeName(i));
  const progress = watchProgress(cluster, log);
  try {
    const state = await Promise.race([
      waitSettled(cluster.kc, { namespaces: [SCALE_NAMESPACE], nodeNames }, { timeoutMs, quietMs, pollMs: 2000, pods: false, fullyAvailable: true }),
      progress.stalled,
    ]);
    if (state.daemonSets.length !== spec.agents) throw new Error(`expected ${spec.agents} agents, found ${state.daemonSets.length}`);
    return state.daemonSets.reduce((n, d) => n + d.desired, 0);
  } finally {
    progress.stop();
  }
}

const STALL_MS = 180_000;
/** After this long without progress, look for pods the node lifecycle controller marked NotReady. */
const REVIVE_AFTER_MS = 40_000;

const isTrue = (conds: { type: string; status: string }[] | undefined, type: string) => conds?.some((c) => c.type === type && c.status === 'True') ?? false;

/**
 * When kwok falls behind renewing node leases (5,000 nodes being created on 2 cores), the node
 * lifecycle controller marks the nodes NotReady and their pods' Ready condition False. A kubelet
 * sets Ready again once its node is back; kwok does not. Marks Running pods whose containers are
 * ready, on Ready nodes, Ready again, as the kubelet would. Returns how many.
 */
export async function reviveMarkedNotReady(cluster: BenchCluster): Promise<number> {
  const core = cluster.kc.makeApiClient(CoreV1Api);
  const [pods, nodes] = await Promise.all([core.listNamespacedPod({ namespace: SCALE_NAMESPACE }), core.listNode()]);
  const readyNodes = new Set(nodes.items.filter((n) => isTrue(n.status?.conditions, 'Ready')).map((n) => n.metadata?.name));
  const stuck = pods.items.filter(
    (p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp && readyNodes.has(p.spec?.nodeName) && isTrue(p.status.conditions, 'ContainersReady') && !isTrue(p.status.conditions, 'Ready'),
  );
  await forEachConcurrently(stuck, 16, (pod) => setPodReady(core, SCALE_NAMESPACE, pod.metadata!.name!, true).catch(() => undefined));
  return stuck.length;
}

/**
 * Logs ready pods every 20 s and fails fast when none became ready for {@link STALL_MS} while some
 * are missing (kwok stopped making pods Ready once; waiting out the whole timeout told nobody why).
 */
function watchProgress(cluster: BenchCluster, log?: (s: string) => void): { stalled: Promise<never>; stop: () => void } {
  const apps = cluster.kc.makeApiClient(AppsV1Api);
  let timer: ReturnType<typeof setInterval> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    let lastReady = -1;
    let lastChange = Date.now();
    let revived = false;
    timer = setInterval(() => {
      apps
        .listNamespacedDaemonSet({ namespace: SCALE_NAMESPACE })
        .then((list) => {
          const ready = list.items.reduce((n, d) => n + (d.status?.numberReady ?? 0), 0);
          const desired = list.items.reduce((n, d) => n + (d.status?.desiredNumberScheduled ?? 0), 0);
          log?.(`  ${ready}/${desired} agent pods ready`);
          if (ready !== lastReady) {
            lastReady = ready;
            lastChange = Date.now();
          } else if (ready < desired && !revived && Date.now() - lastChange > REVIVE_AFTER_MS) {
            revived = true;
            void reviveMarkedNotReady(cluster).then(
              (n) => log?.(`  ${n} Running pods with ready containers were marked NotReady by the node lifecycle controller (kwok's node leases lagged); marked them Ready as their kubelet would`),
              (err: unknown) => log?.(`  could not check for pods marked NotReady: ${String(err).slice(0, 160)}`),
            );
          } else if (ready < desired && Date.now() - lastChange > STALL_MS) {
            reject(new Error(`no agent pod became ready for ${STALL_MS / 1000} s (${ready}/${desired}); kwok's log: ${join(cacheDir(), 'clusters', cluster.name, 'logs', 'kwok-controller.log')}`));
          }
        })
        .catch(() => undefined);
    }, 20_000);
  });
  stalled.catch(() => undefined); // only observed through the race
  return { stalled, stop: () => clearInterval(timer) };
}
