import { describe, expect, it } from 'vitest';
import type { ConfigMap } from '../api/index.js';
import { FakeApi } from './testing/fake-api.js';
import { FakeClock, settle } from './testing/fake-clock.js';
import { Watcher, type WatcherEvent } from './watcher.js';

function summary(event: WatcherEvent<ConfigMap>): string {
  return 'object' in event ? `${event.type} ${event.object.metadata?.name}` : event.type;
}

async function steps(watcher: Watcher<ConfigMap>, count: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < count; i++) seen.push(summary(await watcher.step()));
  return seen;
}

function setup() {
  const api = new FakeApi();
  const configMaps = api.client().resource<ConfigMap>('v1', 'configmaps');
  return { api, configMaps };
}

describe('Watcher state machine', () => {
  it('lists in pages (Init, InitApply..., InitDone) then watches from the list resourceVersion with bookmarks', async () => {
    const { api, configMaps } = setup();
    for (const name of ['a', 'b', 'c']) await configMaps.create({ metadata: { name } });
    const listedAt = String(api.currentRevision);
    const watcher = new Watcher(configMaps, { pageSize: 2 });
    expect(watcher.state).toBe('Empty');
    expect(await steps(watcher, 5)).toEqual(['Init', 'InitApply a', 'InitApply b', 'InitApply c', 'InitDone']);
    expect(watcher.state).toBe('InitListed');
    expect(watcher.resourceVersion).toBe(listedAt);

    const next = watcher.step();
    await settle();
    await configMaps.create({ metadata: { name: 'd' } });
    expect(summary(await next)).toBe('Apply d');
    const watchRequest = api.requests.find((request) => request.query?.watch === true);
    expect(watchRequest?.query).toMatchObject({ resourceVersion: listedAt, allowWatchBookmarks: true, timeoutSeconds: 290 });
    const lists = api.requests.filter((request) => request.method === 'GET' && request.query?.watch === undefined);
    expect(lists.map((request) => request.query?.continue)).toEqual([undefined, `${listedAt}:2`]);
    watcher.close();
  });

  it('emits Apply for additions and changes, Delete for deletions, and fills apiVersion and kind', async () => {
    const { configMaps } = setup();
    const watcher = new Watcher(configMaps);
    expect(await steps(watcher, 2)).toEqual(['Init', 'InitDone']);
    const pending = steps(watcher, 3);
    await settle();
    await configMaps.create({ metadata: { name: 'a' } });
    await configMaps.patch('a', { data: { k: 'v' } }, { type: 'merge' });
    await configMaps.delete('a');
    expect(await pending).toEqual(['Apply a', 'Apply a', 'Delete a']);
    watcher.close();
  });

  it('resumes from the last resourceVersion seen (bookmarks included) when a watch ends', async () => {
    const { api, configMaps } = setup();
    const watcher = new Watcher(configMaps);
    await steps(watcher, 2);
    const first = watcher.step();
    await settle();
    await configMaps.create({ metadata: { name: 'a' } });
    await first;
    const afterA = String(api.currentRevision);
    await api.client().resource('v1', 'secrets').create({ metadata: { name: 'unrelated' } });
    api.bookmark();
    await settle();
    const bookmarked = String(api.currentRevision);
    expect(bookmarked).not.toBe(afterA);
    api.dropWatches();
    const second = watcher.step();
    await settle();
    await configMaps.create({ metadata: { name: 'b' } });
    expect(summary(await second)).toBe('Apply b');
    const watches = api.requests.filter((request) => request.query?.watch === true);
    expect(watches.map((request) => request.query?.resourceVersion)).toEqual(['1', bookmarked]);
    const lists = api.requests.filter((request) => request.method === 'GET' && request.query?.watch === undefined);
    expect(lists).toHaveLength(1);
    watcher.close();
  });

  it('relists from scratch after 410 Gone, so a cache can swap its contents', async () => {
    const { api, configMaps } = setup();
    await configMaps.create({ metadata: { name: 'a' } });
    const watcher = new Watcher(configMaps);
    expect(await steps(watcher, 3)).toEqual(['Init', 'InitApply a', 'InitDone']);
    api.dropWatches();
    await configMaps.delete('a');
    await configMaps.create({ metadata: { name: 'b' } });
    api.compact();
    await expect(watcher.step()).rejects.toMatchObject({ name: 'ApiError', code: 410 });
    expect(watcher.state).toBe('Empty');
    expect(await steps(watcher, 3)).toEqual(['Init', 'InitApply b', 'InitDone']);
    watcher.close();
  });

  it('restarts the list after a failed list, and retries the watch from the same version after other errors', async () => {
    const { api, configMaps } = setup();
    const failure = { kind: 'Status' as const, apiVersion: 'v1' as const, metadata: {}, status: 'Failure' as const, code: 500, reason: 'InternalError', message: 'boom' };
    api.failNext((request) => request.query?.watch === undefined, failure);
    const watcher = new Watcher(configMaps);
    expect(summary(await watcher.step())).toBe('Init');
    await expect(watcher.step()).rejects.toMatchObject({ code: 500 });
    expect(watcher.state).toBe('Empty');
    expect(await steps(watcher, 2)).toEqual(['Init', 'InitDone']);
    api.failNext((request) => request.query?.watch === true, failure);
    await expect(watcher.step()).rejects.toMatchObject({ code: 500 });
    expect(watcher.state).toBe('InitListed');
    watcher.close();
  });

  it('run() backs off exponentially on errors using the injected clock', async () => {
    const { api, configMaps } = setup();
    const clock = new FakeClock();
    const errors: number[] = [];
    const failure = { kind: 'Status' as const, apiVersion: 'v1' as const, metadata: {}, status: 'Failure' as const, code: 503, reason: 'ServiceUnavailable', message: 'later' };
    for (let i = 0; i < 3; i++) api.failNext((request) => request.query?.watch === undefined, failure);
    const watcher = new Watcher(configMaps, { clock, backoff: { initialMs: 100, maxMs: 1000 }, onError: () => errors.push(clock.now()) });
    const seen: string[] = [];
    const loop = (async () => {
      for await (const event of watcher) seen.push(summary(event));
    })();
    await settle();
    const start = clock.now();
    expect(errors.map((at) => at - start)).toEqual([0]);
    await clock.advance(99);
    expect(errors).toHaveLength(1);
    await clock.advance(1);
    expect(errors.map((at) => at - start)).toEqual([0, 100]);
    await clock.advance(200);
    expect(errors.map((at) => at - start)).toEqual([0, 100, 300]);
    await clock.advance(400);
    expect(seen).toEqual(['Init', 'Init', 'Init', 'Init', 'InitDone']);
    watcher.close();
    await loop;
  });
});
