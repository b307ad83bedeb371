// An in-memory Store with etcd semantics (revisions, history, compaction, watch with progress), for
// the API server's fast in-process tests. Not for production: history grows until compacted.
import { StoreError } from '../../store/errors.js';
import type { DeleteResult, GetResult, KeyValue, ListOptions, ListResult, ReadOptions, Store, Watch, WatchEvent, WatchOptions } from '../../store/types.js';

interface Change {
  revision: number;
  key: string;
  kv: KeyValue | null; // null: deleted
  prev: KeyValue | null;
}

export function createMemoryStore(): Store {
  let revision = 1;
  let compacted = 0;
  const live = new Map<string, KeyValue>();
  const history: Change[] = [];
  const watchers = new Set<(change: Change) => void>();

  const checkRevision = (wanted: number | undefined) => {
    if (wanted !== undefined && wanted > 0 && wanted < compacted) throw new StoreError('Compacted', `required revision ${wanted} has been compacted`, compacted);
    if (wanted !== undefined && wanted > revision) throw new StoreError('Unavailable', `required revision ${wanted} is a future revision`);
  };

  /** The state of every key at `at` (by replaying backwards from the live state). */
  const snapshot = (at: number | undefined): Map<string, KeyValue> => {
    if (at === undefined || at <= 0 || at >= revision) return live;
    const state = new Map(live);
    for (let i = history.length - 1; i >= 0 && history[i].revision > at; i--) {
      const change = history[i];
      if (change.prev === null) state.delete(change.key);
      else state.set(change.key, change.prev);
    }
    return state;
  };

  const commit = (key: string, kv: KeyValue | null, prev: KeyValue | null) => {
    const change: Change = { revision, key, kv, prev };
    history.push(change);
    if (kv === null) live.delete(key);
    else live.set(key, kv);
    for (const notify of watchers) notify(change);
  };

  const toEvent = (change: Change): WatchEvent =>
    change.kv !== null
      ? { type: 'put', kv: change.kv, ...(change.prev !== null ? { prevKv: change.prev } : {}) }
      : { type: 'delete', kv: { ...change.prev!, modRevision: change.revision }, prevKv: change.prev! };

  return {
    async get(key: string, options?: ReadOptions): Promise<GetResult> {
      checkRevision(options?.revision);
      return { kv: snapshot(options?.revision).get(key) ?? null, revision: options?.revision || revision };
    },
    async list(prefix: string, options?: ListOptions): Promise<ListResult> {
      checkRevision(options?.revision);
      const at = options?.revision || revision;
      const keys = [...snapshot(at).entries()].filter(([k]) => k.startsWith(prefix) && (options?.startAfter === undefined || k > options.startAfter)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const limit = options?.limit ?? 0;
      const page = limit > 0 ? keys.slice(0, limit) : keys;
      return { kvs: page.map(([, kv]) => kv), revision: at, more: page.length < keys.length, remaining: keys.length - page.length };
    },
    async create(key: string, value: string): Promise<KeyValue> {
      if (live.has(key)) throw new StoreError('AlreadyExists', `key ${key} already exists`);
      revision++;
      const kv = { key, value, createRevision: revision, modRevision: revision, version: 1 };
      commit(key, kv, null);
      return kv;
    },
    async update(key: string, value: string, expected: number): Promise<KeyValue> {
      const prev = live.get(key);
      if (prev === undefined) throw new StoreError('NotFound', `key ${key} not found`);
      if (prev.modRevision !== expected) throw new StoreError('Conflict', `key ${key} was modified`, prev.modRevision);
      revision++;
      const kv = { key, value, createRevision: prev.createRevision, modRevision: revision, version: prev.version + 1 };
      commit(key, kv, prev);
      return kv;
    },
    async delete(key: string, expected?: number): Promise<DeleteResult> {
      const prev = live.get(key);
      if (prev === undefined) throw new StoreError('NotFound', `key ${key} not found`);
      if (expected !== undefined && prev.modRevision !== expected) throw new StoreError('Conflict', `key ${key} was modified`, prev.modRevision);
      revision++;
      commit(key, null, prev);
      return { prevKv: prev, revision };
    },
    watch(prefix: string, options?: WatchOptions): Watch {
      const queue: WatchEvent[] = [];
      let wake: (() => void) | undefined;
      let closed = false;
      let failure: StoreError | undefined;
      const from = options?.fromRevision;
      if (from !== undefined && from > 0 && from < compacted) failure = new StoreError('Compacted', `required revision ${from} has been compacted`, compacted);
      else if (from !== undefined) for (const change of history) if (change.revision >= from && change.key.startsWith(prefix)) queue.push(toEvent(change));
      const listener = (change: Change) => {
        if (!change.key.startsWith(prefix)) return;
        queue.push(toEvent(change));
        wake?.();
      };
      watchers.add(listener);
      const timer = setInterval(() => {
        queue.push({ type: 'progress', revision });
        wake?.();
      }, options?.progressIntervalMs ?? 5000);
      const close = () => {
        closed = true;
        watchers.delete(listener);
        clearInterval(timer);
        wake?.();
      };
      options?.signal?.addEventListener('abort', close, { once: true });
      return {
        close,
        async *[Symbol.asyncIterator]() {
          try {
            if (failure !== undefined) throw failure;
            while (!closed) {
              const next = queue.shift();
              if (next !== undefined) {
                yield next;
                continue;
              }
              await new Promise<void>((resolve) => (wake = resolve));
              wake = undefined;
            }
          } finally {
            close();
          }
        },
      };
    },
    async compact(at: number): Promise<void> {
      compacted = Math.max(compacted, Math.min(at, revision));
      while (history.length > 0 && history[0].revision <= compacted) history.shift();
    },
    async currentRevision() {
      return revision;
    },
    async compactedRevision() {
      return compacted;
    },
    async close() {},
  };
}
