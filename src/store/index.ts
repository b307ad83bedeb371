// The store's public face: choose a backend explicitly.
import { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

export * from './types.js';
export * from './errors.js';
export type { SqliteStoreOptions } from './sqlite/sqlite-store.js';
export type { CompactionOptions } from './sqlite/compactor.js';
export { StoreFileError } from './sqlite/schema.js';
export { SqliteStore } from './sqlite/sqlite-store.js';

export type StoreConfig = { sqlite: SqliteStoreOptions };

/** Opens the configured backend. */
export async function createStore(config: StoreConfig): Promise<Store> {
  if (config.sqlite) return new SqliteStore(config.sqlite);
  throw new TypeError('store: configure store.sqlite.path or store.etcd.endpoints');
}
