// An informer: a Watcher feeding an ObjectCache (it is the cache's only writer) and fanning the
// changes out to event handlers. After a relist the cache swaps in the fresh copy at InitDone and
// handlers hear adds, updates (resourceVersion changed) and deletes (gone while disconnected).
// An optional transform trims every object before it is cached (client-go's SetTransform).
import { defaultIndexers, ObjectCache, type CacheReader, type IndexFunc } from './cache.js';
import { realClock, type Clock } from './clock.js';
import type { ResourceClient } from './resource-client.js';
import type { TransformFunc } from './transforms.js';
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
  /**
   * Applied to every object (listed, added, updated, deleted) before it is cached and handed to the
   * handlers, e.g. `dropManagedFields`. A transform that throws is reported to `onError` and the
   * object is cached as it arrived.
   */
  transform?: TransformFunc<T>;
}

/**
 * Per transform function, what it made of each input object: informers of one process that decode
 * the same watch line share the object (see watch-stream.ts), so they share its transformed copy too.
 */
const transformedBy = new WeakMap<(object: never) => unknown, WeakMap<object, object>>();

function memoOf(transform: (object: never) => unknown): WeakMap<object, object> {
  let memo = transformedBy.get(transform);
  if (memo === undefined) {
    memo = new WeakMap();
    transformedBy.set(transform, memo);
  }
  return memo;
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
  private readonly transformed?: WeakMap<object, object>;

  constructor(
    readonly resource: ResourceClient<T>,
    private readonly options: InformerOptions<T> = {},
  ) {
    this.store = new ObjectCache<T>({ ...(defaultIndexers as Record<string, IndexFunc<T>>), ...options.indexers });
    this.watcher = new Watcher(resource, options);
    this.clock = options.clock ?? realClock;
    if (options.transform !== undefined) this.transformed = memoOf(options.transform);
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
      case 'InitApply': {
        const object = this.transform(event.object);
        this.staging?.set(objectKey(object), object);
        return;
      }
      case 'InitDone':
        this.swapIn(this.staging ?? new Map());
        this.staging = undefined;
        return;
      case 'Apply': {
        const object = this.transform(event.object);
        const previous = this.store.upsert(object);
        if (previous === undefined) this.emitAdd(object);
        else this.emitUpdate(previous, object);
        return;
      }
      case 'Delete': {
        const object = this.transform(event.object);
        const previous = this.store.remove(object);
        this.emitDelete(object ?? previous);
        return;
      }
    }
  }

  private transform(object: T): T {
    const transform = this.options.transform;
    if (transform === undefined) return object;
    const known = this.transformed!.get(object);
    if (known !== undefined) return known as T;
    let result: T;
    try {
      result = transform(object);
    } catch (error) {
      this.options.onError?.(error);
      return object;
    }
    this.transformed!.set(object, result);
    return result;
  }

  private async consume(): Promise<void> {
    for await (const event of this.watcher) this.apply(event);
  }

  private swapIn(fresh: Map<string, T>): void {
    const previous = this.store.replace(fresh.values());
    for (const [key, object] of fresh) {
      const old = previous.get(key);
      if (old === undefined) this.emitAdd(object);
      else if (old.metadata?.resourceVersion !== object.metadata?.resourceVersion) this.emitUpdate(old, object);
    }
    for (const [key, old] of previous) {
      if (!fresh.has(key)) this.emitDelete(old);
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
      for (const object of this.store.list()) this.emitUpdate(object, object);
      this.scheduleResync();
    }, period);
  }

  // One loop per kind of event, without a closure per event and handler: every watch event comes through here.
  private emitAdd(object: T): void {
    for (const handler of this.handlers) {
      try {
        handler.onAdd?.(object);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }

  private emitUpdate(previous: T, object: T): void {
    for (const handler of this.handlers) {
      try {
        handler.onUpdate?.(previous, object);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }

  private emitDelete(object: T): void {
    for (const handler of this.handlers) {
      try {
        handler.onDelete?.(object);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }

  private call(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}
