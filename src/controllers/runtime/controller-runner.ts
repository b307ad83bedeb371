// Runs one controller: its watches feed a work queue, its workers take keys and reconcile them,
// results decide what happens next (forget, requeue after, retry with back-off, give up).
import { realClock, type Clock, type KubeObject } from '../../client/index.js';
import { TerminalError, type Controller, type Watch } from './controller.js';
import { selfKey } from './key-mappers.js';
import type { MetricsRegistry } from './metrics.js';
import type { RateLimiter } from './rate-limiter.js';
import { WorkQueue } from './work-queue.js';

export interface ControllerRunnerOptions {
  clock?: Clock;
  metrics?: MetricsRegistry;
  rateLimiter?: RateLimiter<string>;
  onError?: (error: unknown, key: string, controller: string) => void;
}

export type ReconcileOutcome = 'success' | 'error' | 'requeue_after';

export class ControllerRunner {
  readonly queue: WorkQueue<string>;
  private readonly clock: Clock;
  private readonly abort = new AbortController();
  private readonly unsubscribes: (() => void)[] = [];
  private workers: Promise<void>[] = [];
  private readonly metrics?: {
    total: Record<ReconcileOutcome, { inc(): void }>;
    errors: { inc(): void };
    terminal: { inc(): void };
    time: { observe(value: number): void };
    active: { set(value: number): void };
  };
  private activeWorkers = 0;

  constructor(
    readonly controller: Controller,
    private readonly options: ControllerRunnerOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.queue = new WorkQueue<string>({ name: controller.name, clock: this.clock, rateLimiter: controller.rateLimiter ?? options.rateLimiter, metrics: options.metrics });
    const registry = options.metrics;
    if (registry) {
      const labels = { controller: controller.name };
      const total = registry.counter('controller_runtime_reconcile_total', 'Total number of reconciliations per controller');
      this.metrics = {
        total: {
          success: total.child({ ...labels, result: 'success' }),
          error: total.child({ ...labels, result: 'error' }),
          requeue_after: total.child({ ...labels, result: 'requeue_after' }),
        },
        errors: registry.counter('controller_runtime_reconcile_errors_total', 'Total number of reconciliation errors per controller').child(labels),
        terminal: registry
          .counter('controller_runtime_terminal_reconcile_errors_total', 'Total number of terminal reconciliation errors per controller')
          .child(labels),
        time: registry.histogram('controller_runtime_reconcile_time_seconds', 'Length of time per reconciliation per controller').child(labels),
        active: registry.gauge('controller_runtime_active_workers', 'Number of currently used workers per controller').child(labels),
      };
    }
  }

  /** Subscribes the watches (enqueueing what the informers already hold) and starts the workers. */
  start(): void {
    for (const watch of this.controller.watches) this.subscribe(watch);
    this.controller.dynamicWatches?.((watch) => {
      if (!this.abort.signal.aborted) this.subscribe(watch);
    });
    const count = Math.max(1, this.controller.workers ?? 1);
    this.workers = Array.from({ length: count }, () => this.work());
  }

  /** Stops taking keys; resolves when in-flight reconciles have returned. */
  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    this.abort.abort(new Error(`controller ${this.controller.name} stopped`));
    this.queue.shutDown();
    await Promise.all(this.workers);
  }

  /** Runs one reconcile of `key` as a worker would (exposed for tests). */
  async processNext(): Promise<ReconcileOutcome | undefined> {
    const key = await this.queue.get();
    if (key === undefined) return undefined;
    return this.reconcile(key);
  }

  private subscribe(watch: Watch<KubeObject>): void {
    const map = watch.map ?? selfKey;
    // Each key once per event: a key added, handed to an idle worker and added again would be
    // reconciled twice for one change.
    const enqueue = (keys: string[]): void => {
      if (keys.length === 1) this.queue.add(keys[0]!);
      else for (const key of new Set(keys)) this.queue.add(key);
    };
    this.unsubscribes.push(
      watch.informer.addEventHandler({
        onAdd: (object) => enqueue(map(object)),
        // Both sides: an owner reference that moved must wake the old owner and the new one.
        onUpdate: (previous, object) => {
          const before = map(previous);
          const after = map(object);
          if (before.length === 1 && after.length === 1 && before[0] === after[0]) this.queue.add(before[0]!);
          else enqueue(before.concat(after));
        },
        onDelete: (object) => enqueue(map(object)),
      }),
    );
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      await this.reconcile(key);
    }
  }

  private async reconcile(key: string): Promise<ReconcileOutcome> {
    const name = this.controller.name;
    const started = this.clock.now();
    this.metrics?.active.set(++this.activeWorkers);
    let outcome: ReconcileOutcome;
    try {
      const result = await this.controller.reconcile(key, { signal: this.abort.signal, retries: this.queue.numRequeues(key) });
      this.queue.forget(key);
      if (result && result.requeueAfter > 0) {
        this.queue.addAfter(key, result.requeueAfter);
        outcome = 'requeue_after';
      } else outcome = 'success';
    } catch (error) {
      outcome = 'error';
      this.metrics?.errors.inc();
      if (error instanceof TerminalError) {
        this.metrics?.terminal.inc();
        this.queue.forget(key);
      } else if (!this.abort.signal.aborted) this.queue.addRateLimited(key);
      this.options.onError?.(error, key, name);
    } finally {
      this.metrics?.active.set(--this.activeWorkers);
      this.queue.done(key);
    }
    this.metrics?.total[outcome].inc();
    this.metrics?.time.observe((this.clock.now() - started) / 1000);
    return outcome;
  }
}
