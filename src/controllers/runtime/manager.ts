// The manager: shared informers (one per resource and scope, however many controllers watch it),
// controllers, metrics, and optionally leader election gating the controllers. start() starts the
// informers, waits until each has synced, then starts every controller's workers.
import { dropManagedFields, Informer, realClock, type Client, type Clock, type InformerOptions, type KubeObject, type ResourceDescriptor } from '../../client/index.js';
import type { Controller } from './controller.js';
import { ControllerRunner } from './controller-runner.js';
import { LeaderElector, type LeaderElectionOptions } from './leader-election.js';
import { MetricsRegistry } from './metrics.js';

export interface ManagerOptions {
  client: Client;
  clock?: Clock;
  metrics?: MetricsRegistry;
  /** When set, controllers run only while this process holds the lease. */
  leaderElection?: Omit<LeaderElectionOptions, 'client' | 'clock' | 'onStartedLeading' | 'onStoppedLeading'>;
  onError?: (error: unknown, context: { controller?: string; key?: string }) => void;
  /** Every informer replays its cache to the controllers this often (controller-runtime's SyncPeriod). Off by default. */
  resyncMs?: number;
  /** start() fails when the informers have not all synced by then (default 120 000, as controller-runtime). */
  cacheSyncTimeoutMs?: number;
}

export interface InformerSelector {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export class Manager {
  readonly metrics: MetricsRegistry;
  private readonly clock: Clock;
  private readonly informers = new Map<string, Informer<KubeObject>>();
  private readonly controllers: Controller[] = [];
  private runners: ControllerRunner[] = [];
  private elector?: LeaderElector;
  private started = false;

  constructor(private readonly options: ManagerOptions) {
    this.clock = options.clock ?? realClock;
    this.metrics = options.metrics ?? new MetricsRegistry();
  }

  /** The shared informer for a resource (and scope); created on first request. Custom resources pass a descriptor. */
  informer<T extends KubeObject>(
    apiVersionOrDescriptor: string | ResourceDescriptor,
    pluralOrKind = '',
    selector: InformerSelector & Pick<InformerOptions<T>, 'indexers'> = {},
  ): Informer<T> {
    const resource =
      typeof apiVersionOrDescriptor === 'string'
        ? this.options.client.resource<T>(apiVersionOrDescriptor, pluralOrKind)
        : this.options.client.resource<T>(apiVersionOrDescriptor);
    const { indexers, ...scope } = selector;
    const key = JSON.stringify([resource.apiVersion, resource.descriptor.plural, scope.namespace ?? '', scope.labelSelector ?? '', scope.fieldSelector ?? '']);
    let informer = this.informers.get(key) as Informer<T> | undefined;
    if (informer === undefined) {
      informer = new Informer<T>(resource, {
        ...scope,
        indexers,
        clock: this.clock,
        resyncMs: this.options.resyncMs,
        // No controller reads managedFields; caches without them hold a third of the memory (docs/client.md).
        transform: dropManagedFields,
        onError: (error) => this.options.onError?.(error, {}),
      });
      this.informers.set(key, informer as unknown as Informer<KubeObject>);
      if (this.started) informer.start();
    } else if (indexers !== undefined) {
      for (const [name, indexer] of Object.entries(indexers)) {
        if (!informer.cache.indexNames().includes(name)) informer.addIndexer(name, indexer);
      }
    }
    return informer;
  }

  add(controller: Controller): void {
    if (this.controllers.some((existing) => existing.name === controller.name)) throw new Error(`controller "${controller.name}" is already added`);
    this.controllers.push(controller);
    if (this.started && (this.elector === undefined || this.elector.isLeader())) this.startController(controller);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const informer of this.informers.values()) informer.start();
    await this.waitForCacheSync();
    if (this.options.leaderElection === undefined) {
      for (const controller of this.controllers) this.startController(controller);
      return;
    }
    this.elector = new LeaderElector({
      ...this.options.leaderElection,
      client: this.options.client,
      clock: this.clock,
      onStartedLeading: () => {
        for (const controller of this.controllers) this.startController(controller);
      },
      onStoppedLeading: () => void this.stopControllers(),
      onError: (error) => this.options.onError?.(error, {}),
    });
    this.elector.start();
  }

  isLeader(): boolean {
    return this.elector === undefined ? this.started : this.elector.isLeader();
  }

  /** Whether every informer has its first full list. */
  hasSynced(): boolean {
    return [...this.informers.values()].every((informer) => informer.hasSynced());
  }

  async stop(): Promise<void> {
    await this.stopControllers();
    await this.elector?.stop();
    await Promise.all([...this.informers.values()].map((informer) => informer.stop()));
  }

  private async waitForCacheSync(): Promise<void> {
    const timeoutMs = this.options.cacheSyncTimeoutMs ?? 120_000;
    let timer: unknown;
    const timedOut = new Promise<never>((_, reject) => {
      timer = this.clock.setTimeout(() => {
        const waiting = [...this.informers.values()].filter((informer) => !informer.hasSynced());
        const names = waiting.map((informer) => `${informer.resource.apiVersion}/${informer.resource.descriptor.plural}`);
        reject(new Error(`informers did not sync within ${timeoutMs} ms: ${names.join(', ')} (is the API server reachable, and may this identity list and watch them?)`));
      }, timeoutMs);
    });
    try {
      await Promise.race([Promise.all([...this.informers.values()].map((informer) => informer.waitForSync())), timedOut]);
    } finally {
      this.clock.clearTimeout(timer);
    }
  }

  private startController(controller: Controller): void {
    if (this.runners.some((runner) => runner.controller === controller)) return;
    const runner = new ControllerRunner(controller, {
      clock: this.clock,
      metrics: this.metrics,
      onError: (error, key, name) => this.options.onError?.(error, { controller: name, key }),
    });
    this.runners.push(runner);
    runner.start();
  }

  private async stopControllers(): Promise<void> {
    const runners = this.runners.splice(0);
    await Promise.all(runners.map((runner) => runner.stop()));
  }
}
