import { describe, expect, it } from 'vitest';
import type { ResourceInfo } from '../../api/schema-types.js';
import { createSchemaWalker } from '../../machinery/schema-walk.js';
import type { ApiContext } from '../context.js';
import type { ApiRequest, ApiResponse } from '../http/types.js';
import { ServedResources } from '../served-resources.js';
import { handleDiscovery } from './index.js';
import { compareVersionPriority } from './version-priority.js';
import { storageVersionHash } from './storage-version-hash.js';

const crud = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const info = (overrides: Partial<ResourceInfo> & Pick<ResourceInfo, 'group' | 'version' | 'kind' | 'plural'>): ResourceInfo => ({
  listKind: `${overrides.kind}List`,
  singular: overrides.kind.toLowerCase(),
  namespaced: true,
  verbs: crud,
  subresources: [],
  shortNames: [],
  categories: [],
  definition: `x.${overrides.kind}`,
  ...overrides,
});

function servedFixture(): ServedResources {
  const served = new ServedResources();
  const walker = createSchemaWalker(() => undefined);
  const add = (i: ResourceInfo) => served.add({ info: i, schema: { type: 'object' }, walker });
  add(info({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', shortNames: ['po'], categories: ['all'],
    subresources: [{ name: 'status', kind: 'Pod', verbs: ['get', 'patch', 'update'] }] }));
  add(info({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'] }));
  add(info({ group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', shortNames: ['deploy'], categories: ['all'],
    subresources: [{ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] }] }));
  add(info({ group: 'example.com', version: 'v1alpha1', kind: 'Widget', plural: 'widgets' }));
  add(info({ group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets' }));
  add(info({ group: 'example.com', version: 'v1beta2', kind: 'Widget', plural: 'widgets' }));
  return served;
}

interface Captured { code: number; headers: Record<string, string>; body: any }

function request(served: ServedResources, path: string, accept?: string, method = 'GET', extraHeaders: Record<string, string> = {}): Captured | false {
  const captured: Captured = { code: 0, headers: {}, body: undefined };
  const res = {
    headersSent: false,
    writeHead(code: number, headers: Record<string, string>) { captured.code = code; captured.headers = headers; return this; },
    end(text?: string) { captured.body = text === undefined ? undefined : JSON.parse(text); },
  } as unknown as ApiResponse;
  const req = { method, headers: { host: '127.0.0.1:6443', ...(accept === undefined ? {} : { accept }), ...extraHeaders } } as unknown as ApiRequest;
  const ctx = { served } as ApiContext;
  return handleDiscovery(ctx, req, res, path) ? captured : false;
}

const KUBECTL_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('discovery', () => {
  it('orders versions as Kubernetes does', () => {
    expect(['v1alpha1', 'v2', 'foo', 'v1', 'v1beta2', 'v1beta1', 'v10'].sort(compareVersionPriority)).toEqual([
      'v10', 'v2', 'v1', 'v1beta2', 'v1beta1', 'v1alpha1', 'foo',
    ]);
  });

  it('leaves non-discovery paths to the router', () => {
    const served = servedFixture();
    expect(request(served, '/api/v1/pods')).toBe(false);
    expect(request(served, '/apis/apps/v1/deployments')).toBe(false);
    expect(request(served, '/healthz')).toBe(false);
    expect(request(served, '/api', undefined, 'POST')).toBe(false);
  });

  it('serves APIVersions on /api', () => {
    expect(request(servedFixture(), '/api', 'application/json')).toMatchObject({
      code: 200,
      headers: { vary: 'Accept', 'content-type': 'application/json' },
      body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] },
    });
  });

  it('serves an APIResourceList with subresources', () => {
    const result = request(servedFixture(), '/api/v1') as Captured;
    expect(result.code).toBe(200);
    expect(result.body).toEqual({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'v1',
      resources: [
        { name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', verbs: crud, shortNames: ['ns'], storageVersionHash: storageVersionHash('', 'v1', 'Namespace') },
        { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: crud, shortNames: ['po'], categories: ['all'], storageVersionHash: storageVersionHash('', 'v1', 'Pod') },
        { name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] },
      ],
    });
    const apps = request(servedFixture(), '/apis/apps/v1') as Captured;
    expect(apps.body.resources[1]).toEqual({
      name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'],
    });
  });

  it('serves groups with the preferred version first', () => {
    const list = request(servedFixture(), '/apis') as Captured;
    expect(list.body).toEqual({
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [
        { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } },
        {
          name: 'example.com',
          versions: [
            { groupVersion: 'example.com/v1', version: 'v1' },
            { groupVersion: 'example.com/v1beta2', version: 'v1beta2' },
            { groupVersion: 'example.com/v1alpha1', version: 'v1alpha1' },
          ],
          preferredVersion: { groupVersion: 'example.com/v1', version: 'v1' },
        },
      ],
    });
    expect((request(servedFixture(), '/apis/apps') as Captured).body).toEqual({
      kind: 'APIGroup', apiVersion: 'v1', name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
  });

  it('answers 404 Status for unknown groups and versions', () => {
    for (const path of ['/apis/nope', '/apis/apps/v9', '/api/v2']) {
      const result = request(servedFixture(), path) as Captured;
      expect(result.code).toBe(404);
      expect(result.body).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
    }
  });

  it('serves aggregated discovery v2 to kubectl with the profile echoed', () => {
    const result = request(servedFixture(), '/apis', KUBECTL_ACCEPT) as Captured;
    expect(result.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(result.body.kind).toBe('APIGroupDiscoveryList');
    expect(result.body.apiVersion).toBe('apidiscovery.k8s.io/v2');
    expect(result.body.items[0]).toEqual({
      metadata: { name: 'apps', creationTimestamp: null },
      versions: [{
        version: 'v1',
        freshness: 'Current',
        resources: [{
          resource: 'deployments',
          responseKind: { group: '', version: '', kind: 'Deployment' },
          scope: 'Namespaced',
          singularResource: 'deployment',
          verbs: crud,
          shortNames: ['deploy'],
          categories: ['all'],
          subresources: [{ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] }],
        }],
      }],
    });
    expect(result.body.items[1].versions.map((v: { version: string }) => v.version)).toEqual(['v1', 'v1beta2', 'v1alpha1']);
    const core = request(servedFixture(), '/api', 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList') as Captured;
    expect(core.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
    expect(core.body.items.map((item: any) => item.metadata)).toEqual([{ creationTimestamp: null }]);
  });

  it('refuses media types it cannot produce with 406', () => {
    const result = request(servedFixture(), '/apis', 'application/vnd.kubernetes.protobuf') as Captured;
    expect(result.code).toBe(406);
    expect(result.body.reason).toBe('NotAcceptable');
  });

  it('answers 304 to a client revalidating with the ETag, until something changes', () => {
    const served = servedFixture();
    const first = request(served, '/apis', KUBECTL_ACCEPT) as Captured;
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = request(served, '/apis', KUBECTL_ACCEPT, 'GET', { 'if-none-match': etag }) as Captured;
    expect(again.code).toBe(304);
    expect(again.body).toBeUndefined();
    served.remove('apps', 'v1', 'deployments');
    const changed = request(served, '/apis', KUBECTL_ACCEPT, 'GET', { 'if-none-match': etag }) as Captured;
    expect(changed.code).toBe(200);
    expect(changed.body.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual(['example.com']);
  });

  it('shows a resource added later', () => {
    const served = servedFixture();
    served.add({ info: info({ group: 'stable.example.com', version: 'v1', kind: 'CronTab', plural: 'crontabs', shortNames: ['ct'] }), schema: {}, walker: createSchemaWalker(() => undefined) });
    const groups = (request(served, '/apis') as Captured).body.groups.map((g: { name: string }) => g.name);
    expect(groups).toContain('stable.example.com');
  });
});
