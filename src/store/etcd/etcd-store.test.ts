import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, EtcdStore } from '../index.js';
import { runStoreConformance } from '../testing/conformance.js';
import { startEtcd, type EtcdServer } from '../testing/etcd-server.js';
import { manualTimers } from '../testing/manual-timers.js';

let server: EtcdServer;
beforeAll(async () => {
  // Tests check semantics, not durability: skip etcd's fsync to keep them fast.
  server = await startEtcd({ unsafeNoFsync: true });
});
afterAll(async () => server?.stop());

runStoreConformance('etcd', {
  create: () => createStore({ etcd: { endpoints: [server.endpoint] } }),
});

describe('etcd store', () => {
  it('compacts automatically, keeping the configured number of revisions', async () => {
    const timers = manualTimers();
    const store = await EtcdStore.connect({ endpoints: [server.endpoint], timers, compaction: { intervalMs: 1000, retainRevisions: 3 } });
    try {
      for (let i = 0; i < 5; i++) await store.create(`/registry/auto-compact/k${i}`, 'v');
      const current = await store.currentRevision();
      timers.fire();
      while ((await store.compactedRevision()) < current - 3) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await store.compactedRevision()).toBe(current - 3);
    } finally {
      await store.close();
    }
  });

  it('refuses to start without endpoints and reports an unreachable cluster', async () => {
    await expect(createStore({ etcd: { endpoints: [] } })).rejects.toThrow(/store\.etcd\.endpoints/);
    await expect(createStore({ etcd: { endpoints: ['http://127.0.0.1:1'], connectTimeoutMs: 500 } })).rejects.toMatchObject({ code: 'Unavailable' });
  });
});
