// One behaviour suite for every Store backend (call it from each backend's test file).
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_VALUE_BYTES, StoreError } from '../errors.js';
import type { KeyValue, Store } from '../types.js';
import { collectChanges, firstOfType, uniquePrefix } from './collect.js';

export interface ConformanceTarget {
  create(): Promise<Store>;
  cleanup?(store: Store): Promise<void>;
}

const errorCode = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StoreError) return error.code;
    throw error;
  }
  return 'no error';
};

export function runStoreConformance(name: string, target: ConformanceTarget): void {
  describe(`Store conformance: ${name}`, () => {
    const opened: Store[] = [];
    const open = async (): Promise<Store> => {
      const store = await target.create();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) {
        if (target.cleanup) await target.cleanup(store);
        else await store.close();
      }
    });

    it('gives every write the next revision and tracks createRevision, modRevision and version', async () => {
      const store = await open();
      const p = uniquePrefix('rev');
      const start = await store.currentRevision();
      const created = await store.create(`${p}a`, 'one');
      expect(created).toEqual({ key: `${p}a`, value: 'one', createRevision: start + 1, modRevision: start + 1, version: 1 });
      const updated = await store.update(`${p}a`, 'two', created.modRevision);
      expect(updated).toEqual({ key: `${p}a`, value: 'two', createRevision: start + 1, modRevision: start + 2, version: 2 });
      const other = await store.create(`${p}b`, 'x');
      expect(other.modRevision).toBe(start + 3);
      expect(await store.currentRevision()).toBe(start + 3);
      expect(await store.get(`${p}a`)).toEqual({ kv: updated, revision: start + 3 });
      expect(await store.get(`${p}a`, { revision: start + 1 })).toEqual({ kv: created, revision: start + 1 });
      expect((await store.get(`${p}missing`)).kv).toBeNull();
    });

    it('refuses conflicting writes with typed errors and does not spend a revision on them', async () => {
      const store = await open();
      const p = uniquePrefix('conflict');
      const kv = await store.create(`${p}a`, 'v1');
      const before = await store.currentRevision();
      expect(await errorCode(store.create(`${p}a`, 'again'))).toBe('AlreadyExists');
      expect(await errorCode(store.update(`${p}missing`, 'v', 1))).toBe('NotFound');
      expect(await errorCode(store.update(`${p}a`, 'v2', kv.modRevision - 1))).toBe('Conflict');
      expect(await errorCode(store.delete(`${p}a`, kv.modRevision - 1))).toBe('Conflict');
      expect(await errorCode(store.delete(`${p}missing`))).toBe('NotFound');
      const conflict = await store.update(`${p}a`, 'v2', kv.modRevision + 100).catch((e: unknown) => e);
      expect(conflict).toBeInstanceOf(StoreError);
      expect((conflict as StoreError).revision).toBe(kv.modRevision);
      expect(await store.currentRevision()).toBe(before);
      expect((await store.get(`${p}a`)).kv).toEqual(kv);
    });

    it('deletes with the previous value, forgets the key, and starts a fresh life on re-create', async () => {
      const store = await open();
      const p = uniquePrefix('del');
      const kv = await store.create(`${p}a`, 'v1');
      const updated = await store.update(`${p}a`, 'v2', kv.modRevision);
      const watch = store.watch(p, { fromRevision: updated.modRevision + 1 });
      const deleted = await store.delete(`${p}a`, updated.modRevision);
      expect(deleted).toEqual({ prevKv: updated, revision: updated.modRevision + 1 });
      expect((await store.get(`${p}a`)).kv).toBeNull();
      expect((await store.list(p)).kvs).toEqual([]);
      expect((await store.get(`${p}a`, { revision: updated.modRevision })).kv).toEqual(updated);
      const again = await store.create(`${p}a`, 'v3');
      expect(again).toMatchObject({ createRevision: deleted.revision + 1, modRevision: deleted.revision + 1, version: 1 });
      const unguarded = await store.delete(`${p}a`);
      expect(unguarded.prevKv).toEqual(again);
      const events = await collectChanges(watch, (e) => e.length === 3);
      expect(events.map((e) => [e.type, e.kv.modRevision])).toEqual([
        ['delete', deleted.revision],
        ['put', again.modRevision],
        ['delete', unguarded.revision],
      ]);
      expect(events[0]).toEqual({ type: 'delete', kv: { ...updated, modRevision: deleted.revision }, prevKv: updated });
    });

    it('lists a prefix in key order, pages by key and stays consistent at the first page revision', async () => {
      const store = await open();
      const p = uniquePrefix('list');
      const names = Array.from({ length: 25 }, (_, i) => `${p}ns/item-${String(i).padStart(2, '0')}`);
      for (const key of names) await store.create(key, `value of ${key}`);
      await store.create(`${p.slice(0, -1)}x/outside`, 'not listed');
      const first = await store.list(p, { limit: 10 });
      expect(first.kvs.map((kv) => kv.key)).toEqual(names.slice(0, 10));
      expect(first.more).toBe(true);
      if (first.remaining !== undefined) expect(first.remaining).toBe(15);
      // Change the range after the first page: pages at the pinned revision must not see it.
      const last = (await store.get(names[24])).kv!;
      await store.update(names[24], 'changed', last.modRevision);
      await store.delete(names[15]);
      await store.create(`${p}ns/item-12a`, 'new');
      const second = await store.list(p, { limit: 10, revision: first.revision, startAfter: first.kvs[9].key });
      const third = await store.list(p, { limit: 10, revision: first.revision, startAfter: second.kvs[9].key });
      expect(second.revision).toBe(first.revision);
      expect(second.more).toBe(true);
      expect(third.more).toBe(false);
      const all = [...first.kvs, ...second.kvs, ...third.kvs];
      expect(all.map((kv) => kv.key)).toEqual(names);
      expect(all.every((kv) => kv.value === `value of ${kv.key}`)).toBe(true);
      const now = await store.list(p);
      expect(now.kvs.length).toBe(25);
      expect(now.kvs.find((kv) => kv.key === names[24])!.value).toBe('changed');
      expect(now.more).toBe(false);
    });

    it('reads at a future revision fail as Unavailable, below the compacted one as Compacted', async () => {
      const store = await open();
      const p = uniquePrefix('compact');
      const a = await store.create(`${p}a`, 'v1');
      const b = await store.update(`${p}a`, 'v2', a.modRevision);
      const c = await store.update(`${p}a`, 'v3', b.modRevision);
      expect(await errorCode(store.get(`${p}a`, { revision: c.modRevision + 1000 }))).toBe('Unavailable');
      await store.compact(b.modRevision);
      expect(await store.compactedRevision()).toBeGreaterThanOrEqual(b.modRevision);
      expect(await errorCode(store.get(`${p}a`, { revision: a.modRevision }))).toBe('Compacted');
      expect(await errorCode(store.list(p, { revision: a.modRevision }))).toBe('Compacted');
      expect((await store.get(`${p}a`, { revision: b.modRevision })).kv).toEqual(b);
      const watch = store.watch(p, { fromRevision: a.modRevision });
      const failure = await watch[Symbol.asyncIterator]().next().catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(StoreError);
      expect((failure as StoreError).code).toBe('Compacted');
      const resumed = await collectChanges(store.watch(p, { fromRevision: c.modRevision }), (e) => e.length === 1);
      expect(resumed[0]).toEqual({ type: 'put', kv: c, prevKv: b });
    });

    it('resumes a watch from a revision with every later event, in order, with previous values', async () => {
      const store = await open();
      const p = uniquePrefix('resume');
      const written: KeyValue[] = [];
      for (let i = 0; i < 20; i++) written.push(await store.create(`${p}k${i}`, `v${i}`));
      const from = written[5].modRevision;
      const updated = await store.update(`${p}k0`, 'changed', written[0].modRevision);
      const events = await collectChanges(store.watch(p, { fromRevision: from }), (e) => e.length === 16);
      expect(events.map((e) => e.kv.modRevision)).toEqual([...written.slice(5).map((kv) => kv.modRevision), updated.modRevision]);
      expect(events[15]).toEqual({ type: 'put', kv: updated, prevKv: written[0] });
      expect(events[0]).toEqual({ type: 'put', kv: written[5] });
    });

    it('sends progress events on a quiet watch, carrying a revision that covers what was written', async () => {
      const store = await open();
      const p = uniquePrefix('progress');
      const kv = await store.create(`${p}a`, 'v');
      const progress = await firstOfType(store.watch(p, { progressIntervalMs: 100 }), 'progress');
      expect(progress.revision).toBeGreaterThanOrEqual(kv.modRevision);
    });

    it('stores values up to 1.5 MiB and refuses larger ones as TooLarge', async () => {
      const store = await open();
      const p = uniquePrefix('large');
      const big = 'x'.repeat(MAX_VALUE_BYTES);
      const kv = await store.create(`${p}big`, big);
      expect((await store.get(`${p}big`)).kv!.value.length).toBe(MAX_VALUE_BYTES);
      expect(await errorCode(store.create(`${p}bigger`, big + 'x'))).toBe('TooLarge');
      expect(await errorCode(store.update(`${p}big`, 'é'.repeat(MAX_VALUE_BYTES / 2 + 1), kv.modRevision))).toBe('TooLarge');
    });

    it('delivers 10,000 concurrent writes to concurrent watchers in revision order, with no gap and no duplicate', async () => {
      const store = await open();
      const p = uniquePrefix('fanout');
      const start = await store.currentRevision();
      const total = 10_000;
      const writers = 64;
      let end = Number.POSITIVE_INFINITY;
      const untilEnd = (_events: unknown[], seen: number): boolean => seen >= end;
      const collectAll = collectChanges(store.watch(p, { fromRevision: start + 1, progressIntervalMs: 200 }), untilEnd);
      const collectEvens = collectChanges(store.watch(`${p}even/`, { fromRevision: start + 1, progressIntervalMs: 200 }), untilEnd);
      let issued = 0;
      // Each writer owns its keys, so every iteration is exactly one successful write.
      const writer = async (id: number): Promise<void> => {
        const modRevisions = new Map<string, number>();
        for (let count = 0; issued < total; count++) {
          issued++;
          const key = `${p}${count % 2 === 0 ? 'even' : 'odd'}/w${id}-k${count % 6}`;
          const modRevision = modRevisions.get(key);
          if (modRevision === undefined) modRevisions.set(key, (await store.create(key, `c${count}`)).modRevision);
          else if (count % 4 === 1) {
            await store.delete(key, modRevision);
            modRevisions.delete(key);
          } else modRevisions.set(key, (await store.update(key, `u${count}`, modRevision)).modRevision);
        }
      };
      await Promise.all(Array.from({ length: writers }, (_, id) => writer(id)));
      end = await store.currentRevision();
      expect(end).toBe(start + total);
      // A late watcher resumes from the middle of the stream.
      const middle = start + total / 2;
      const late = await collectChanges(store.watch(p, { fromRevision: middle }), (e) => e.length > 0 && e[e.length - 1].kv.modRevision === end);
      const events = await collectAll;
      const evenEvents = await collectEvens;
      const revisions = events.map((e) => e.kv.modRevision);
      expect(revisions).toEqual(Array.from({ length: total }, (_, i) => start + 1 + i));
      expect(late.map((e) => e.kv.modRevision)).toEqual(revisions.filter((r) => r >= middle));
      expect(evenEvents.map((e) => e.kv.modRevision)).toEqual(events.filter((e) => e.kv.key.startsWith(`${p}even/`)).map((e) => e.kv.modRevision));
      // Each put's prevKv is the key's previous event.
      const lastByKey = new Map<string, number>();
      for (const event of events) {
        const previous = lastByKey.get(event.kv.key);
        if (event.type === 'put' && event.kv.version > 1) expect(event.prevKv?.modRevision).toBe(previous);
        lastByKey.set(event.kv.key, event.kv.modRevision);
      }
      // A networked backend's client spends most of this test encoding requests: allow it minutes.
    }, 240_000);
  });
}
