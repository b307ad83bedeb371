import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectChanges } from '../testing/collect.js';
import { manualTimers } from '../testing/manual-timers.js';
import type { KeyValue } from '../types.js';
import { SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'engenho-compaction-'));
let count = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const newPath = (): string => join(dir, `store-${count++}.db`);

async function churn(store: SqliteStore, modRevisions: Map<string, number>, writes: number): Promise<void> {
  for (let i = 0; i < writes; i += 100) {
    await Promise.all(
      Array.from({ length: 100 }, async (_, k) => {
        const key = `/registry/leases/kube-node-lease/node-${k}`;
        const value = `{"renewTime":"${i}","holder":"node-${k}","padding":"${'x'.repeat(200)}"}`;
        const previous = modRevisions.get(key);
        const kv = previous === undefined ? await store.create(key, value) : await store.update(key, value, previous);
        modRevisions.set(key, kv.modRevision);
      }),
    );
  }
}

const liveBytes = (store: SqliteStore): number => {
  const size = store.sizeOnDisk();
  return (size.pages - size.freePages) * size.pageSize;
};

describe('SQLite store compaction', () => {
  it('keeps reads and watches at and after the compacted revision exactly as before', async () => {
    const store = new SqliteStore({ path: newPath(), compaction: { intervalMs: 0, batchSize: 7 }, watchWindow: { maxEvents: 10 } });
    const live = new Map<string, KeyValue>();
    for (let i = 0; i < 600; i++) {
      const key = `/registry/pods/default/p${(i * 7) % 41}`;
      const current = live.get(key);
      if (!current) live.set(key, await store.create(key, `v${i}`));
      else if (i % 5 === 0) {
        await store.delete(key, current.modRevision);
        live.delete(key);
      } else live.set(key, await store.update(key, `v${i}`, current.modRevision));
    }
    const end = await store.currentRevision();
    const target = end - 200;
    const snapshots = new Map<number, unknown>();
    for (let revision = target; revision <= end; revision += 37) snapshots.set(revision, await store.list('/registry/pods/', { revision }));
    const watchedBefore = await collectChanges(store.watch('/registry/', { fromRevision: target }), (e) => e.at(-1)?.kv.modRevision === end);

    await store.compact(target);
    for (const [revision, snapshot] of snapshots) expect(await store.list('/registry/pods/', { revision })).toEqual(snapshot);
    const watchedAfter = await collectChanges(store.watch('/registry/', { fromRevision: target }), (e) => e.at(-1)?.kv.modRevision === end);
    expect(watchedAfter.map((e) => [e.type, e.kv])).toEqual(watchedBefore.map((e) => [e.type, e.kv]));
    expect((await store.list('/registry/pods/')).kvs).toEqual([...live.values()].sort((a, b) => (a.key < b.key ? -1 : 1)));
    await store.close();
  });

  it('holds a store under constant lease churn to a bounded size, compacting automatically', async () => {
    const timers = manualTimers();
    const path = newPath();
    const store = new SqliteStore({ path, timers, compaction: { intervalMs: 1000, retainRevisions: 1000 } });
    const sizes: number[] = [];
    const modRevisions = new Map<string, number>();
    for (let round = 0; round < 8; round++) {
      await churn(store, modRevisions, 5000);
      timers.fire(); // the automatic compactor's tick
      await store.compact(await store.compactedRevision()); // wait for its reclaim to finish
      sizes.push(liveBytes(store));
    }
    expect(await store.compactedRevision()).toBe((await store.currentRevision()) - 1000);
    // After the first round the size stops growing: 40,000 writes occupy what 5,000 did.
    const settled = sizes[1];
    for (const size of sizes.slice(2)) expect(size).toBeLessThanOrEqual(settled * 1.25);
    // Free pages went back to the file system (incremental vacuum), so the file is small as well.
    await store.close();
    expect(statSync(path).size).toBeLessThanOrEqual(settled * 1.5 + 64 * 1024);
  });
});
