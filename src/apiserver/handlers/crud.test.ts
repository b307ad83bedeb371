import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock: () => new Date('2026-01-02T03:04:05.678Z') });
});
afterAll(async () => {
  await t.close();
});

const cm = (name: string, data: Record<string, string> = { a: '1' }, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...extra },
  data,
});

describe('create and get', () => {
  it('creates with server-owned metadata and reads it back', async () => {
    const created = await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: cm('one'), headers: { 'user-agent': 'crud-test/1.0 (linux)' } });
    expect(created.status).toBe(201);
    const { uid, resourceVersion, managedFields } = created.json.metadata;
    expect(managedFields).toEqual([
      { manager: 'crud-test', operation: 'Update', apiVersion: 'v1', time: '2026-01-02T03:04:05Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } } },
    ]);
    expect(uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(resourceVersion).toMatch(/^\d+$/);
    expect(created.json).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'one', namespace: 'default', uid, resourceVersion, creationTimestamp: '2026-01-02T03:04:05Z', managedFields },
      data: { a: '1' },
    });
    const got = await t.request('GET', '/api/v1/namespaces/default/configmaps/one');
    expect(got.status).toBe(200);
    expect(got.json).toEqual(created.json);
    const stored = await t.store.get('/registry/configmaps/default/one');
    expect(JSON.parse(stored.kv!.value).metadata.resourceVersion).toBeUndefined();
    expect(String(stored.kv!.modRevision)).toBe(resourceVersion);
  });

  it('sets generation 1 on kinds that track it and stores under upstream keys', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    };
    const res = await t.request('POST', '/apis/apps/v1/namespaces/default/deployments', { body: deployment });
    expect(res.status).toBe(201);
    expect(res.json.metadata.generation).toBe(1);
    expect((await t.store.get('/registry/deployments/default/web')).kv).not.toBeNull();
  });

  it('accepts YAML bodies', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n';
    const res = await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: yaml, contentType: 'application/yaml' });
    expect(res.status).toBe(201);
    expect(res.json.data).toEqual({ k: 'v' });
  });

  it('answers YAML when asked', async () => {
    const res = await t.request('GET', '/api/v1/namespaces/default/configmaps/from-yaml', { headers: { accept: 'application/yaml' } });
    expect(res.headers['content-type']).toBe('application/yaml');
    expect(res.text).toContain('name: from-yaml');
  });

  it('generates names from generateName', async () => {
    const res = await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: { ...cm(''), metadata: { generateName: 'gen-' } } });
    expect(res.status).toBe(201);
    expect(res.json.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(res.json.metadata.generateName).toBe('gen-');
  });

  it('rejects duplicates with 409 AlreadyExists', async () => {
    const res = await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: cm('one') });
    expect(res.status).toBe(409);
    expect(res.json).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'configmaps "one" already exists', reason: 'AlreadyExists', details: { name: 'one', kind: 'configmaps' }, code: 409,
    });
  });

  it('404s on missing objects with the upstream message', async () => {
    const res = await t.request('GET', '/apis/apps/v1/namespaces/default/deployments/nope');
    expect(res.status).toBe(404);
    expect(res.json.message).toBe('deployments.apps "nope" not found');
    expect(res.json.details).toEqual({ name: 'nope', group: 'apps', kind: 'deployments' });
  });

  it('refuses a missing namespace and a terminating one', async () => {
    const missing = await t.request('POST', '/api/v1/namespaces/ghost/configmaps', { body: cm('x') });
    expect(missing.status).toBe(404);
    expect(missing.json.message).toBe('namespaces "ghost" not found');
    await t.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } } });
    const del = await t.request('DELETE', '/api/v1/namespaces/doomed');
    expect(del.status).toBe(200);
    expect(del.json.status.phase).toBe('Terminating');
    const refused = await t.request('POST', '/api/v1/namespaces/doomed/configmaps', { body: cm('x') });
    expect(refused.status).toBe(403);
    expect(refused.json.message).toBe('configmaps "x" is forbidden: unable to create new content in namespace doomed because it is being terminated');
  });

  it('validates metadata with 422 and causes', async () => {
    const res = await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: cm('Bad_Name') });
    expect(res.status).toBe(422);
    expect(res.json.reason).toBe('Invalid');
    expect(res.json.message).toMatch(/^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": /);
    expect(res.json.details.causes[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'metadata.name' });
    const noName = await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } });
    expect(noName.status).toBe(422);
    expect(noName.json.message).toBe('ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required');
  });

  it('rejects malformed bodies with 400 and a position', async () => {
    const res = await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: '{"apiVersion": "v1",\n  "kind": }' });
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/line 2, column/);
    const wrongKind = await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } } });
    expect(wrongKind.status).toBe(400);
    const wrongNs = await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: cm('x', {}, { namespace: 'other' }) });
    expect(wrongNs.json.message).toBe('the namespace of the provided object does not match the namespace sent on the request');
  });

  it('supports dryRun=All without writing', async () => {
    const res = await t.request('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', { body: cm('dry') });
    expect(res.status).toBe(201);
    expect(res.json.metadata.uid).toBeDefined();
    expect((await t.request('GET', '/api/v1/namespaces/default/configmaps/dry')).status).toBe(404);
  });

  it('answers 415 for unknown body types and 406 for protobuf-only Accept', async () => {
    expect((await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: 'x', contentType: 'text/plain' })).status).toBe(415);
    expect((await t.request('GET', '/api/v1/namespaces/default/configmaps/one', { headers: { accept: 'application/vnd.kubernetes.protobuf' } })).status).toBe(406);
    const both = await t.request('GET', '/api/v1/namespaces/default/configmaps/one', { headers: { accept: 'application/vnd.kubernetes.protobuf,application/json' } });
    expect(both.status).toBe(200);
  });

  it('only lists and watches namespaced resources across namespaces', async () => {
    expect((await t.request('DELETE', '/api/v1/configmaps')).status).toBe(405);
    expect((await t.request('POST', '/api/v1/configmaps', { body: cm('x', {}, { namespace: 'default' }) })).status).toBe(405);
    expect((await t.request('GET', '/api/v1/configmaps')).status).toBe(200);
  });

  it('answers 413 for bodies over 3 MiB', async () => {
    const res = await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: cm('big', { x: 'y'.repeat(3 * 1024 * 1024) }) });
    expect(res.status).toBe(413);
    expect(res.json.reason).toBe('RequestEntityTooLarge');
    const overHttp2 = await t.http2('POST', '/api/v1/namespaces/default/configmaps', { body: cm('big', { x: 'y'.repeat(4 * 1024 * 1024) }) });
    expect(overHttp2.status).toBe(413);
    expect((await t.request('GET', '/api/v1/namespaces/default/configmaps/one')).status).toBe(200);
  });
});

describe('update', () => {
  it('updates conditionally and answers 409 on a stale resourceVersion', async () => {
    const created = (await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: cm('upd') })).json;
    const updated = await t.request('PUT', '/api/v1/namespaces/default/configmaps/upd', { body: { ...created, data: { a: '2' } } });
    expect(updated.status).toBe(200);
    expect(updated.json.data).toEqual({ a: '2' });
    expect(Number(updated.json.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    expect(updated.json.metadata.uid).toBe(created.metadata.uid);
    expect(updated.json.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
    const stale = await t.request('PUT', '/api/v1/namespaces/default/configmaps/upd', { body: { ...created, data: { a: '3' } } });
    expect(stale.status).toBe(409);
    expect(stale.json.message).toBe('Operation cannot be fulfilled on configmaps "upd": the object has been modified; please apply your changes to the latest version and try again');
    const { resourceVersion: _rv, ...metadata } = created.metadata;
    const unconditional = await t.request('PUT', '/api/v1/namespaces/default/configmaps/upd', { body: { ...created, metadata, data: { a: '4' } } });
    expect(unconditional.status).toBe(200);
    expect(unconditional.json.data).toEqual({ a: '4' });
  });

  it('bumps generation on spec changes only and ignores status on the main resource', async () => {
    const body = {
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' },
      spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    };
    const created = (await t.request('POST', '/apis/apps/v1/namespaces/default/replicasets', { body })).json;
    expect(created.metadata.generation).toBe(1);
    const labelsOnly = (await t.request('PUT', '/apis/apps/v1/namespaces/default/replicasets/rs', { body: { ...created, metadata: { ...created.metadata, labels: { x: 'y' } }, status: { replicas: 5 } } })).json;
    expect(labelsOnly.metadata.generation).toBe(1);
    expect(labelsOnly.status).toEqual({ replicas: 0 });
    const scaled = (await t.request('PUT', '/apis/apps/v1/namespaces/default/replicasets/rs', { body: { ...labelsOnly, spec: { ...labelsOnly.spec, replicas: 3 } } })).json;
    expect(scaled.metadata.generation).toBe(2);
    const status = await t.request('PUT', '/apis/apps/v1/namespaces/default/replicasets/rs/status', { body: { ...scaled, spec: { ...scaled.spec, replicas: 9 }, status: { replicas: 3 } } });
    expect(status.status).toBe(200);
    expect(status.json.status).toEqual({ replicas: 3 });
    expect(status.json.spec.replicas).toBe(3);
    expect(status.json.metadata.generation).toBe(2);
  });

  it('404s when updating a missing object', async () => {
    const res = await t.request('PUT', '/api/v1/namespaces/default/configmaps/missing', { body: cm('missing') });
    expect(res.status).toBe(404);
  });
});
