import 'server-only';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { AppsV1Api, CoordinationV1Api, CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { KDaemonSet } from '@/lib/coverage/k8s';
import { fromKubeError } from '@/lib/errors';
import { audit } from '@/lib/kube/audit';
import type { CoverageCache } from '@/lib/kube/cache/registry';
import { apiFor } from '@/lib/kube/contexts';
import { logger } from '@/lib/log';
import { leaseName, readStaged, type StagedRecord } from '@/lib/staged/annotations';
import type { Decision } from '@/lib/staged/decide';
import type { Progress } from '@/lib/staged/plan';
import { stagedState } from '@/lib/staged/view';
import { handEdit, previousTemplate } from './control';
import { DEFAULT_LEASE_TIMING, LeaseElector, type LeaseTiming } from './lease';
import { expectProgress, progressOps, restoreOps, type JsonPatchOp } from './patches';

const jsonPatch = () => setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);
/** A pod we deleted counts as gone for this long even if the cache has not caught up. */
const DELETING_MS = 120_000;
/** Gate timers and lease renewals need a clock besides cache changes. */
const TICK_MS = 1000;

export interface DriverOptions {
  identity?: string;
  lease?: LeaseTiming;
}

/** A stable id for this process among console replicas: host, pid and a random suffix. */
export function driverIdentity(): string {
  return `${os.hostname()}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

/**
 * Drives every running staged rollout of one cluster, in the console's server process, with the
 * console's own credentials (its service account in a cluster): woken by the watch cache's
 * versions and a 1 s timer, it decides from the cache (lib/staged/decide) and writes only
 * through the plan's Lease. It holds no state a restart would lose: the plan, step and pause
 * reason are on the DaemonSet; what it keeps in memory (pods it just deleted) only makes it
 * more careful.
 */
export class StagedDriver {
  readonly identity: string;
  private readonly electors = new Map<string, LeaseElector>();
  private readonly deleting = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private again = false;
  private readonly onVersion = () => void this.tick();

  constructor(
    private readonly cache: CoverageCache,
    private readonly opts: DriverOptions = {},
  ) {
    this.identity = opts.identity ?? driverIdentity();
  }

  start(): this {
    this.cache.on('version', this.onVersion);
    this.cache.once('stopped', () => this.stop());
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
    return this;
  }

  stop(): void {
    this.cache.off('version', this.onVersion);
    clearInterval(this.timer);
  }

  /** Whether this process drives the plan of `ns/name` now (the panel says who drives). */
  leaseHolder(namespace: string, name: string): string | undefined {
    return this.electors.get(`${namespace}/${name}`)?.holder();
  }

  /** One pass over every DaemonSet with a running plan; passes never overlap. */
  async tick(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      do {
        this.again = false;
        await this.pass(Date.now());
      } while (this.again);
    } catch (err) {
      logger.warn({ context: this.cache.context, err: (err as Error).message }, 'staged rollout driver pass failed');
    } finally {
      this.busy = false;
    }
  }

  private async pass(now: number): Promise<void> {
    if (!this.cache.synced) return;
    for (const [uid, at] of this.deleting) if (now - at > DELETING_MS) this.deleting.delete(uid);
    for (const obj of this.cache.objects('DaemonSet')) {
      const ds = obj as KDaemonSet;
      const key = `${ds.metadata?.namespace}/${ds.metadata?.name}`;
      const staged = readStaged(ds.metadata?.annotations);
      if (staged?.progress.phase !== 'running') {
        const elector = this.electors.get(key);
        if (elector && staged && !['running', 'paused'].includes(staged.progress.phase)) {
          this.electors.delete(key);
          await elector.release();
        }
        continue;
      }
      if (!(await this.electorFor(ds, key).tick(now))) continue;
      await this.drive(ds, staged, now).catch((err) => {
        logger.warn({ context: this.cache.context, daemonSet: key, err: fromKubeError(err).message }, 'staged rollout step failed');
      });
    }
  }

  private electorFor(ds: KDaemonSet, key: string): LeaseElector {
    let e = this.electors.get(key);
    if (!e) {
      const api = apiFor(this.cache.context, CoordinationV1Api);
      e = new LeaseElector(api, ds.metadata!.namespace!, leaseName(ds.metadata!.name!), this.identity, this.opts.lease ?? DEFAULT_LEASE_TIMING);
      this.electors.set(key, e);
    }
    return e;
  }

  private async drive(ds: KDaemonSet, staged: StagedRecord, now: number): Promise<void> {
    const edited = handEdit(ds, staged);
    if (edited) return this.stop_(ds, staged, { type: 'pause', reason: edited });
    const agent = this.cache.engine.agent(ds.metadata!.namespace!, ds.metadata!.name!, now);
    if (!agent) return;
    const state = stagedState(
      { ds, cells: agent.cells, labelsOf: (n) => this.cache.engine.getNode(n)?.metadata?.labels, now },
      new Set(this.deleting.keys()),
    );
    const d = state?.decision;
    if (!d || d.type === 'wait') return;
    if (d.type === 'delete') return this.deletePods(ds, staged, d);
    if (d.type === 'advance') {
      const next: Progress = { ...staged.progress, step: d.to, stepStartedAt: now };
      await this.patch(ds, [...expectProgress(staged.progress), ...progressOps(ds.metadata?.annotations, next)]);
      return this.record(ds, staged, `${d.why}; ${state.steps[d.to]?.name ?? `step ${d.to}`} begins`, { step: d.to });
    }
    if (d.type === 'complete') {
      const next: Progress = { ...staged.progress, phase: 'completed' };
      await this.patch(ds, [...expectProgress(staged.progress), ...restoreOps(ds.metadata?.annotations, staged.originalStrategy, undefined, next)]);
      return this.record(ds, staged, `completed (${d.why}); update strategy restored`, { step: staged.progress.step });
    }
    return this.stop_(ds, staged, d);
  }

  /** Auto-pause or auto-abort, naming the pod and node that caused it. */
  private async stop_(ds: KDaemonSet, staged: StagedRecord, d: Extract<Decision, { type: 'pause' | 'abort' }>): Promise<void> {
    if (d.type === 'pause') {
      const next: Progress = { ...staged.progress, phase: 'paused', reason: d.reason };
      await this.patch(ds, [...expectProgress(staged.progress), ...progressOps(ds.metadata?.annotations, next)]);
      return this.record(ds, staged, `paused: ${d.reason}`, { step: staged.progress.step });
    }
    // The cache does not keep the previous template (it can be large): read it once.
    const fresh = await apiFor(this.cache.context, AppsV1Api).readNamespacedDaemonSet({ namespace: ds.metadata!.namespace!, name: ds.metadata!.name! });
    const next: Progress = { ...staged.progress, phase: 'aborted', reason: `auto-abort: ${d.reason}` };
    await this.patch(ds, [
      ...expectProgress(staged.progress),
      ...restoreOps(fresh.metadata?.annotations, staged.originalStrategy, previousTemplate(fresh.metadata?.annotations), next),
    ]);
    return this.record(ds, staged, `aborted: ${d.reason}; previous template and update strategy restored`, { step: staged.progress.step });
  }

  private async deletePods(ds: KDaemonSet, staged: StagedRecord, d: Extract<Decision, { type: 'delete' }>): Promise<void> {
    const core = apiFor(this.cache.context, CoreV1Api);
    const namespace = ds.metadata!.namespace!;
    const deleted: string[] = [];
    for (const p of d.pods) {
      this.deleting.set(p.uid, Date.now());
      try {
        // The uid precondition: never delete a pod that replaced the one we decided on.
        await core.deleteNamespacedPod({ namespace, name: p.pod, body: { preconditions: { uid: p.uid } } });
        deleted.push(`${p.pod} on ${p.node}`);
      } catch (err) {
        const status = fromKubeError(err).status;
        if (status !== 404 && status !== 409) throw err;
      }
    }
    if (deleted.length > 0) await this.record(ds, staged, `deleted ${deleted.join(', ')} (${d.why})`, { step: staged.progress.step, pods: deleted.length });
  }

  private async patch(ds: KDaemonSet, ops: JsonPatchOp[]): Promise<void> {
    await apiFor(this.cache.context, AppsV1Api).patchNamespacedDaemonSet({ namespace: ds.metadata!.namespace!, name: ds.metadata!.name!, body: ops }, jsonPatch());
  }

  /** Audit line and Event for each move: who started the plan, and that the console acted. */
  private record(ds: KDaemonSet, staged: StagedRecord, message: string, detail: Record<string, string | number>): Promise<void> {
    return audit({
      ctx: this.cache.context,
      action: 'staged-step',
      actor: `everynode (driver ${this.identity}; plan started by ${staged.record.startedBy})`,
      target: { namespace: ds.metadata!.namespace!, name: ds.metadata!.name!, uid: ds.metadata?.uid },
      result: 'changed',
      message,
      detail,
    });
  }
}
