import 'server-only';
import { CoordinationV1Api, V1MicroTime, type V1Lease } from '@kubernetes/client-node';
import { fromKubeError } from '@/lib/errors';
import { logger } from '@/lib/log';

export interface LeaseTiming {
  /** How long a holder's claim lasts after its last renewal, as others observe it. */
  leaseDurationSeconds: number;
  /** A holder that could not renew for this long stops acting (it may have lost the lease). */
  renewDeadlineSeconds: number;
  /** How often the holder renews. */
  retryPeriodSeconds: number;
}

export const DEFAULT_LEASE_TIMING: LeaseTiming = { leaseDurationSeconds: 15, renewDeadlineSeconds: 10, retryPeriodSeconds: 5 };

const statusOf = (err: unknown) => (err as { code?: number })?.code;

/**
 * One driver per DaemonSet across console replicas: a coordination.k8s.io/v1 Lease, with
 * client-go's leader-election rules. A lease held by another is taken over only after it went
 * unrenewed for leaseDurationSeconds as measured on *our* clock since we last saw it change
 * (never by comparing its renewTime with our clock: clocks differ); updates carry the
 * resourceVersion read, so two candidates cannot both win; a new holder bumps leaseTransitions.
 * @see https://github.com/kubernetes/client-go/blob/master/tools/leaderelection/leaderelection.go (tryAcquireOrRenew)
 */
export class LeaseElector {
  private observed: V1Lease | undefined;
  private observedKey = '';
  private observedAt = 0;
  private renewedAt = 0;

  constructor(
    private readonly api: CoordinationV1Api,
    readonly namespace: string,
    readonly name: string,
    readonly identity: string,
    private readonly timing: LeaseTiming = DEFAULT_LEASE_TIMING,
  ) {}

  /** True while our last successful renewal is within the renew deadline. */
  isLeader(now = Date.now()): boolean {
    return this.renewedAt > 0 && now - this.renewedAt < this.timing.renewDeadlineSeconds * 1000;
  }

  /** The holder as last seen (for the panel: "driven by …"). */
  holder(): string | undefined {
    return this.observed?.spec?.holderIdentity || undefined;
  }

  /** Acquires or renews when due; answers whether we hold the lease now. */
  async tick(now = Date.now()): Promise<boolean> {
    if (this.isLeader(now) && now - this.renewedAt < this.timing.retryPeriodSeconds * 1000) return true;
    try {
      return await this.tryAcquireOrRenew(now);
    } catch (err) {
      // Kubernetes' own words, not client-node's message (it carries the whole response, headers included).
      logger.warn({ lease: `${this.namespace}/${this.name}`, err: fromKubeError(err).message }, 'staged rollout lease: renew failed');
      return this.isLeader(now);
    }
  }

  private async tryAcquireOrRenew(now: number): Promise<boolean> {
    let lease = this.observed;
    if (!lease || !this.isLeader(now)) lease = await this.read();
    if (!lease) return this.create(now);
    this.observe(lease, now);
    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    const mine = holder === this.identity;
    const duration = (spec.leaseDurationSeconds ?? this.timing.leaseDurationSeconds) * 1000;
    if (!mine && holder !== '' && this.observedAt + duration > now) return false;
    const body: V1Lease = {
      ...lease,
      spec: {
        ...spec,
        holderIdentity: this.identity,
        leaseDurationSeconds: this.timing.leaseDurationSeconds,
        renewTime: new V1MicroTime(now),
        acquireTime: mine && spec.acquireTime ? spec.acquireTime : new V1MicroTime(now),
        leaseTransitions: (spec.leaseTransitions ?? 0) + (mine ? 0 : 1),
      },
    };
    try {
      const updated = await this.api.replaceNamespacedLease({ namespace: this.namespace, name: this.name, body });
      this.observe(updated, now);
      this.renewedAt = now;
      return true;
    } catch (err) {
      if (statusOf(err) === 409) {
        this.observed = undefined; // someone else wrote it: read again next time
        return false;
      }
      throw err;
    }
  }

  private async read(): Promise<V1Lease | undefined> {
    try {
      return await this.api.readNamespacedLease({ namespace: this.namespace, name: this.name });
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  private async create(now: number): Promise<boolean> {
    try {
      const created = await this.api.createNamespacedLease({
        namespace: this.namespace,
        body: {
          metadata: { name: this.name, namespace: this.namespace, labels: { 'app.kubernetes.io/managed-by': 'everynode' } },
          spec: {
            holderIdentity: this.identity,
            leaseDurationSeconds: this.timing.leaseDurationSeconds,
            acquireTime: new V1MicroTime(now),
            renewTime: new V1MicroTime(now),
            leaseTransitions: 0,
          },
        },
      });
      this.observe(created, now);
      this.renewedAt = now;
      return true;
    } catch (err) {
      if (statusOf(err) === 409) return false; // another candidate created it first
      throw err;
    }
  }

  /** Remembers when the record last changed, on our clock: the basis of expiry. */
  private observe(lease: V1Lease, now: number): void {
    const s = lease.spec ?? {};
    const key = `${s.holderIdentity ?? ''}|${String(s.renewTime ?? '')}|${s.leaseTransitions ?? 0}`;
    if (key !== this.observedKey) {
      this.observedKey = key;
      this.observedAt = now;
    }
    this.observed = lease;
  }

  /** Gives the lease up (plan finished): deletes it if we still hold it. */
  async release(): Promise<void> {
    if (!this.isLeader()) return;
    this.renewedAt = 0;
    const rv = this.observed?.metadata?.resourceVersion;
    await this.api
      .deleteNamespacedLease({ namespace: this.namespace, name: this.name, body: rv ? { preconditions: { resourceVersion: rv } } : undefined })
      // Left behind it only costs a takeover wait for the next plan; say why, and carry on.
      .catch((err: unknown) => logger.warn({ lease: `${this.namespace}/${this.name}`, err: fromKubeError(err).message }, 'staged rollout lease: release failed'));
    this.observed = undefined;
  }
}
