// The API server over the real SQLite store (temp dir), driven with raw HTTPS and HTTP/2 clients:
// CRUD, optimistic concurrency, paging, watch resume and 410 after compaction.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/apiserver/testing/test-server.js';
import { createStore } from '../../src/store/index.js';

let dir: string;
let t: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'engenho-api-core-'));
  const store = await createStore({ sqlite: { path: join(dir, 'state.db'), synchronous: 'normal', progressIntervalMs: 100 } });
  t = await startTestServer({ store, watchProgressIntervalMs: 100 });
});
afterAll(async () => {
  await t.close();
  await t.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const cms = '/api/v1/namespaces/default/configmaps';

describe('API server on SQLite', () => {
  it('creates, reads, updates with conflicts and deletes', async () => {
    const created = await t.request('POST', cms, { body: { metadata: { name: 'a' }, data: { v: '1' } } });
    expect(created.status).toBe(201);
    const rv = created.json.metadata.resourceVersion;
    expect((await t.store.get('/registry/configmaps/default/a')).kv?.modRevision).toBe(Number(rv));
    const updated = await t.http2('PUT', `${cms}/a`, { body: { ...created.json, data: { v: '2' } } });
    expect(updated.status).toBe(200);
    const stale = await t.http2('PUT', `${cms}/a`, { body: { ...created.json, data: { v: '3' } } });
    expect(stale.status).toBe(409);
    const deleted = await t.request('DELETE', `${cms}/a`);
    expect(deleted.json.status).toBe('Success');
    expect((await t.request('GET', `${cms}/a`)).status).toBe(404);
  });

  it('pages a list at one revision', async () => {
    for (let i = 0; i < 7; i++) await t.request('POST', cms, { body: { metadata: { name: `p-${i}` } } });
    const names: string[] = [];
    let next = '';
    let revision: string | undefined;
    do {
      const page = (await t.request('GET', `${cms}?limit=3${next ? `&continue=${encodeURIComponent(next)}` : ''}`)).json;
      revision ??= page.metadata.resourceVersion;
      expect(page.metadata.resourceVersion).toBe(revision);
      names.push(...page.items.map((i: { metadata: { name: string } }) => i.metadata.name));
      next = page.metadata.continue ?? '';
      if (next !== '' && names.length === 3) await t.request('POST', cms, { body: { metadata: { name: 'p-late' } } });
    } while (next !== '');
    expect(names).toEqual(['p-0', 'p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-6']);
  });

  it('resumes a watch from a resourceVersion and reports 410 once compacted', async () => {
    const rv = (await t.request('GET', cms)).json.metadata.resourceVersion;
    await t.request('POST', cms, { body: { metadata: { name: 'w' } } });
    await t.request('DELETE', `${cms}/w`);
    const watch = await t.watch(`${cms}?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true`);
    const [added, deleted, bookmark] = await watch.next(3);
    watch.close();
    expect([added.type, added.object.metadata.name, deleted.type]).toEqual(['ADDED', 'w', 'DELETED']);
    expect(bookmark.type).toBe('BOOKMARK');
    await t.store.compact(await t.store.currentRevision());
    const expired = await t.watch(`${cms}?watch=1&resourceVersion=${rv}`);
    const [error] = await expired.next(1);
    expect(error.type).toBe('ERROR');
    expect(error.object.code).toBe(410);
  });

  it('points the kubernetes service at the current port after a restart', async () => {
    const second = await startTestServer({ store: t.store });
    try {
      const service = (await second.request('GET', '/api/v1/namespaces/default/services/kubernetes')).json;
      expect(service.spec.ports[0].targetPort).toBe(second.port);
      const endpoints = (await second.request('GET', '/api/v1/namespaces/default/endpoints/kubernetes')).json;
      expect(endpoints.subsets[0].ports[0].port).toBe(second.port);
    } finally {
      await second.close();
    }
  });
});
