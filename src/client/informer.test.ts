import { describe, expect, it } from 'vitest';
import type { ConfigMap, Pod } from '../api/index.js';
import { ObjectCache } from './cache.js';
import { Informer } from './informer.js';
import { FakeApi } from './testing/fake-api.js';
import { FakeClock, settle } from './testing/fake-clock.js';

function recordingHandler(log: string[]) {
  return {
    onAdd: (object: ConfigMap) => log.push(`add ${object.metadata?.name}`),
    onUpdate: (previous: ConfigMap, object: ConfigMap) =>
      log.push(`update ${object.metadata?.name} ${JSON.stringify(previous.data ?? {})}->${JSON.stringify(object.data ?? {})}`),
    onDelete: (object: ConfigMap) => log.push(`delete ${object.metadata?.name}`),
  };
}

describe('Informer', () => {
  it('fills the cache, reports sync, and tells handlers of adds, updates and deletes', async () => {
    const api = new FakeApi();
    const configMaps = api.client().resource<ConfigMap>('v1', 'configmaps');
    await configMaps.create({ metadata: { name: 'a', namespace: 'x' } });
    const informer = new Informer(configMaps);
    const log: string[] = [];
    informer.addEventHandler(recordingHandler(log));
    expect(informer.hasSynced()).toBe(false);
    informer.start();
    await informer.waitForSync();
    expect(informer.hasSynced()).toBe(true);
    expect(informer.cache.keys()).toEqual(['x/a']);
    expect(informer.cache.get('x/a')).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });

    await configMaps.create({ metadata: { name: 'b', namespace: 'y' } });
    await configMaps.patch('a', { data: { k: 'v' } }, { type: 'merge', namespace: 'x' });
    await configMaps.delete('b', { namespace: 'y' });
    await settle();
    expect(log).toEqual(['add a', 'add b', 'update a {}->{"k":"v"}', 'delete b']);
    expect(informer.cache.byIndex('namespace', 'x').map((object) => object.metadata?.name)).toEqual(['a']);
    expect(informer.cache.byIndex('namespace', 'y')).toEqual([]);

    const late: string[] = [];
    informer.addEventHandler(recordingHandler(late));
    expect(late).toEqual(['add a']);
    await informer.stop();
    expect(api.openWatches).toBe(0);
  });

  it('after a relist swaps the cache and reports what changed while disconnected', async () => {
    const api = new FakeApi();
    const configMaps = api.client().resource<ConfigMap>('v1', 'configmaps');
    await configMaps.create({ metadata: { name: 'kept' } });
    await configMaps.create({ metadata: { name: 'changed' } });
    await configMaps.create({ metadata: { name: 'removed' } });
    const informer = new Informer(configMaps);
    const log: string[] = [];
    informer.addEventHandler(recordingHandler(log));
    informer.apply({ type: 'Init' });
    for (const item of (await configMaps.list()).items) informer.apply({ type: 'InitApply', object: item });
    informer.apply({ type: 'InitDone' });
    expect(log).toEqual(['add changed', 'add kept', 'add removed']);
    log.length = 0;

    await configMaps.patch('changed', { data: { v: '2' } }, { type: 'merge' });
    await configMaps.delete('removed');
    await configMaps.create({ metadata: { name: 'new' } });
    informer.apply({ type: 'Init' });
    for (const item of (await configMaps.list()).items) {
      informer.apply({ type: 'InitApply', object: item });
      expect(informer.cache.size).toBe(3);
    }
    informer.apply({ type: 'InitDone' });
    expect(log).toEqual(['update changed {}->{"v":"2"}', 'add new', 'delete removed']);
    expect(informer.cache.keys().sort()).toEqual(['default/changed', 'default/kept', 'default/new']);
  });

  it('keeps handler failures away from the cache and other handlers', async () => {
    const api = new FakeApi();
    const configMaps = api.client().resource<ConfigMap>('v1', 'configmaps');
    const errors: unknown[] = [];
    const informer = new Informer(configMaps, { onError: (error) => errors.push(error) });
    const log: string[] = [];
    informer.addEventHandler({ onAdd: () => { throw new Error('handler bug'); } });
    informer.addEventHandler(recordingHandler(log));
    informer.apply({ type: 'Init' });
    informer.apply({ type: 'InitDone' });
    informer.apply({ type: 'Apply', object: { metadata: { name: 'a', namespace: 'n' } } });
    expect(log).toEqual(['add a']);
    expect(informer.cache.keys()).toEqual(['n/a']);
    expect(errors).toHaveLength(1);
  });
  it('resyncs: handlers hear every cached object as an update each period', async () => {
    const clock = new FakeClock();
    const api = new FakeApi();
    const configMaps = api.client().resource<ConfigMap>('v1', 'configmaps');
    await configMaps.create({ metadata: { name: 'a' } });
    const informer = new Informer(configMaps, { resyncMs: 60_000, clock });
    const log: string[] = [];
    informer.addEventHandler(recordingHandler(log));
    informer.start();
    await informer.waitForSync();
    await clock.advance(59_999);
    expect(log).toEqual(['add a']);
    await clock.advance(1);
    expect(log).toEqual(['add a', 'update a {}->{}']);
    await clock.advance(60_000);
    expect(log).toHaveLength(3);
    await informer.stop();
    await clock.advance(60_000);
    expect(log).toHaveLength(3);
  });
});

describe('ObjectCache indexers', () => {
  const pod = (name: string, nodeName: string | undefined, ownerUid?: string): Pod => ({
    metadata: {
      name,
      namespace: 'ns',
      resourceVersion: '1',
      ownerReferences: ownerUid ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: ownerUid, controller: true }] : undefined,
    },
    spec: { containers: [], nodeName },
  });

  it('indexes by namespace, owner uid, node name and custom indexers, and follows updates and removals', () => {
    const cache = new ObjectCache<Pod>();
    cache.addIndexer('phase', (object) => [object.status?.phase ?? 'Unknown']);
    cache.upsert(pod('p1', 'node-a', 'rs-1'));
    cache.upsert(pod('p2', 'node-b', 'rs-1'));
    cache.upsert(pod('p3', undefined));
    const names = (objects: Pod[]) => objects.map((object) => object.metadata?.name).sort();
    expect(names(cache.byIndex('nodeName', 'node-a'))).toEqual(['p1']);
    expect(names(cache.byIndex('ownerUid', 'rs-1'))).toEqual(['p1', 'p2']);
    expect(names(cache.byIndex('namespace', 'ns'))).toEqual(['p1', 'p2', 'p3']);
    expect(names(cache.byIndex('phase', 'Unknown'))).toEqual(['p1', 'p2', 'p3']);

    const moved = pod('p1', 'node-b', 'rs-1');
    moved.status = { phase: 'Running' };
    cache.upsert(moved);
    expect(names(cache.byIndex('nodeName', 'node-a'))).toEqual([]);
    expect(names(cache.byIndex('nodeName', 'node-b'))).toEqual(['p1', 'p2']);
    expect(names(cache.byIndex('phase', 'Running'))).toEqual(['p1']);

    cache.remove(pod('p2', 'node-b'));
    expect(names(cache.byIndex('ownerUid', 'rs-1'))).toEqual(['p1']);
    expect(cache.getByName('ns', 'p1')?.spec?.nodeName).toBe('node-b');
    expect(() => cache.byIndex('nope', 'x')).toThrow(/no indexer "nope"/);
  });

  it('re-indexes only what an update changed, and byIndex returns the new object', () => {
    const cache = new ObjectCache<Pod>();
    const first = pod('p1', 'node-a', 'rs-1');
    cache.upsert(first);
    const statusOnly = pod('p1', 'node-a', 'rs-1');
    statusOnly.status = { phase: 'Running' };
    expect(cache.upsert(statusOnly)).toBe(first);
    expect(cache.byIndex('nodeName', 'node-a')).toEqual([statusOnly]);
    expect(cache.byIndex('nodeName', 'node-a')[0]).toBe(statusOnly);
    expect(cache.byIndex('ownerUid', 'rs-1')[0]).toBe(statusOnly);

    const twoOwners = pod('p1', 'node-a', 'rs-1');
    twoOwners.metadata!.ownerReferences!.push({ apiVersion: 'v1', kind: 'Thing', name: 't', uid: 'rs-2' });
    cache.upsert(twoOwners);
    expect(cache.byIndex('ownerUid', 'rs-1')).toEqual([twoOwners]);
    expect(cache.byIndex('ownerUid', 'rs-2')).toEqual([twoOwners]);
    const otherOwner = pod('p1', 'node-a', 'rs-2');
    cache.upsert(otherOwner);
    expect(cache.byIndex('ownerUid', 'rs-1')).toEqual([]);
    expect(cache.byIndex('ownerUid', 'rs-2')).toEqual([otherOwner]);
    const unscheduled = pod('p1', undefined, 'rs-2');
    cache.upsert(unscheduled);
    expect(cache.byIndex('nodeName', 'node-a')).toEqual([]);
    expect(cache.byIndex('namespace', 'ns')).toEqual([unscheduled]);
    cache.remove(unscheduled);
    expect(cache.byIndex('ownerUid', 'rs-2')).toEqual([]);
    expect(cache.byIndex('namespace', 'ns')).toEqual([]);
  });
});
