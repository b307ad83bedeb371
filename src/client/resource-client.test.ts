import { describe, expect, it } from 'vitest';
import type { ConfigMap } from '../api/index.js';
import { ApiError } from './api-error.js';
import { Client } from './client.js';
import { FakeApi } from './testing/fake-api.js';
import { FakeClock } from './testing/fake-clock.js';
import type { TransportResponse } from './transport.js';

function setup() {
  const api = new FakeApi(() => Date.parse('2026-01-01T00:00:00Z'));
  const configMaps = api.client({ fieldManager: 'test' }).resource<ConfigMap>('v1', 'configmaps');
  return { api, configMaps };
}

describe('ResourceClient', () => {
  it('creates, gets, updates and deletes with the paths and bodies of the Kubernetes API', async () => {
    const { api, configMaps } = setup();
    const created = await configMaps.create({ metadata: { name: 'a', namespace: 'team' }, data: { k: 'v' } });
    expect(created).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'team' }, data: { k: 'v' } });
    expect(api.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/namespaces/team/configmaps',
      query: { fieldManager: 'test' },
      headers: { 'content-type': 'application/json' },
    });

    const fetched = await configMaps.get('a', { namespace: 'team' });
    expect(fetched.metadata?.uid).toBe(created.metadata?.uid);
    expect(api.requests[1]).toMatchObject({ method: 'GET', path: '/api/v1/namespaces/team/configmaps/a' });

    const updated = await configMaps.update({ ...fetched, data: { k: 'w' } });
    expect(updated.data).toEqual({ k: 'w' });
    expect(api.requests[2]).toMatchObject({ method: 'PUT', path: '/api/v1/namespaces/team/configmaps/a' });

    await configMaps.delete('a', { namespace: 'team', propagationPolicy: 'Foreground', gracePeriodSeconds: 0 });
    expect(api.requests[3]).toMatchObject({ method: 'DELETE', path: '/api/v1/namespaces/team/configmaps/a' });
    expect(JSON.parse(api.requests[3].body ?? '')).toEqual({ kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, propagationPolicy: 'Foreground' });
  });

  it('uses the client namespace when a call names none', async () => {
    const { api, configMaps } = setup();
    await configMaps.create({ metadata: { name: 'a' } });
    expect(api.requests[0].path).toBe('/api/v1/namespaces/default/configmaps');
  });

  it('builds paths for cluster-scoped and grouped resources', async () => {
    const api = new FakeApi();
    const client = api.client();
    await client.resource('v1', 'Namespace').create({ metadata: { name: 'x' } });
    await client.resource('apps/v1', 'deployments').list({ namespace: 'x', labelSelector: 'app=web' });
    await client.resource('coordination.k8s.io/v1', 'leases').list();
    expect(api.requests.map((request) => request.path)).toEqual([
      '/api/v1/namespaces',
      '/apis/apps/v1/namespaces/x/deployments',
      '/apis/coordination.k8s.io/v1/leases',
    ]);
    expect(api.requests[1].query).toMatchObject({ labelSelector: 'app=web' });
  });

  it('refuses an unknown resource with a message that says what to do', () => {
    const client = new FakeApi().client();
    expect(() => client.resource('v1', 'widgets')).toThrow(/no resource "widgets" in v1; for a custom resource pass a descriptor/);
  });

  it('surfaces errors as ApiError carrying the Status', async () => {
    const { configMaps } = setup();
    const error = await configMaps.get('missing').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toMatchObject({ kind: 'Status', code: 404, reason: 'NotFound', status: 'Failure' });
    await configMaps.create({ metadata: { name: 'a' } });
    const duplicate = await configMaps.create({ metadata: { name: 'a' } }).catch((caught: unknown) => caught);
    expect((duplicate as ApiError).code).toBe(409);
    expect((duplicate as ApiError).reason).toBe('AlreadyExists');
  });

  it('follows continue tokens across pages', async () => {
    const { api, configMaps } = setup();
    for (const name of ['a', 'b', 'c', 'd', 'e']) await configMaps.create({ metadata: { name } });
    const pages: string[][] = [];
    for await (const page of configMaps.pages({ namespace: 'default', limit: 2 })) pages.push(page.items.map((item) => item.metadata?.name ?? ''));
    expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    const all = await configMaps.listAll({ limit: 2 });
    expect(all.items.map((item) => item.metadata?.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(all.resourceVersion).toBe(String(api.currentRevision));
  });

  it('sends each patch type with its content type and apply with fieldManager and force', async () => {
    const { api, configMaps } = setup();
    await configMaps.create({ metadata: { name: 'a' }, data: { x: '1' } });
    await configMaps.patch('a', [{ op: 'add', path: '/data/y', value: '2' }], { type: 'json' });
    await configMaps.patch('a', { data: { z: '3' } }, { type: 'merge' });
    await configMaps.patch('a', { data: { w: '4' } }, { type: 'strategic' });
    const applied = await configMaps.apply({ metadata: { name: 'a' }, data: { v: '5' } }, { force: true, fieldManager: 'me' });
    expect(applied.data).toEqual({ x: '1', y: '2', z: '3', w: '4', v: '5' });
    const patches = api.requests.filter((request) => request.method === 'PATCH');
    expect(patches.map((request) => request.headers?.['content-type'])).toEqual([
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
      'application/apply-patch+yaml',
    ]);
    expect(patches[3].query).toMatchObject({ fieldManager: 'me', force: true });
    expect(JSON.parse(patches[3].body ?? '')).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { v: '5' } });
  });

  it('reports a JSON patch that does not apply as 422', async () => {
    const { configMaps } = setup();
    await configMaps.create({ metadata: { name: 'a' } });
    await expect(configMaps.patch('a', [{ op: 'replace', path: '/data/missing', value: 'x' }], { type: 'json' })).rejects.toMatchObject({
      name: 'ApiError',
      code: 422,
    });
  });

  it('refuses server-side apply without a field manager', async () => {
    const configMaps = new FakeApi().client().resource<ConfigMap>('v1', 'configmaps');
    await expect(configMaps.apply({ metadata: { name: 'a' } })).rejects.toThrow(/needs a fieldManager/);
  });

  it('updates the status subresource and deletes collections', async () => {
    const api = new FakeApi();
    const pods = api.client().resource('v1', 'pods');
    const pod = await pods.create({ metadata: { name: 'p' }, spec: { containers: [] } } as never);
    await pods.updateStatus({ ...pod, status: { phase: 'Running' } } as never);
    expect(api.requests[1]).toMatchObject({ method: 'PUT', path: '/api/v1/namespaces/default/pods/p/status' });
    expect(await pods.get('p')).toMatchObject({ status: { phase: 'Running' } });
    await pods.deleteCollection({ labelSelector: 'a=b', propagationPolicy: 'Background' });
    expect(api.requests[3]).toMatchObject({ method: 'DELETE', path: '/api/v1/namespaces/default/pods', query: { labelSelector: 'a=b' } });
  });

  it('watches: decodes the event stream and closes it', async () => {
    const { api, configMaps } = setup();
    const stream = await configMaps.watch({ namespace: 'default', resourceVersion: String(api.currentRevision) });
    await configMaps.create({ metadata: { name: 'a' } });
    await configMaps.patch('a', { data: { k: 'v' } }, { type: 'merge' });
    await configMaps.delete('a');
    const seen: string[] = [];
    for await (const event of stream) {
      seen.push(`${event.type} ${event.object.metadata?.name}`);
      if (seen.length === 3) stream.close();
    }
    expect(seen).toEqual(['ADDED a', 'MODIFIED a', 'DELETED a']);
    expect(api.requests.at(0)?.query).toMatchObject({ watch: true });
  });

  it('rejects a watch the server refuses with the ApiError', async () => {
    const { api, configMaps } = setup();
    api.failNext(() => true, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 403, reason: 'Forbidden', message: 'no' });
    await expect(configMaps.watch()).rejects.toMatchObject({ name: 'ApiError', code: 403, reason: 'Forbidden', message: 'no' });
  });

  it('posts and puts subresources (binding, scale)', async () => {
    const api = new FakeApi();
    const requests: string[] = [];
    const transport = {
      request: async (request: import('./transport.js').TransportRequest) => {
        requests.push(`${request.method} ${request.path} ${request.body}`);
        return { status: 201, headers: {}, body: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}' };
      },
      stream: api.stream.bind(api),
    };
    const client = new Client(transport);
    await client.resource('v1', 'pods').createSubresource('web-1', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web-1' }, target: { kind: 'Node', name: 'n1' } }, { namespace: 'shop' });
    await client.resource('apps/v1', 'deployments').updateSubresource('web', 'scale', { spec: { replicas: 3 } });
    expect(requests).toEqual([
      'POST /api/v1/namespaces/shop/pods/web-1/binding {"apiVersion":"v1","kind":"Binding","metadata":{"name":"web-1"},"target":{"kind":"Node","name":"n1"}}',
      'PUT /apis/apps/v1/namespaces/default/deployments/web/scale {"spec":{"replicas":3}}',
    ]);
  });

  it('says so when a success body is not JSON', async () => {
    const transport = { request: async () => ({ status: 200, headers: {}, body: '<html>' }), stream: async () => { throw new Error('unused'); } };
    await expect(new Client(transport).resource('v1', 'pods').get('x')).rejects.toThrow(
      'GET /api/v1/namespaces/default/pods/x: the server answered 200 with a body that is not JSON: <html>',
    );
  });

  it('waits as Retry-After asks on 429 (and 5xx with Retry-After), then gives the last answer', async () => {
    const clock = new FakeClock();
    const answers: TransportResponse[] = [
      { status: 429, headers: { 'retry-after': '2' }, body: '{"kind":"Status","code":429,"reason":"TooManyRequests","status":"Failure"}' },
      { status: 503, headers: { 'retry-after': '1' }, body: '{}' },
      { status: 200, headers: {}, body: '{"metadata":{"name":"x"}}' },
    ];
    const times: number[] = [];
    const transport = {
      request: async () => {
        times.push(clock.now());
        return answers.shift() ?? { status: 500, headers: {}, body: '{}' };
      },
      stream: async () => { throw new Error('unused'); },
    };
    const pods = new Client(transport, { retry: { clock } }).resource('v1', 'pods');
    const result = pods.get('x');
    await clock.advance(3000);
    expect(await result).toEqual({ metadata: { name: 'x' } });
    expect(times.map((time) => time - times[0])).toEqual([0, 2000, 3000]);
    const plain = new Client({ request: async () => ({ status: 500, headers: {}, body: '{}' }), stream: transport.stream }, { retry: { clock } });
    await expect(plain.resource('v1', 'pods').get('x')).rejects.toMatchObject({ code: 500 });
    const limited = new Client({ request: async () => ({ status: 429, headers: { 'retry-after': '1' }, body: '{}' }), stream: transport.stream }, { retry: { clock, maxRetries: 0 } });
    await expect(limited.resource('v1', 'pods').get('x')).rejects.toMatchObject({ code: 429, reason: 'TooManyRequests' });
  });

  it('does not retry a 429 or 5xx without a usable Retry-After (client-go retries only when the server asks)', async () => {
    const clock = new FakeClock();
    const answers: { status: number; headers: Record<string, string>; body: string }[] = [
      { status: 429, headers: {}, body: '{"kind":"Status","code":429,"reason":"TooManyRequests","status":"Failure","message":"slow down"}' },
      { status: 429, headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }, body: '{}' },
      { status: 503, headers: {}, body: '{}' },
    ];
    for (const answer of answers) {
      let calls = 0;
      const client = new Client(
        { request: async () => (calls++, answer), stream: async () => { throw new Error('unused'); } },
        { retry: { clock } },
      );
      await expect(client.resource('v1', 'pods').get('x')).rejects.toMatchObject({ code: answer.status });
      expect(calls).toBe(1);
    }
  });
});
