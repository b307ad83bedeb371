import { describe, expect, it } from 'vitest';
import { StoreError } from '../errors.js';
import { createStore } from '../index.js';
import { startEtcd } from '../testing/etcd-server.js';

describe('etcd store when etcd goes away', () => {
  it('ends open watches with Unavailable and fails calls with Unavailable, without crashing', async () => {
    const server = await startEtcd({ unsafeNoFsync: true });
    const store = await createStore({ etcd: { endpoints: [server.endpoint], connectTimeoutMs: 1000 } });
    try {
      const kv = await store.create('/registry/pods/default/a', 'v');
      const watch = store.watch('/registry/pods/', { fromRevision: kv.modRevision });
      const iterator = watch[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toEqual({ type: 'put', kv });
      await server.stop();
      const failure = await iterator.next().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StoreError);
      expect((failure as StoreError).code).toBe('Unavailable');
      expect(await store.get('/registry/pods/default/a').catch((error: unknown) => (error as StoreError).code)).toBe('Unavailable');
    } finally {
      await store.close();
      await server.stop();
    }
  });
});
