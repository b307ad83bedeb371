// The Store: etcd v3 semantics over any backend. Keys are /registry/<resource>/<namespace>/<name>.
// Values are UTF-8 text (the API server stores JSON).

export interface KeyValue {
  key: string;
  value: string;
  /** Revision of the write that created this key (since its last deletion). */
  createRevision: number;
  /** Revision of the last write to this key. */
  modRevision: number;
  /** Number of writes since creation, starting at 1. */
  version: number;
}

export interface ReadOptions {
  /** Read as of this revision; omitted means the latest. Older than the compacted revision -> Compacted. */
  revision?: number;
}

export interface ListOptions extends ReadOptions {
  /** At most this many keys (0 or omitted: all). */
  limit?: number;
  /** Return keys strictly after this one (paging: pass the last key of the previous page). */
  startAfter?: string;
}

export interface GetResult {
  kv: KeyValue | null;
  /** The store revision the read was served at. */
  revision: number;
}

export interface ListResult {
  kvs: KeyValue[];
  /** The store revision the list is consistent at: pass it back as `revision` to read the next page. */
  revision: number;
  /** True when more keys match after the last one returned. */
  more: boolean;
  /** How many keys match after this page (when cheap to know; else undefined). */
  remaining?: number;
}

export interface DeleteResult {
  /** The value that was deleted. */
  prevKv: KeyValue;
  /** Revision of the deletion. */
  revision: number;
}

export type WatchEvent =
  | { type: 'put'; kv: KeyValue; prevKv?: KeyValue }
  /** kv.modRevision is the revision of the deletion; kv.value is the deleted value. */
  | { type: 'delete'; kv: KeyValue; prevKv: KeyValue }
  /** Nothing before `revision` is still to come on this watch (for bookmarks). */
  | { type: 'progress'; revision: number };

export interface WatchOptions {
  /** Deliver events with modRevision >= fromRevision (etcd semantics). Omitted: only new events. */
  fromRevision?: number;
  /** How often a quiet watch gets a progress event. Default: 5000 ms. */
  progressIntervalMs?: number;
  signal?: AbortSignal;
}

export interface Watch extends AsyncIterable<WatchEvent> {
  /** Ends the watch; the iterator finishes. */
  close(): void;
}

export interface Store {
  get(key: string, options?: ReadOptions): Promise<GetResult>;
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Fails with AlreadyExists when the key exists. */
  create(key: string, value: string): Promise<KeyValue>;
  /** Fails with NotFound when absent, Conflict when its modRevision is not `expectedModRevision`. */
  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue>;
  /** Fails with NotFound when absent, Conflict when `expectedModRevision` is given and differs. */
  delete(key: string, expectedModRevision?: number): Promise<DeleteResult>;
  /** Errors with Compacted (synchronously on first iteration) when fromRevision is compacted. */
  watch(prefix: string, options?: WatchOptions): Watch;
  /** Drops history older than `revision`; reads and watches before it fail with Compacted. */
  compact(revision: number): Promise<void>;
  currentRevision(): Promise<number>;
  /** The oldest revision still readable. */
  compactedRevision(): Promise<number>;
  close(): Promise<void>;
}
