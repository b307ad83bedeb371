import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ watchProgressIntervalMs: 50 });
  await t.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'lw' } } });
  for (const [i, tier] of [[1, 'web'], [2, 'db'], [3, 'web'], [4, 'cache'], [5, 'web']] as const) {
    await t.request('POST', '/api/v1/namespaces/lw/configmaps', { body: { metadata: { name: `cm-${i}`, labels: { tier } } } });
  }
});
afterAll(async () => {
  await t.close();
});

const names = (list: { items: { metadata: { name: string } }[] }) => list.items.map((i) => i.metadata.name);
const base = '/api/v1/namespaces/lw/configmaps';

describe('list', () => {
  it('lists with the revision as resourceVersion', async () => {
    const res = await t.request('GET', base);
    expect(res.status).toBe(200);
    expect(res.json.kind).toBe('ConfigMapList');
    expect(res.json.apiVersion).toBe('v1');
    expect(names(res.json)).toEqual(['cm-1', 'cm-2', 'cm-3', 'cm-4', 'cm-5']);
    expect(res.json.metadata.resourceVersion).toBe(String(await t.store.currentRevision()));
  });

  it('filters by label and field selectors', async () => {
    expect(names((await t.request('GET', `${base}?labelSelector=tier%3Dweb`)).json)).toEqual(['cm-1', 'cm-3', 'cm-5']);
    expect(names((await t.request('GET', `${base}?labelSelector=tier+in+(db,cache)`)).json)).toEqual(['cm-2', 'cm-4']);
    expect(names((await t.request('GET', `${base}?fieldSelector=metadata.name%3Dcm-2`)).json)).toEqual(['cm-2']);
    expect(names((await t.request('GET', `${base}?fieldSelector=metadata.name!%3Dcm-2,metadata.namespace%3Dlw&labelSelector=tier%3Dweb`)).json)).toEqual(['cm-1', 'cm-3', 'cm-5']);
  });

  it('rejects unsupported field selectors and bad label selectors with 400', async () => {
    const res = await t.request('GET', `${base}?fieldSelector=spec.foo%3Dbar`);
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('field label not supported: spec.foo');
    expect((await t.request('GET', `${base}?labelSelector=%3D%3D%3D`)).status).toBe(400);
    expect((await t.request('GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dn1')).status).toBe(200);
  });

  it('lists across namespaces', async () => {
    const res = await t.request('GET', '/api/v1/configmaps?labelSelector=tier');
    expect(res.json.items).toHaveLength(5);
  });

  it('pages with limit and continue, pinned to the first revision', async () => {
    const first = (await t.request('GET', `${base}?limit=2`)).json;
    expect(names(first)).toEqual(['cm-1', 'cm-2']);
    expect(first.metadata.remainingItemCount).toBe(3);
    const rv = first.metadata.resourceVersion;
    const token = JSON.parse(Buffer.from(first.metadata.continue, 'base64').toString());
    expect(token).toEqual({ v: 'meta.k8s.io/v1', rv: Number(rv), start: 'cm-2' });
    await t.request('POST', `${base}`, { body: { metadata: { name: 'cm-6' } } });
    const second = (await t.request('GET', `${base}?limit=2&continue=${encodeURIComponent(first.metadata.continue)}`)).json;
    expect(names(second)).toEqual(['cm-3', 'cm-4']);
    expect(second.metadata.resourceVersion).toBe(rv);
    const third = (await t.request('GET', `${base}?limit=2&continue=${encodeURIComponent(second.metadata.continue)}`)).json;
    expect(names(third)).toEqual(['cm-5']);
    expect(third.metadata.continue).toBeUndefined();
    await t.request('DELETE', `${base}/cm-6`);
  });

  it('pages through filtered lists', async () => {
    const first = (await t.request('GET', `${base}?limit=2&labelSelector=tier%3Dweb`)).json;
    expect(names(first)).toEqual(['cm-1', 'cm-3']);
    expect(first.metadata.remainingItemCount).toBeUndefined();
    const second = (await t.request('GET', `${base}?limit=2&labelSelector=tier%3Dweb&continue=${encodeURIComponent(first.metadata.continue)}`)).json;
    expect(names(second)).toEqual(['cm-5']);
  });

  it('answers 410 for a compacted continue token and 400 for a garbled one', async () => {
    const first = (await t.request('GET', `${base}?limit=1`)).json;
    await t.request('POST', base, { body: { metadata: { name: 'cm-7' } } });
    await t.store.compact(await t.store.currentRevision());
    const res = await t.request('GET', `${base}?limit=1&continue=${encodeURIComponent(first.metadata.continue)}`);
    expect(res.status).toBe(410);
    expect(res.json.reason).toBe('Expired');
    expect((await t.request('GET', `${base}?limit=1&continue=garbage`)).status).toBe(400);
    await t.request('DELETE', `${base}/cm-7`);
  });

  it('reads an exact revision and refuses bad resourceVersion combinations', async () => {
    const before = (await t.request('GET', base)).json.metadata.resourceVersion;
    await t.request('POST', base, { body: { metadata: { name: 'cm-8' } } });
    const exact = await t.request('GET', `${base}?resourceVersion=${before}&resourceVersionMatch=Exact`);
    expect(names(exact.json)).not.toContain('cm-8');
    expect(exact.json.metadata.resourceVersion).toBe(before);
    const latest = await t.request('GET', `${base}?resourceVersion=0`);
    expect(names(latest.json)).toContain('cm-8');
    const forbidden = await t.request('GET', `${base}?resourceVersionMatch=Exact`);
    expect(forbidden.status).toBe(422);
    expect(forbidden.json.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
    expect((await t.request('GET', `${base}?resourceVersion=abc`)).status).toBe(400);
    expect((await t.request('GET', `${base}?resourceVersion=999999&resourceVersionMatch=NotOlderThan`)).status).toBe(504);
    await t.request('DELETE', `${base}/cm-8`);
  });

  it('renders Tables and metadata-only lists', async () => {
    const table = await t.request('GET', base, { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } });
    expect(table.json.kind).toBe('Table');
    expect(table.json.rows.map((r: { cells: unknown[] }) => r.cells[0])).toEqual(['cm-1', 'cm-2', 'cm-3', 'cm-4', 'cm-5']);
    const partial = await t.request('GET', base, { headers: { accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io' } });
    expect(partial.json.kind).toBe('PartialObjectMetadataList');
    expect(partial.json.items[0]).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: expect.objectContaining({ name: 'cm-1' }) });
  });
});

describe('watch', () => {
  it('sends the current state as ADDED, then changes', async () => {
    const watch = await t.watch(`${base}?watch=1&labelSelector=tier%3Dweb`);
    expect(watch.status).toBe(200);
    const initial = await watch.next(3);
    expect(initial.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'cm-1'], ['ADDED', 'cm-3'], ['ADDED', 'cm-5']]);
    await t.request('POST', base, { body: { metadata: { name: 'w-1', labels: { tier: 'web' } } } });
    await t.request('PATCH', `${base}/w-1`, { body: { data: { x: 'y' } }, contentType: 'application/merge-patch+json' });
    await t.request('PATCH', `${base}/w-1`, { body: { metadata: { labels: { tier: 'db' } } }, contentType: 'application/merge-patch+json' });
    await t.request('PATCH', `${base}/w-1`, { body: { metadata: { labels: { tier: 'web' } } }, contentType: 'application/merge-patch+json' });
    await t.request('DELETE', `${base}/w-1`);
    const events = (await watch.next(8)).slice(3);
    watch.close();
    expect(events.map((e) => [e.type, e.object.metadata.name, e.object.metadata.labels?.tier])).toEqual([
      ['ADDED', 'w-1', 'web'],
      ['MODIFIED', 'w-1', 'web'],
      ['DELETED', 'w-1', 'db'],
      ['ADDED', 'w-1', 'web'],
      ['DELETED', 'w-1', 'web'],
    ]);
    const revisions = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
  });

  it('resumes after a resourceVersion with no replay of older state, over HTTP/2 too', async () => {
    const rv = (await t.request('GET', base)).json.metadata.resourceVersion;
    await t.request('POST', base, { body: { metadata: { name: 'w-2' } } });
    for (const http2 of [false, true]) {
      const watch = await t.watch(`${base}?watch=true&resourceVersion=${rv}`, { http2 });
      const [event] = await watch.next(1);
      expect([event.type, event.object.metadata.name]).toEqual(['ADDED', 'w-2']);
      watch.close();
    }
    await t.request('DELETE', `${base}/w-2`);
  });

  it('watches one object by name and through the legacy /watch/ prefix', async () => {
    const watch = await t.watch('/api/v1/watch/namespaces/lw/configmaps/cm-2');
    const [event] = await watch.next(1);
    expect([event.type, event.object.metadata.name]).toEqual(['ADDED', 'cm-2']);
    watch.close();
  });

  it('sends bookmarks when allowed, and the initial-events-end bookmark', async () => {
    const watch = await t.watch(`${base}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&resourceVersion=&allowWatchBookmarks=true&labelSelector=tier%3Ddb`);
    const [added, end] = await watch.next(2);
    expect(added.type).toBe('ADDED');
    expect(end).toEqual({
      type: 'BOOKMARK',
      object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/), annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
    await t.request('POST', base, { body: { metadata: { name: 'w-3' } } });
    const events = await watch.next(3);
    watch.close();
    expect(events[2].type).toBe('BOOKMARK');
    expect(Object.keys(events[2].object.metadata)).toEqual(['resourceVersion']);
    await t.request('DELETE', `${base}/w-3`);
  });

  it('ends after timeoutSeconds', async () => {
    const watch = await t.watch(`${base}?watch=1&timeoutSeconds=1&labelSelector=none`);
    await watch.ended;
    expect(watch.events).toEqual([]);
  });

  it('reports a compacted resourceVersion as an in-band 410 ERROR', async () => {
    await t.request('POST', base, { body: { metadata: { name: 'w-4' } } });
    await t.request('DELETE', `${base}/w-4`);
    await t.store.compact(await t.store.currentRevision());
    const watch = await t.watch(`${base}?watch=1&resourceVersion=2`);
    const [event] = await watch.next(1);
    expect(event.type).toBe('ERROR');
    expect(event.object).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 });
    expect(event.object.message).toMatch(/^too old resource version: 2 \(\d+\)$/);
    await watch.ended;
  });

  it('renders watch events as Tables when asked', async () => {
    const watch = await t.watch(`${base}?watch=1&fieldSelector=metadata.name%3Dcm-1`, { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } });
    const [event] = await watch.next(1);
    watch.close();
    expect(event.type).toBe('ADDED');
    expect(event.object.kind).toBe('Table');
    expect(event.object.rows).toHaveLength(1);
  });

  it('survives watchers that vanish while events flow', async () => {
    const watches = await Promise.all(Array.from({ length: 10 }, (_, i) => t.watch(`${base}?watch=1`, { http2: i % 2 === 0 })));
    const writes = Array.from({ length: 10 }, (_, i) => t.request('POST', base, { body: { metadata: { name: `gone-${i}` } } }));
    for (const watch of watches) watch.close();
    await Promise.all(writes);
    expect((await t.request('GET', '/readyz')).text).toBe('ok');
    await t.request('DELETE', `${base}?labelSelector=!tier`);
  });
});
