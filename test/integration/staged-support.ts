/**
 * Helpers for the staged-rollout integration tests: the driver as a child process (the console's
 * driver alone: scripts/staged/driver.ts), a continuous pod sampler fed by a watch, and the
 * route calls a browser would make.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Watch, type KubeConfig, type V1DaemonSet, type V1Pod } from '@kubernetes/client-node';
import * as abortRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/staged/abort/route';
import * as pauseRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/staged/pause/route';
import * as promoteRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/staged/promote/route';
import * as resumeRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/staged/resume/route';
import * as stagedRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/staged/route';
import { ANNOTATIONS, readStaged } from '@/lib/staged/annotations';
import type { Plan } from '@/lib/staged/plan';
import { call, get, post, until, type ActionsScenario } from './actions-scenario';

const repo = fileURLToPath(new URL('../..', import.meta.url));
/** Short leases so a takeover after a kill takes seconds, not 15. */
export const LEASE_SECONDS = 6;

export interface DriverProcess {
  child: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function startDriver(kubeconfig: string): DriverProcess {
  const child: ChildProcess = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/staged/driver.ts'], {
    cwd: repo,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_ENV: 'production', KUBECONFIG: kubeconfig, LOG_LEVEL: 'info', EVERYNODE_STAGED_LEASE_SECONDS: String(LEASE_SECONDS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-200_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    output: () => out,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** The identity a driver process logged at start. */
export async function identityOf(d: DriverProcess): Promise<string> {
  return until('the driver to start', async () => /"identity":"([^"]+)"/.exec(d.output())?.[1] ?? false, 30_000);
}

export interface Sample {
  /** Most nodes seen at once without a Ready, non-terminating pod. */
  maxUnavailable: number;
  /** Nodes whose old-revision pod got deleted, in order, with the resourceVersion of that event. */
  deletions: { node: string; rv: number }[];
  stop(): void;
}

/**
 * Watches the namespace's pods of one DaemonSet and, on every event, counts the desired nodes
 * without a Ready pod that is not being deleted: the unavailability a rollout causes, sampled
 * continuously rather than at the test's polling times.
 */
export async function samplePods(kc: KubeConfig, s: ActionsScenario, name: string): Promise<Sample> {
  const pods = new Map<string, V1Pod>();
  const initial = await s.core.listNamespacedPod({ namespace: s.ns, labelSelector: `app=${name}` });
  for (const p of initial.items) pods.set(p.metadata!.uid!, p);
  const oldHashes = new Set(initial.items.map((p) => p.metadata?.labels?.['controller-revision-hash']));
  const deletedSeen = new Set<string>();
  const sample: Sample = { maxUnavailable: 0, deletions: [], stop: () => undefined };
  const measure = () => {
    const up = new Set<string>();
    for (const p of pods.values()) {
      if (p.metadata?.deletionTimestamp) continue;
      if (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) up.add(p.spec!.nodeName!);
    }
    sample.maxUnavailable = Math.max(sample.maxUnavailable, s.nodes.filter((n) => !up.has(n)).length);
  };
  const noteDeletion = (p: V1Pod) => {
    const uid = p.metadata!.uid!;
    if (deletedSeen.has(uid) || !oldHashes.has(p.metadata?.labels?.['controller-revision-hash'])) return;
    deletedSeen.add(uid);
    sample.deletions.push({ node: p.spec!.nodeName!, rv: Number(p.metadata?.resourceVersion) });
  };
  const req = await new Watch(kc).watch(
    `/api/v1/namespaces/${s.ns}/pods`,
    { labelSelector: `app=${name}`, resourceVersion: initial.metadata?.resourceVersion, allowWatchBookmarks: false },
    (type: string, obj: V1Pod) => {
      const uid = obj.metadata?.uid;
      if (!uid) return;
      if (type === 'DELETED') {
        noteDeletion(obj);
        pods.delete(uid);
      } else {
        if (obj.metadata?.deletionTimestamp) noteDeletion(obj);
        pods.set(uid, obj);
      }
      measure();
    },
    () => undefined,
  );
  sample.stop = () => req.abort();
  return sample;
}

/**
 * The plan's step over time, from a watch of the DaemonSet: (resourceVersion, step) at each
 * change. One etcd orders every write, so comparing a pod event's resourceVersion with these
 * says which step was current when the pod was deleted (the local etcd's revisions are numbers).
 */
export async function watchSteps(kc: KubeConfig, s: ActionsScenario, name: string): Promise<{ stepAt(rv: number): number; stop(): void }> {
  const changes: { rv: number; step: number }[] = [];
  const req = await new Watch(kc).watch(
    `/apis/apps/v1/namespaces/${s.ns}/daemonsets`,
    { fieldSelector: `metadata.name=${name}` },
    (_type: string, ds: V1DaemonSet) => {
      const step = stepOfDs(ds);
      if (changes.at(-1)?.step !== step) changes.push({ rv: Number(ds.metadata?.resourceVersion), step });
    },
    () => undefined,
  );
  return {
    stepAt: (rv) => changes.filter((c) => c.rv < rv).at(-1)?.step ?? -1,
    stop: () => req.abort(),
  };
}

const paramsOf = (s: ActionsScenario, name: string) => ({ ctx: s.ctx, ns: s.ns, name });
const base = (s: ActionsScenario, name: string) => `/api/clusters/${s.ctx}/daemonsets/${s.ns}/${name}/staged`;

export const startPlan = (s: ActionsScenario, name: string, json: { template: unknown; plan: Plan }) => call(stagedRoute.POST, post(base(s, name), { json }), paramsOf(s, name));
export const readPlan = (s: ActionsScenario, name: string) => call(stagedRoute.GET, get(base(s, name)), paramsOf(s, name));
const controls = { pause: pauseRoute.POST, resume: resumeRoute.POST, promote: promoteRoute.POST, abort: abortRoute.POST };
export const control = (s: ActionsScenario, name: string, c: keyof typeof controls) => call(controls[c], post(`${base(s, name)}/${c}`), paramsOf(s, name));

/** The DaemonSet's template with other images (and extra pod annotations). */
export function changedTemplate(ds: V1DaemonSet, image: string, annotations: Record<string, string> = {}): Record<string, unknown> {
  const t = structuredClone(ds.spec!.template) as unknown as { metadata?: { annotations?: Record<string, string> }; spec: { containers: { image: string }[] } };
  t.spec.containers = t.spec.containers.map((c) => ({ ...c, image }));
  t.metadata = { ...t.metadata, annotations: { ...t.metadata?.annotations, ...annotations } };
  return JSON.parse(JSON.stringify(t)) as Record<string, unknown>;
}

/** Waits for the plan to reach `phase` and answers the DaemonSet then. */
export function waitPhase(s: ActionsScenario, name: string, phase: string, timeoutMs = 120_000): Promise<V1DaemonSet> {
  return until(
    `the staged rollout of ${name} to be ${phase}`,
    async () => {
      const ds = await s.apps.readNamespacedDaemonSet({ namespace: s.ns, name });
      return ds.metadata?.annotations?.[ANNOTATIONS.state] === phase ? ds : false;
    },
    timeoutMs,
    250,
  );
}

export const stepOfDs = (ds: V1DaemonSet) => readStaged(ds.metadata?.annotations)?.progress.step ?? -1;
