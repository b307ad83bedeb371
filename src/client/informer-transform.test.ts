import { describe, expect, it } from 'vitest';
import type { ConfigMap } from '../api/index.js';
import { Informer } from './informer.js';
import { FakeApi } from './testing/fake-api.js';
import { FakeClock, settle } from './testing/fake-clock.js';
import { dropManagedFields } from './transforms.js';

const managedFields = [{ manager: 'kubectl', operation: 'Apply' as const, apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:k': {} } } }];

function setup() {
  const api = new FakeApi();
  const configMaps = api.client().resource<ConfigMap>('v1', 'configmaps');
  const create = (name: string, data: Record<string, string> = {}) => configMaps.create({ metadata: { name, managedFields }, data });
  return { api, configMaps, create };
}

/** What handlers saw: the event, the name, and whether the object still had managedFields. */
function recordingHandler(log: string[]) {
  const shape = (object: ConfigMap) => `${object.metadata?.name}${object.metadata?.managedFields === undefined ? '' : '+mf'}`;
  return {
    onAdd: (object: ConfigMap) => log.push(`add ${shape(object)}`),
    onUpdate: (previous: ConfigMap, object: ConfigMap) => log.push(`update ${shape(previous)}->${shape(object)} ${JSON.stringify(object.data ?? {})}`),
    onDelete: (object: ConfigMap) => log.push(`delete ${shape(object)}`),
  };
}

describe('dropManagedFields', () => {
  it('returns a copy without metadata.managedFields and leaves its argument alone', () => {
    const object: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'n', resourceVersion: '7', managedFields }, data: { k: 'v' } };
    const trimmed = dropManagedFields(object);
    expect(trimmed).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'n', resourceVersion: '7' }, data: { k: 'v' } });
    expect(Object.keys(trimmed.metadata!)).toEqual(['name', 'namespace', 'resourceVersion']);
    expect(object.metadata?.managedFields).toBe(managedFields);
    expect(dropManagedFields(trimmed)).toBe(trimmed);
    const bare: ConfigMap = { metadata: { name: 'b' } };
    expect(dropManagedFields(bare)).toBe(bare);
    expect(dropManagedFields({})).toEqual({});
  });
});

describe('Informer transform', () => {
  it('caches the transformed objects and hands them to handlers for lists, adds, updates and deletes', async () => {
    const { api, configMaps, create } = setup();
    await create('listed');
    const informer = new Informer(configMaps, { transform: dropManagedFields });
    const log: string[] = [];
    informer.addEventHandler(recordingHandler(log));
    informer.start();
    await informer.waitForSync();
    await create('watched');
    await configMaps.patch('listed', { data: { k: 'v' } }, { type: 'merge' });
    await configMaps.delete('watched');
    await settle();
    expect(log).toEqual(['add listed', 'add watched', 'update listed->listed {"k":"v"}', 'delete watched']);
    expect(informer.cache.list()).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: expect.not.objectContaining({ managedFields: expect.anything() }), data: { k: 'v' } },
    ]);
    expect(informer.cache.get('default/listed')?.metadata).toEqual({
      name: 'listed',
      namespace: 'default',
      uid: expect.any(String),
      resourceVersion: expect.any(String),
      creationTimestamp: expect.any(String),
    });
    expect(informer.cache.byIndex('namespace', 'default').map((object) => object.metadata?.name)).toEqual(['listed']);
    // What the server keeps is untouched.
    expect((await configMaps.get('listed')).metadata?.managedFields).toEqual(managedFields);
    await informer.stop();
    expect(api.openWatches).toBe(0);
  });

  it('without a transform caches objects as they arrive', async () => {
    const { configMaps, create } = setup();
    await create('a');
    const informer = new Informer(configMaps);
    informer.start();
    await informer.waitForSync();
    expect(informer.cache.get('default/a')?.metadata?.managedFields).toEqual(managedFields);
    await informer.stop();
  });

  it('relists after 410 Gone with the transform applied, then watches from the new list', async () => {
    const { api, configMaps, create } = setup();
    const clock = new FakeClock();
    await create('kept');
    await create('changed');
    await create('removed');
    const errors: unknown[] = [];
    const informer = new Informer(configMaps, { transform: dropManagedFields, clock, onError: (error) => errors.push(error) });
    const log: string[] = [];
    informer.addEventHandler(recordingHandler(log));
    informer.start();
    await informer.waitForSync();
    log.length = 0;

    // The watch ends and cannot be resumed at once (the watcher backs off on the fake clock), the
    // objects change meanwhile, and the history is compacted: the resumed watch gets 410 Gone.
    const unavailable = { kind: 'Status' as const, apiVersion: 'v1' as const, metadata: {}, status: 'Failure' as const, code: 503, reason: 'ServiceUnavailable', message: 'later' };
    api.failNext((request) => request.query?.watch === true, unavailable);
    api.dropWatches();
    await settle();
    expect(errors).toEqual([expect.objectContaining({ code: 503 })]);
    await configMaps.patch('changed', { data: { v: '2' } }, { type: 'merge' });
    await configMaps.delete('removed');
    await create('new');
    api.compact();
    await clock.advance(60_000);
    expect(errors).toEqual([expect.objectContaining({ code: 503 }), expect.objectContaining({ code: 410 })]);
    expect(log).toEqual(['update changed->changed {"v":"2"}', 'add new', 'delete removed']);
    expect(informer.cache.keys().sort()).toEqual(['default/changed', 'default/kept', 'default/new']);
    expect(informer.cache.list().filter((object) => object.metadata?.managedFields !== undefined)).toEqual([]);

    log.length = 0;
    await create('after');
    await settle();
    expect(log).toEqual(['add after']);
    // The watch after the relist starts from the relist's resourceVersion (the last write before it).
    const watches = api.requests.filter((request) => request.query?.watch === true);
    expect(String(watches.at(-1)?.query?.resourceVersion)).toBe(informer.cache.get('default/new')?.metadata?.resourceVersion);
    await informer.stop();
  });

  it('keeps the resourceVersion that bookmarks move, and resumes the watch from it', async () => {
    const { api, configMaps, create } = setup();
    await create('a');
    const informer = new Informer(configMaps, { transform: dropManagedFields });
    informer.start();
    await informer.waitForSync();
    await configMaps.create({ metadata: { name: 'other', namespace: 'elsewhere' } });
    await settle();
    const watchesBefore = api.requests.filter((request) => request.query?.watch === true).length;
    api.bookmark();
    await settle();
    const bookmarked = String((await configMaps.list()).metadata?.resourceVersion);
    api.dropWatches();
    for (let turn = 0; turn < 100 && api.requests.filter((request) => request.query?.watch === true).length === watchesBefore; turn++) await settle();
    const watches = api.requests.filter((request) => request.query?.watch === true);
    expect(watches).toHaveLength(watchesBefore + 1);
    expect(String(watches.at(-1)?.query?.resourceVersion)).toBe(bookmarked);
    expect(informer.cache.keys().sort()).toEqual(['default/a', 'elsewhere/other']);
    await informer.stop();
  });

  it('reports a transform that throws and caches the object as it arrived', () => {
    const { configMaps } = setup();
    const errors: unknown[] = [];
    const informer = new Informer(configMaps, {
      transform: (object) => {
        if (object.metadata?.name === 'bad') throw new Error('transform bug');
        return dropManagedFields(object);
      },
      onError: (error) => errors.push(error),
    });
    const log: string[] = [];
    informer.addEventHandler(recordingHandler(log));
    informer.apply({ type: 'Init' });
    informer.apply({ type: 'InitDone' });
    informer.apply({ type: 'Apply', object: { metadata: { name: 'bad', namespace: 'n', managedFields } } });
    informer.apply({ type: 'Apply', object: { metadata: { name: 'good', namespace: 'n', managedFields } } });
    expect(log).toEqual(['add bad+mf', 'add good']);
    expect(errors).toEqual([new Error('transform bug')]);
    expect(informer.cache.keys()).toEqual(['n/bad', 'n/good']);
  });

  it('informers with the same transform share its result for the same decoded object', () => {
    const { configMaps } = setup();
    const first = new Informer(configMaps, { transform: dropManagedFields });
    const second = new Informer(configMaps, { transform: dropManagedFields });
    let calls = 0;
    const counting = (object: ConfigMap) => {
      calls++;
      return dropManagedFields(object);
    };
    const third = new Informer(configMaps, { transform: counting });
    const decoded: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'n', resourceVersion: '5', managedFields } };
    for (const informer of [first, second, third]) informer.apply({ type: 'Apply', object: decoded });
    expect(first.cache.get('n/a')).toBe(second.cache.get('n/a'));
    expect(first.cache.get('n/a')).not.toBe(decoded);
    expect(third.cache.get('n/a')).toEqual(first.cache.get('n/a'));
    third.apply({ type: 'Apply', object: decoded });
    expect(calls).toBe(1);
    expect(decoded.metadata?.managedFields).toBe(managedFields);
  });
});
