import { afterAll, beforeAll } from 'vitest';
import { createStore } from '../index.js';
import { runStoreConformance } from '../testing/conformance.js';
import { startEtcd, type EtcdServer } from '../testing/etcd-server.js';

let server: EtcdServer;
beforeAll(async () => {
  // Tests check semantics, not durability: skip etcd's fsync to keep them fast.
  server = await startEtcd({ unsafeNoFsync: true });
});
afterAll(async () => server?.stop());

runStoreConformance('etcd', {
  create: () => createStore({ etcd: { endpoints: [server.endpoint] } }),
});
