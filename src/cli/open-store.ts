// Opens the configured store backend (SQLite file or etcd cluster) through src/store's createStore.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { EngenhoConfig } from '../config/index.js';
import { createStore, type Store } from '../store/index.js';
import { CliError } from './io.js';

type StoreConfig = Parameters<typeof createStore>[0];

export function storeSettings(config: EngenhoConfig): StoreConfig {
  const compaction = {
    intervalMs: config.store.compaction.intervalSeconds * 1000,
    retainRevisions: config.store.compaction.retainRevisions,
  };
  if (config.store.etcd) {
    const { endpoints, tls } = config.store.etcd;
    return { etcd: { endpoints, ...(tls ? { tls: { ...tls, ca: resolve(tls.ca), ...(tls.cert && tls.key ? { cert: resolve(tls.cert), key: resolve(tls.key) } : {}) } } : {}), compaction } };
  }
  const path = resolve(config.store.sqlite?.path ?? resolve(config.dataDir, 'state.db'));
  return { sqlite: { path, compaction } };
}

export async function openStore(config: EngenhoConfig): Promise<Store> {
  const settings = storeSettings(config);
  const sqlitePath = (settings as { sqlite?: { path: string } }).sqlite?.path;
  if (sqlitePath) mkdirSync(dirname(sqlitePath), { recursive: true, mode: 0o700 });
  try {
    return await createStore(settings);
  } catch (error) {
    const where = sqlitePath ? `SQLite file ${sqlitePath}` : `etcd at ${config.store.etcd?.endpoints.join(',')}`;
    throw new CliError(`cannot open the store (${where}): ${(error as Error).message}`, 1);
  }
}
