// The store's public face: choose a backend explicitly.
import { EtcdStore, type EtcdStoreOptions } from './etcd/etcd-store.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

export * from './types.js';
export * from './errors.js';
export type { SqliteStoreOptions } from './sqlite/sqlite-store.js';
export type { CompactionOptions } from './sqlite/compactor.js';
export type { EtcdStoreOptions, EtcdTlsFiles } from './etcd/etcd-store.js';
export { StoreFileError } from './sqlite/schema.js';
export { SqliteStore } from './sqlite/sqlite-store.js';
export { EtcdStore } from './etcd/etcd-store.js';

export type StoreConfig = { sqlite: SqliteStoreOptions; etcd?: undefined } | { etcd: EtcdStoreOptions; sqlite?: undefined };

/** Opens the configured backend; the etcd one first checks the cluster answers. */
export async function createStore(config: StoreConfig): Promise<Store> {
  if (config.sqlite && config.etcd) throw new TypeError('store: configure either store.sqlite or store.etcd, not both');
  if (config.sqlite) return new SqliteStore(config.sqlite);
  if (config.etcd) return EtcdStore.connect(config.etcd);
  throw new TypeError('store: configure store.sqlite.path or store.etcd.endpoints');
}
