// The watcher as an explicit state machine (after kube-rs's kube_runtime::watcher): list in pages,
// then watch from the list's resourceVersion with bookmarks, resume from the last resourceVersion
// seen when a watch ends, and relist from scratch on 410 Gone. `step()` makes one transition and
// returns the next event; `run()` drives it with back-off on errors.
import { isGone } from './api-error.js';
import { ExponentialBackoff, type BackoffOptions } from './backoff.js';
import { realClock, sleep, type Clock } from './clock.js';
import type { ListOptions, ResourceClient, WatchStream } from './resource-client.js';
import type { KubeObject, WatchEvent } from './types.js';
import { ApiError } from './api-error.js';
import type { Status } from '../machinery/index.js';

/**
 * Init, then InitApply for each listed object, then InitDone: a cache builds a fresh copy from these
 * and swaps it in at InitDone. Apply and Delete follow as changes arrive.
 */
export type WatcherEvent<T> =
  | { type: 'Init' }
  | { type: 'InitApply'; object: T }
  | { type: 'InitDone' }
  | { type: 'Apply'; object: T }
  | { type: 'Delete'; object: T };

export type WatcherState<T> =
  | { kind: 'Empty' }
  | { kind: 'InitPage'; continueToken?: string }
  | { kind: 'InitListed'; resourceVersion: string }
  | { kind: 'Watching'; resourceVersion: string; stream: WatchStream<T>; events: AsyncIterator<WatchEvent<T>> };

export interface WatcherOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size of the initial list (default 500). */
  pageSize?: number;
  /** Server-side timeout of each watch request, after which it is resumed (default 290 s). */
  watchTimeoutSeconds?: number;
  clock?: Clock;
  backoff?: BackoffOptions;
  /** Called with each error before the back-off wait. */
  onError?: (error: unknown) => void;
}

export class Watcher<T extends KubeObject> implements AsyncIterable<WatcherEvent<T>> {
  private current: WatcherState<T> = { kind: 'Empty' };
  private readonly pending: WatcherEvent<T>[] = [];
  private closed = false;
  private readonly clock: Clock;
  private readonly abort = new AbortController();

  constructor(
    private readonly resource: ResourceClient<T>,
    private readonly options: WatcherOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
  }

  get state(): WatcherState<T>['kind'] {
    return this.current.kind;
  }

  /** The resourceVersion a resumed watch would start from, once listed. */
  get resourceVersion(): string | undefined {
    return this.current.kind === 'InitListed' || this.current.kind === 'Watching' ? this.current.resourceVersion : undefined;
  }

  /** One transition; resolves with the next event or rejects with the error that interrupted it. */
  async step(): Promise<WatcherEvent<T>> {
    for (;;) {
      const queued = this.pending.shift();
      if (queued !== undefined) return queued;
      if (this.closed) throw new Error('watcher is closed');
      const state = this.current;
      switch (state.kind) {
        case 'Empty':
          this.current = { kind: 'InitPage' };
          return { type: 'Init' };
        case 'InitPage':
          await this.listPage(state.continueToken);
          break;
        case 'InitListed':
          await this.startWatch(state.resourceVersion);
          break;
        case 'Watching': {
          const event = await this.nextWatchEvent(state);
          if (event !== undefined) return event;
          break;
        }
      }
    }
  }

  /** Steps forever, waiting with exponential back-off after errors, until `close()`. */
  async *run(): AsyncGenerator<WatcherEvent<T>> {
    const backoff = new ExponentialBackoff(this.options.backoff);
    while (!this.closed) {
      let event: WatcherEvent<T>;
      try {
        event = await this.step();
      } catch (error) {
        if (this.closed) return;
        this.options.onError?.(error);
        try {
          await sleep(this.clock, backoff.next(), this.abort.signal);
        } catch {
          return;
        }
        continue;
      }
      // Init alone is no progress: a list that keeps failing must keep backing off.
      if (event.type !== 'Init' && event.type !== 'InitApply') backoff.reset();
      yield event;
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<WatcherEvent<T>> {
    return this.run();
  }

  close(): void {
    this.closed = true;
    this.abort.abort(new Error('watcher closed'));
    if (this.current.kind === 'Watching') this.current.stream.close();
  }

  private listOptions(): ListOptions {
    return { namespace: this.options.namespace, labelSelector: this.options.labelSelector, fieldSelector: this.options.fieldSelector };
  }

  private async listPage(continueToken: string | undefined): Promise<void> {
    let page;
    try {
      page = await this.resource.list({ ...this.listOptions(), limit: this.options.pageSize ?? 500, continue: continueToken });
    } catch (error) {
      this.current = { kind: 'Empty' };
      throw error;
    }
    for (const object of page.items) this.pending.push({ type: 'InitApply', object: this.withTypeMeta(object) });
    const next = page.metadata?.continue;
    if (next) {
      this.current = { kind: 'InitPage', continueToken: next };
      return;
    }
    this.pending.push({ type: 'InitDone' });
    this.current = { kind: 'InitListed', resourceVersion: page.metadata?.resourceVersion ?? '' };
  }

  private async startWatch(resourceVersion: string): Promise<void> {
    try {
      const stream = await this.resource.watch({
        ...this.listOptions(),
        resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: this.options.watchTimeoutSeconds ?? 290,
        signal: this.abort.signal,
      });
      if (this.closed) {
        stream.close();
        return;
      }
      this.current = { kind: 'Watching', resourceVersion, stream, events: stream[Symbol.asyncIterator]() };
    } catch (error) {
      if (isGone(error)) this.current = { kind: 'Empty' };
      throw error;
    }
  }

  /** The next user-visible event, or undefined when the state changed without one. */
  private async nextWatchEvent(state: Extract<WatcherState<T>, { kind: 'Watching' }>): Promise<WatcherEvent<T> | undefined> {
    let result: IteratorResult<WatchEvent<T>>;
    try {
      result = await state.events.next();
    } catch (error) {
      state.stream.close();
      this.current = { kind: 'InitListed', resourceVersion: state.resourceVersion };
      throw error;
    }
    if (result.done) {
      this.current = { kind: 'InitListed', resourceVersion: state.resourceVersion };
      return undefined;
    }
    const { type, object } = result.value;
    if (type === 'ERROR') {
      state.stream.close();
      const error = new ApiError(object as unknown as Status);
      this.current = isGone(error) ? { kind: 'Empty' } : { kind: 'InitListed', resourceVersion: state.resourceVersion };
      throw error;
    }
    const resourceVersion = object.metadata?.resourceVersion;
    if (resourceVersion) state.resourceVersion = resourceVersion;
    if (type === 'BOOKMARK') return undefined;
    const typed = this.withTypeMeta(object);
    return type === 'DELETED' ? { type: 'Delete', object: typed } : { type: 'Apply', object: typed };
  }

  /** List items arrive without apiVersion and kind; put them back so handlers see whole objects. */
  private withTypeMeta(object: T): T {
    if (object.apiVersion !== undefined && object.kind !== undefined) return object;
    return { ...object, apiVersion: object.apiVersion ?? this.resource.apiVersion, kind: object.kind ?? this.resource.descriptor.kind };
  }
}
