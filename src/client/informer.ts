// An informer: a Watcher feeding an ObjectCache (it is the cache's only writer) and fanning the
// changes out to event handlers. After a relist the cache swaps in the fresh copy at InitDone and
// handlers hear adds, updates (resourceVersion changed) and deletes (gone while disconnected).
import { defaultIndexers, ObjectCache, type CacheReader, type IndexFunc } from './cache.js';
import { realClock, type Clock } from './clock.js';
import type { ResourceClient } from './resource-client.js';
import { objectKey, type KubeObject } from './types.js';
import { Watcher, type WatcherEvent, type WatcherOptions } from './watcher.js';

export interface EventHandler<T> {
  onAdd?(object: T): void;
  onUpdate?(previous: T, object: T): void;
  /** For deletes seen only through a relist, `object` is the last state the cache knew. */
  onDelete?(object: T): void;
}

export interface InformerOptions<T> extends WatcherOptions {
  /** Extra indexers beside namespace, ownerUid and nodeName. */
  indexers?: Record<string, IndexFunc<T>>;
  /**
   * Every `resyncMs` (after the first sync) handlers hear onUpdate(object, object) for every cached
   * object, so level-based controllers revisit everything now and then. Off by default.
   */
  resyncMs?: number;
}

export class Informer<T extends KubeObject> {
  private readonly store: ObjectCache<T>;
  private readonly handlers = new Set<EventHandler<T>>();
  private readonly watcher: Watcher<T>;
  private staging?: Map<string, T>;
  private synced = false;
  private running?: Promise<void>;
  private readonly syncWaiters: (() => void)[] = [];
  private resyncTimer?: unknown;
  private stopped = false;
  private readonly clock: Clock;

  constructor(
    readonly resource: ResourceClient<T>,
    private readonly options: InformerOptions<T> = {},
  ) {
    this.store = new ObjectCache<T>({ ...(defaultIndexers as Record<string, IndexFunc<T>>), ...options.indexers });
    this.watcher = new Watcher(resource, options);
    this.clock = options.clock ?? realClock;
  }

  /** Read-only view of the cache, shared by every reader. */
  get cache(): CacheReader<T> {
    return this.store;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once the first full list is in the cache. */
  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  addIndexer(name: string, indexer: IndexFunc<T>): void {
    this.store.addIndexer(name, indexer);
  }

  /** Registers handlers; objects already cached are announced as adds. Returns the unsubscribe. */
  addEventHandler(handler: EventHandler<T>): () => void {
    this.handlers.add(handler);
    if (this.synced) for (const object of this.store.list()) this.call(() => handler.onAdd?.(object));
    return () => this.handlers.delete(handler);
  }

  start(): void {
    this.running ??= this.consume();
  }

  /** Stops watching; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.resyncTimer !== undefined) this.clock.clearTimeout(this.resyncTimer);
    this.watcher.close();
    await this.running;
  }

  /** Applies one watcher event to the cache and the handlers (exposed for tests and custom loops). */
  apply(event: WatcherEvent<T>): void {
    switch (event.type) {
      case 'Init':
        this.staging = new Map();
        return;
      case 'InitApply':
        this.staging?.set(objectKey(event.object), event.object);
        return;
      case 'InitDone':
        this.swapIn(this.staging ?? new Map());
        this.staging = undefined;
        return;
      case 'Apply': {
        const previous = this.store.upsert(event.object);
        if (previous === undefined) this.emit((handler) => handler.onAdd?.(event.object));
        else this.emit((handler) => handler.onUpdate?.(previous, event.object));
        return;
      }
      case 'Delete': {
        const previous = this.store.remove(event.object);
        this.emit((handler) => handler.onDelete?.(event.object ?? previous));
        return;
      }
    }
  }

  private async consume(): Promise<void> {
    for await (const event of this.watcher) this.apply(event);
  }

  private swapIn(fresh: Map<string, T>): void {
    const previous = this.store.replace(fresh.values());
    for (const [key, object] of fresh) {
      const old = previous.get(key);
      if (old === undefined) this.emit((handler) => handler.onAdd?.(object));
      else if (old.metadata?.resourceVersion !== object.metadata?.resourceVersion) this.emit((handler) => handler.onUpdate?.(old, object));
    }
    for (const [key, old] of previous) {
      if (!fresh.has(key)) this.emit((handler) => handler.onDelete?.(old));
    }
    if (!this.synced) {
      this.synced = true;
      for (const resolve of this.syncWaiters.splice(0)) resolve();
      this.scheduleResync();
    }
  }

  private scheduleResync(): void {
    const period = this.options.resyncMs;
    if (period === undefined || period <= 0 || this.stopped) return;
    this.resyncTimer = this.clock.setTimeout(() => {
      for (const object of this.store.list()) this.emit((handler) => handler.onUpdate?.(object, object));
      this.scheduleResync();
    }, period);
  }

  private emit(call: (handler: EventHandler<T>) => void): void {
    for (const handler of this.handlers) this.call(() => call(handler));
  }

  private call(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}
