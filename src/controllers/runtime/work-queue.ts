// A work queue with client-go's guarantees: a key waiting is queued once however often it is
// added; a key being processed is never handed to a second worker, and if it is added meanwhile it
// is queued again when the first worker calls done(). Delayed and rate-limited adds on top.
import { realClock, type Clock } from '../../client/index.js';
import type { MetricsRegistry } from './metrics.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.js';

export interface WorkQueueOptions<K> {
  /** Names the queue in metrics. */
  name?: string;
  clock?: Clock;
  rateLimiter?: RateLimiter<K>;
  metrics?: MetricsRegistry;
}

export class WorkQueue<K = string> {
  private readonly queue = new Fifo<K>();
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly waiting = new Map<K, { readyAt: number; timer: unknown }>();
  private readonly getters: ((key: K | undefined) => void)[] = [];
  private shuttingDown = false;
  private readonly clock: Clock;
  private readonly rateLimiter: RateLimiter<K>;
  private readonly name: string;
  private readonly metrics?: {
    depth: { set(value: number): void };
    adds: { inc(): void };
    retries: { inc(): void };
  };

  constructor(options: WorkQueueOptions<K> = {}) {
    this.clock = options.clock ?? realClock;
    this.rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter<K>({ clock: this.clock });
    this.name = options.name ?? 'queue';
    if (options.metrics) {
      const labels = { name: this.name };
      this.metrics = {
        depth: options.metrics.gauge('workqueue_depth', 'Current depth of workqueue').child(labels),
        adds: options.metrics.counter('workqueue_adds_total', 'Total number of adds handled by workqueue').child(labels),
        retries: options.metrics.counter('workqueue_retries_total', 'Total number of retries handled by workqueue').child(labels),
      };
      this.metrics.depth.set(0);
    }
  }

  /** Keys waiting to be handed out (not counting those in flight or delayed). */
  get length(): number {
    return this.queue.length;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.metrics?.adds.inc();
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.enqueue(key);
  }

  /** Adds `key` after `ms`; when already waiting, the earlier of the two times wins. */
  addAfter(key: K, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const readyAt = this.clock.now() + ms;
    const existing = this.waiting.get(key);
    if (existing !== undefined) {
      if (existing.readyAt <= readyAt) return;
      this.clock.clearTimeout(existing.timer);
    }
    const timer = this.clock.setTimeout(() => {
      this.waiting.delete(key);
      this.add(key);
    }, ms);
    this.waiting.set(key, { readyAt, timer });
  }

  /** Adds `key` after the rate limiter's delay for it (its back-off grows with each call). */
  addRateLimited(key: K): void {
    this.metrics?.retries.inc();
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** Ends the back-off of `key` (call after it succeeded or was given up). */
  forget(key: K): void {
    this.rateLimiter.forget(key);
  }

  numRequeues(key: K): number {
    return this.rateLimiter.numRequeues(key);
  }

  /** The next key, once one is ready; undefined once the queue shuts down. Call done(key) after. */
  get(): Promise<K | undefined> {
    if (this.queue.length > 0) return Promise.resolve(this.handOut(this.queue.shift()));
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks `key` processed; if it was added meanwhile it is queued again now. */
  done(key: K): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) this.enqueue(key);
  }

  /** Stops handing out keys: pending and future get() calls resolve to undefined. */
  shutDown(): void {
    this.shuttingDown = true;
    for (const { timer } of this.waiting.values()) this.clock.clearTimeout(timer);
    this.waiting.clear();
    for (const resolve of this.getters.splice(0)) resolve(undefined);
  }

  private enqueue(key: K): void {
    const getter = this.getters.shift();
    if (getter !== undefined) {
      getter(this.handOut(key));
      return;
    }
    this.queue.push(key);
    this.metrics?.depth.set(this.queue.length);
  }

  private handOut(key: K): K {
    this.processing.add(key);
    this.dirty.delete(key);
    this.metrics?.depth.set(this.queue.length);
    return key;
  }
}

/** A first-in first-out list with O(1) shift (Array.prototype.shift is O(n)). */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Only call when length > 0. */
  shift(): T {
    const item = this.items[this.head];
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
