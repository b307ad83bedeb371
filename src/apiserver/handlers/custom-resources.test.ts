import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let t: TestServer;

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', properties: { replicas: { type: 'integer', default: 1 }, color: { type: 'string', enum: ['red', 'blue'] } } },
              status: { type: 'object', properties: { replicas: { type: 'integer' } } },
            },
          },
        },
      },
    ],
  },
};
const widgets = '/apis/example.com/v1/namespaces/default/widgets';

async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not reached');
}

beforeAll(async () => {
  t = await startTestServer();
  const res = await t.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: crd });
  expect(res.status).toBe(201);
  await eventually(async () => ((await t.request('GET', widgets)).status === 200 ? true : undefined));
});
afterAll(async () => {
  await t.close();
});

describe('custom resources', () => {
  it('creates with defaults and stores under the group-qualified key', async () => {
    const res = await t.request('POST', widgets, { body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { color: 'red' }, status: { replicas: 9 } } });
    expect(res.status).toBe(201);
    expect(res.json.spec).toEqual({ replicas: 1, color: 'red' });
    expect(res.json.status).toBeUndefined();
    expect(res.json.metadata.generation).toBe(1);
    expect((await t.store.get('/registry/example.com/widgets/default/w1')).kv).not.toBeNull();
  });

  it('validates against the schema with 422 and prunes unknown fields', async () => {
    const bad = await t.request('POST', widgets, { body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w2' }, spec: { color: 'green' } } });
    expect(bad.status).toBe(422);
    expect(bad.json.details.causes[0].field).toBe('spec.color');
    const strict = await t.request('POST', `${widgets}?fieldValidation=Strict`, { body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w2' }, spec: { size: 3 } } });
    expect(strict.status).toBe(400);
    expect(strict.json.message).toContain('unknown field "spec.size"');
  });

  it('refuses strategic merge patch with 415 but takes merge patch', async () => {
    const smp = await t.request('PATCH', `${widgets}/w1`, { body: { spec: { color: 'blue' } }, contentType: 'application/strategic-merge-patch+json' });
    expect(smp.status).toBe(415);
    const merge = await t.request('PATCH', `${widgets}/w1`, { body: { spec: { color: 'blue' } }, contentType: 'application/merge-patch+json' });
    expect([merge.status, merge.json.spec.color, merge.json.metadata.generation]).toEqual([200, 'blue', 2]);
  });

  it('serves status and scale subresources', async () => {
    const status = await t.request('PATCH', `${widgets}/w1/status`, { body: { status: { replicas: 1 } }, contentType: 'application/merge-patch+json' });
    expect([status.status, status.json.status, status.json.metadata.generation]).toEqual([200, { replicas: 1 }, 2]);
    const scale = await t.request('GET', `${widgets}/w1/scale`);
    expect(scale.json.spec).toEqual({ replicas: 1 });
    expect(scale.json.status).toEqual({ replicas: 1 });
    const scaled = await t.request('PATCH', `${widgets}/w1/scale`, { body: { spec: { replicas: 4 } }, contentType: 'application/merge-patch+json' });
    expect(scaled.json.spec.replicas).toBe(4);
    expect((await t.request('GET', `${widgets}/w1`)).json.spec.replicas).toBe(4);
  });

  it('lists and deletes custom resources, answering with the object', async () => {
    const list = await t.request('GET', widgets);
    expect(list.json.kind).toBe('WidgetList');
    expect(list.json.items.map((w: { metadata: { name: string } }) => w.metadata.name)).toEqual(['w1']);
    const del = await t.request('DELETE', `${widgets}/w1`);
    expect([del.status, del.json.kind]).toEqual([200, 'Widget']);
  });
});
