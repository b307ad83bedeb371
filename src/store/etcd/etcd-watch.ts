// A Store watch over an etcd watch (etcd3 package), with progress events.
import type { Etcd3, IWatchResponse, Watcher } from 'etcd3';
import { StoreError } from '../errors.js';
import type { Timers } from '../timers.js';
import type { Watch, WatchEvent, WatchOptions } from '../types.js';
import { prefixRange, toKeyValue } from './convert.js';
import { toStoreError } from './etcd-errors.js';

export interface EtcdWatchDeps {
  client: Etcd3;
  timers: Timers;
  defaultProgressIntervalMs: number;
  /** The cluster's current revision, from a cheap read. */
  currentRevision(): Promise<number>;
  onClose(watch: EtcdWatch): void;
}

export class EtcdWatch implements Watch {
  private queue: WatchEvent[] = [];
  private head = 0;
  private failure: Error | undefined;
  private closed = false;
  private wake: (() => void) | undefined;
  private watcher: Watcher | undefined;
  private connected = false;
  private deliveredSinceTimer = 0;
  private lastRevision = 0;
  private progressTimer: unknown;
  private readonly progressIntervalMs: number;

  constructor(
    private readonly deps: EtcdWatchDeps,
    private readonly prefix: string,
    private readonly options: WatchOptions,
  ) {
    this.progressIntervalMs = options.progressIntervalMs ?? deps.defaultProgressIntervalMs;
    options.signal?.addEventListener('abort', () => this.close(), { once: true });
    if (options.signal?.aborted) this.closed = true;
    else void this.start();
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<WatchEvent>> {
    for (;;) {
      if (this.head < this.queue.length) {
        const value = this.queue[this.head++];
        if (this.head > 1024 && this.head * 2 > this.queue.length) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
        return { value, done: false };
      }
      if (this.failure) {
        const failure = this.failure;
        this.failure = undefined;
        this.close();
        throw failure;
      }
      if (this.closed) return { value: undefined, done: true };
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  async return(): Promise<IteratorResult<WatchEvent>> {
    this.close();
    return { value: undefined, done: true };
  }

  close(): void {
    if (!this.closed) {
      this.closed = true;
      this.deps.timers.clearTimeout(this.progressTimer);
      this.watcher?.removeAllListeners();
      this.watcher?.on('error', () => undefined);
      void this.watcher?.cancel().catch(() => undefined);
      this.deps.onClose(this);
    }
    this.notify();
  }

  private async start(): Promise<void> {
    const from = this.options.fromRevision;
    const range = prefixRange(this.prefix);
    if (from !== undefined && from > 0) {
      // etcd reports a compacted start only as a bare cancellation: check first for a clear error.
      try {
        await this.deps.client.kv.range({ ...range, revision: from, count_only: true });
      } catch (error) {
        const mapped = toStoreError(error, `watch ${this.prefix} from revision ${from}`);
        if (!(mapped instanceof StoreError && mapped.code === 'Unavailable' && mapped.message.includes('Too large'))) {
          return this.fail(mapped as Error);
        }
      }
    }
    if (this.closed) return;
    let builder = this.deps.client.watch().inRange({ start: range.key, end: range.range_end }).withPreviousKV();
    if (from !== undefined && from > 0) builder = builder.startRevision(String(from));
    const watcher = builder.watcher();
    this.watcher = watcher;
    watcher.on('connected', () => {
      this.connected = true;
      this.armProgress();
    });
    watcher.on('data', (response: IWatchResponse) => this.onData(response));
    watcher.on('error', (error: Error) => this.fail(cancellationError(error, from)));
    watcher.on('disconnected', (error: Error) =>
      this.fail(new StoreError('Unavailable', `etcd watch on ${this.prefix} lost its connection (${error.message}); watch again from the last revision seen`)),
    );
  }

  private onData(response: IWatchResponse): void {
    if (this.closed) return;
    if (response.events.length === 0) {
      // etcd's own progress notification: everything up to the header revision was sent.
      this.push({ type: 'progress', revision: Math.max(Number(response.header.revision), this.lastRevision) });
      return;
    }
    for (const event of response.events) {
      const kv = toKeyValue(event.kv);
      const prevKv = event.prev_kv ? toKeyValue(event.prev_kv) : undefined;
      this.lastRevision = kv.modRevision;
      this.deliveredSinceTimer++;
      if (String(event.type) === 'Delete' || String(event.type) === '1') {
        const before = prevKv ?? { ...kv, value: '' };
        this.push({ type: 'delete', kv: { ...before, key: kv.key, modRevision: kv.modRevision }, prevKv: before });
      } else {
        this.push(prevKv ? { type: 'put', kv, prevKv } : { type: 'put', kv });
      }
    }
  }

  /**
   * etcd 3.4's own progress notifications come every 10 minutes by default, so a quiet watch also
   * gets the revision of a cheap read, but only when no event arrived for a whole interval and none
   * arrived while the read was in flight.
   */
  private armProgress(): void {
    if (this.closed) return;
    this.progressTimer = this.deps.timers.setTimeout(() => void this.progressTick(), this.progressIntervalMs);
  }

  private async progressTick(): Promise<void> {
    if (this.closed) return;
    if (this.deliveredSinceTimer === 0 && this.connected && this.head >= this.queue.length) {
      try {
        const revision = await this.deps.currentRevision();
        if (this.deliveredSinceTimer === 0 && !this.closed) this.push({ type: 'progress', revision: Math.max(revision, this.lastRevision) });
      } catch {
        // no progress this time; a lost connection surfaces through the watcher itself
      }
    }
    this.deliveredSinceTimer = 0;
    this.armProgress();
  }

  private push(event: WatchEvent): void {
    this.queue.push(event);
    this.notify();
  }

  private fail(error: Error): void {
    if (this.closed || this.failure) return;
    this.failure = error;
    this.deps.timers.clearTimeout(this.progressTimer);
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** etcd 3.4 cancels a watch whose start was compacted without a reason. */
function cancellationError(error: Error, from: number | undefined): Error {
  if (error.message.includes('compacted') || (from !== undefined && /Watcher canceled:\s*$/.test(error.message))) {
    return new StoreError('Compacted', `watch from revision ${from} was cancelled: the revision has been compacted`);
  }
  return toStoreError(error, 'watch') as Error;
}
