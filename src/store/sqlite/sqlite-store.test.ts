import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore, type KeyValue } from '../index.js';
import { SqliteStore } from './sqlite-store.js';
import { collectChanges } from '../testing/collect.js';
import { runStoreConformance } from '../testing/conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'engenho-store-'));
let count = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStoreConformance('sqlite', {
  create: () => createStore({ sqlite: { path: join(dir, `store-${count++}.db`) } }),
});

// The watch window is small here so watchers also replay from the database.
runStoreConformance('sqlite with a 100-event watch window', {
  create: () => createStore({ sqlite: { path: join(dir, `store-${count++}.db`), watchWindow: { maxEvents: 100 } } }),
});

describe('SQLite store group commit', () => {
  it('commits the writes of 64 concurrent writers issued in one turn in one transaction, each judged on its own', async () => {
    const store = new SqliteStore({ path: join(dir, `store-${count++}.db`) });
    try {
      const existing = await store.create('/registry/pods/default/taken', 'v');
      const before = store.writeStats();
      const results = await Promise.allSettled([
        ...Array.from({ length: 63 }, (_, i) => store.create(`/registry/pods/default/p${i}`, 'v')),
        store.create('/registry/pods/default/taken', 'again'),
      ]);
      expect(store.writeStats()).toEqual({ transactions: before.transactions + 1, writes: before.writes + 64 });
      expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<KeyValue>).value.modRevision)).toEqual(
        Array.from({ length: 63 }, (_, i) => existing.modRevision + 1 + i),
      );
      expect(results[63]).toMatchObject({ status: 'rejected', reason: { code: 'AlreadyExists' } });
    } finally {
      await store.close();
    }
  });
});

describe('SQLite store watch replay', () => {
  it('replays a narrow watch from far behind the in-memory window, across long stretches without its keys', async () => {
    const store = await createStore({ sqlite: { path: join(dir, `store-${count++}.db`), watchWindow: { maxEvents: 100 } } });
    try {
      const start = await store.currentRevision();
      const mine: number[] = [];
      for (let i = 0; i < 12_000; i += 200) {
        await Promise.all(Array.from({ length: 200 }, (_, j) => store.create(`/registry/configmaps/noise/k${i + j}`, 'x')));
        if (i % 4000 === 0) mine.push((await store.create(`/registry/secrets/mine/s${i}`, 'y')).modRevision);
      }
      const events = await collectChanges(store.watch('/registry/secrets/', { fromRevision: start + 1 }), (e) => e.length === mine.length);
      expect(events.map((e) => e.kv.modRevision)).toEqual(mine);
    } finally {
      await store.close();
    }
  });
});
