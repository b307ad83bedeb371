// Leader election on a coordination.k8s.io/v1 Lease, as client-go's leaderelection: acquire when
// the lease is free or its holder has not renewed within leaseDuration (measured on our own clock
// from when we last saw the record change, so clock skew between candidates does not matter),
// renew every retryPeriod, give up leading when renewals fail for renewDeadline. Writes carry the
// resourceVersion read, so two candidates never both win a round.
import { isAlreadyExists, isConflict, isNotFound, realClock, sleep, type Client, type Clock, type ResourceClient } from '../../client/index.js';
import type { Lease, LeaseSpec } from '../../api/index.js';

export interface LeaderElectionOptions {
  client: Client;
  namespace: string;
  /** The Lease's name. */
  name: string;
  /** This candidate's identity (unique per process). */
  identity: string;
  /** default 15 000 */
  leaseDurationMs?: number;
  /** default 10 000 */
  renewDeadlineMs?: number;
  /** default 2 000 */
  retryPeriodMs?: number;
  /** Hand the lease back (holder cleared) when stopped while leading. Default true. */
  releaseOnStop?: boolean;
  clock?: Clock;
  /** Called on becoming leader; `signal` aborts when leadership ends. */
  onStartedLeading?: (signal: AbortSignal) => void;
  onStoppedLeading?: () => void;
  /** Called whenever the observed holder changes (including to ourselves). */
  onNewLeader?: (identity: string) => void;
  onError?: (error: unknown) => void;
}

export class LeaderElector {
  private readonly leases: ResourceClient<Lease>;
  private readonly clock: Clock;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private observed?: { spec: LeaseSpec; resourceVersion?: string; at: number };
  private leading = false;
  private leadership?: AbortController;
  private readonly stopping = new AbortController();
  private running?: Promise<void>;
  private lastReportedLeader?: string;

  constructor(private readonly options: LeaderElectionOptions) {
    this.leases = options.client.resource<Lease>('coordination.k8s.io/v1', 'leases');
    this.clock = options.clock ?? realClock;
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
    if (this.leaseDurationMs <= this.renewDeadlineMs) throw new Error('leaseDurationMs must be greater than renewDeadlineMs');
    if (this.renewDeadlineMs <= this.retryPeriodMs) throw new Error('renewDeadlineMs must be greater than retryPeriodMs');
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** The holder we last saw on the lease. */
  get leader(): string | undefined {
    return this.observed?.spec.holderIdentity || undefined;
  }

  /** Campaigns in the background until stop(): acquire, renew, and campaign again after losing. */
  start(): void {
    this.running ??= this.campaign();
  }

  async stop(): Promise<void> {
    this.stopping.abort(new Error('leader election stopped'));
    await this.running;
    if (this.leading) {
      if (this.options.releaseOnStop ?? true) await this.release();
      this.endLeading();
    }
  }

  /** One acquire-or-renew round; true when we hold the lease afterwards. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.clock.now();
    let lease: Lease;
    try {
      lease = await this.leases.get(this.options.name, { namespace: this.options.namespace });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return this.create(now);
    }
    const spec = lease.spec ?? {};
    if (this.observed === undefined || !sameRecord(this.observed.spec, spec)) {
      this.observed = { spec, resourceVersion: lease.metadata?.resourceVersion, at: now };
      this.reportLeader(spec.holderIdentity);
    }
    const holder = spec.holderIdentity ?? '';
    const heldByOther = holder !== '' && holder !== this.options.identity;
    const durationMs = (spec.leaseDurationSeconds ?? this.leaseDurationMs / 1000) * 1000;
    if (heldByOther && this.observed.at + durationMs > now) return false;

    const renewing = holder === this.options.identity;
    const next: LeaseSpec = {
      ...spec,
      holderIdentity: this.options.identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      renewTime: microTime(now),
      acquireTime: renewing ? spec.acquireTime : microTime(now),
      leaseTransitions: renewing ? (spec.leaseTransitions ?? 0) : (spec.leaseTransitions ?? 0) + 1,
    };
    try {
      const updated = await this.leases.update({ ...lease, spec: next });
      this.observed = { spec: updated.spec ?? next, resourceVersion: updated.metadata?.resourceVersion, at: now };
      this.reportLeader(this.options.identity);
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  private async create(now: number): Promise<boolean> {
    const spec: LeaseSpec = {
      holderIdentity: this.options.identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: 0,
    };
    try {
      const created = await this.leases.create({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.options.name, namespace: this.options.namespace },
        spec,
      });
      this.observed = { spec: created.spec ?? spec, resourceVersion: created.metadata?.resourceVersion, at: now };
      this.reportLeader(this.options.identity);
      return true;
    } catch (error) {
      if (isAlreadyExists(error)) return false;
      throw error;
    }
  }

  private async campaign(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      if (!(await this.attempt())) {
        if (!(await this.wait(this.retryPeriodMs))) return;
        continue;
      }
      this.leading = true;
      this.leadership = new AbortController();
      this.notify(() => this.options.onStartedLeading?.(this.leadership!.signal));
      let lastRenewal = this.clock.now();
      while (!signal.aborted) {
        if (!(await this.wait(this.retryPeriodMs))) return;
        if (await this.attempt()) lastRenewal = this.clock.now();
        else if (this.clock.now() - lastRenewal >= this.renewDeadlineMs || this.heldByOther()) break;
      }
      this.endLeading();
    }
  }

  private heldByOther(): boolean {
    const holder = this.observed?.spec.holderIdentity ?? '';
    return holder !== '' && holder !== this.options.identity;
  }

  private async attempt(): Promise<boolean> {
    try {
      return await this.tryAcquireOrRenew();
    } catch (error) {
      this.options.onError?.(error);
      return false;
    }
  }

  private async wait(ms: number): Promise<boolean> {
    try {
      await sleep(this.clock, ms, this.stopping.signal);
      return true;
    } catch {
      return false;
    }
  }

  private endLeading(): void {
    if (!this.leading) return;
    this.leading = false;
    this.leadership?.abort(new Error('leadership lost'));
    this.notify(() => this.options.onStoppedLeading?.());
  }

  private async release(): Promise<void> {
    try {
      const lease = await this.leases.get(this.options.name, { namespace: this.options.namespace });
      if (lease.spec?.holderIdentity !== this.options.identity) return;
      const now = microTime(this.clock.now());
      await this.leases.update({
        ...lease,
        spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: now, acquireTime: now },
      });
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private reportLeader(identity: string | undefined): void {
    if (!identity || identity === this.lastReportedLeader) return;
    this.lastReportedLeader = identity;
    this.notify(() => this.options.onNewLeader?.(identity));
  }

  /** A failing callback must not end the campaign. */
  private notify(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function sameRecord(a: LeaseSpec, b: LeaseSpec): boolean {
  return (
    a.holderIdentity === b.holderIdentity &&
    a.renewTime === b.renewTime &&
    a.acquireTime === b.acquireTime &&
    a.leaseTransitions === b.leaseTransitions &&
    a.leaseDurationSeconds === b.leaseDurationSeconds
  );
}
