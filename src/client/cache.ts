// The informer's store: one writer (the informer) and many readers (CacheReader), with indexes.
// Readers get the cached objects themselves: treat them as read-only, copy before changing.
import { objectKey, type KubeObject } from './types.js';

/** The values an object is indexed under (an object may be under several, or none). */
export type IndexFunc<T> = (object: T) => string[];

export const namespaceIndex = 'namespace';
export const ownerUidIndex = 'ownerUid';
export const nodeNameIndex = 'nodeName';

export const defaultIndexers: Record<string, IndexFunc<KubeObject>> = {
  [namespaceIndex]: (object) => (object.metadata?.namespace ? [object.metadata.namespace] : []),
  [ownerUidIndex]: (object) => (object.metadata?.ownerReferences ?? []).map((owner) => owner.uid),
  [nodeNameIndex]: (object) => {
    const nodeName = (object as { spec?: { nodeName?: unknown } }).spec?.nodeName;
    return typeof nodeName === 'string' && nodeName !== '' ? [nodeName] : [];
  },
};

export interface CacheReader<T> {
  /** By key: "namespace/name" or "name" for cluster-scoped objects. */
  get(key: string): T | undefined;
  getByName(namespace: string | undefined, name: string): T | undefined;
  list(): T[];
  keys(): string[];
  readonly size: number;
  /** Objects indexed under `value` by the indexer `indexName`. */
  byIndex(indexName: string, value: string): T[];
  indexNames(): string[];
}

export class ObjectCache<T extends KubeObject> implements CacheReader<T> {
  private objects = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  private indexes = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Record<string, IndexFunc<T>> = defaultIndexers) {
    for (const [name, indexer] of Object.entries(indexers)) this.addIndexer(name, indexer);
  }

  addIndexer(name: string, indexer: IndexFunc<T>): void {
    if (this.indexers.has(name)) throw new Error(`indexer "${name}" already exists`);
    this.indexers.set(name, indexer);
    const index = new Map<string, Set<string>>();
    this.indexes.set(name, index);
    for (const [key, object] of this.objects) addToIndex(index, indexer(object), key);
  }

  get(key: string): T | undefined {
    return this.objects.get(key);
  }

  getByName(namespace: string | undefined, name: string): T | undefined {
    return this.objects.get(namespace ? `${namespace}/${name}` : name);
  }

  list(): T[] {
    return [...this.objects.values()];
  }

  keys(): string[] {
    return [...this.objects.keys()];
  }

  get size(): number {
    return this.objects.size;
  }

  byIndex(indexName: string, value: string): T[] {
    const index = this.indexes.get(indexName);
    if (index === undefined) throw new Error(`no indexer "${indexName}" (known: ${[...this.indexes.keys()].join(', ')})`);
    const found: T[] = [];
    const keys = index.get(value);
    if (keys === undefined) return found;
    for (const key of keys) {
      const object = this.objects.get(key);
      if (object !== undefined) found.push(object);
    }
    return found;
  }

  indexNames(): string[] {
    return [...this.indexes.keys()];
  }

  /** Inserts or replaces; returns the previous object under the same key. */
  upsert(object: T): T | undefined {
    const key = objectKey(object);
    const previous = this.objects.get(key);
    this.objects.set(key, object);
    if (previous === undefined) this.index(key, object);
    else this.reindex(key, previous, object);
    return previous;
  }

  /** Removes; returns the object that was cached under the key. */
  remove(object: T): T | undefined {
    const key = objectKey(object);
    const previous = this.objects.get(key);
    if (previous === undefined) return undefined;
    this.objects.delete(key);
    this.unindex(key, previous);
    return previous;
  }

  /** Swaps the whole contents (after a relist); returns the previous contents by key. */
  replace(objects: Iterable<T>): Map<string, T> {
    const previous = this.objects;
    this.objects = new Map();
    this.indexes = new Map([...this.indexers.keys()].map((name) => [name, new Map<string, Set<string>>()]));
    for (const object of objects) {
      const key = objectKey(object);
      this.objects.set(key, object);
      this.index(key, object);
    }
    return previous;
  }

  private index(key: string, object: T): void {
    for (const [name, indexer] of this.indexers) addToIndex(this.indexes.get(name)!, indexer(object), key);
  }

  private unindex(key: string, object: T): void {
    for (const [name, indexer] of this.indexers) removeFromIndex(this.indexes.get(name)!, indexer(object), key);
  }

  /** Most updates (status changes) keep every indexed value: those leave the indexes alone. */
  private reindex(key: string, previous: T, object: T): void {
    for (const [name, indexer] of this.indexers) {
      const before = indexer(previous);
      const after = indexer(object);
      if (sameValues(before, after)) continue;
      const index = this.indexes.get(name)!;
      removeFromIndex(index, before, key);
      addToIndex(index, after, key);
    }
  }
}

function sameValues(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function removeFromIndex(index: Map<string, Set<string>>, values: string[], key: string): void {
  for (const value of values) {
    const keys = index.get(value);
    if (keys === undefined) continue;
    keys.delete(key);
    if (keys.size === 0) index.delete(value);
  }
}

function addToIndex(index: Map<string, Set<string>>, values: string[], key: string): void {
  for (const value of values) {
    let keys = index.get(value);
    if (keys === undefined) {
      keys = new Set();
      index.set(value, keys);
    }
    keys.add(key);
  }
}
