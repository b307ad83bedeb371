import { describe, expect, it } from 'vitest';
import { definition } from '../../api/index.js';
import type { ApiContext } from '../context.js';
import type { ApiRequest, ApiResponse } from '../http/types.js';
import { builtinServedResources } from '../builtin-resources.js';
import { readCrd, servedFromCrd } from '../crd/index.js';
import { handleOpenApi } from './index.js';

interface Captured { code: number; headers: Record<string, string>; text: string }

function get(ctx: ApiContext, url: string, headers: Record<string, string> = {}): Captured {
  const captured: Captured = { code: 0, headers: {}, text: '' };
  const res = {
    headersSent: false,
    writeHead(code: number, h: Record<string, string>) { captured.code = code; captured.headers = h; return this; },
    end(text?: string) { captured.text = text ?? ''; },
  } as unknown as ApiResponse;
  const req = { method: 'GET', url, headers } as unknown as ApiRequest;
  expect(handleOpenApi(ctx, req, res, url.split('?')[0])).toBe(true);
  return captured;
}

const crontabCrd = {
  metadata: { name: 'crontabs.stable.example.com' },
  spec: {
    group: 'stable.example.com', scope: 'Namespaced',
    names: { plural: 'crontabs', kind: 'CronTab', shortNames: ['ct'] },
    versions: [{
      name: 'v1', served: true, storage: true,
      schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', description: 'The cron spec.', properties: { cronSpec: { type: 'string', pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$' }, replicas: { type: 'integer', minimum: 1 } } } } } },
    }],
  },
};

function context(): ApiContext {
  const served = builtinServedResources();
  for (const resource of servedFromCrd(readCrd(crontabCrd), (ref) => definition(ref))) served.add(resource);
  return { served } as ApiContext;
}

describe('OpenAPI', () => {
  it('indexes every served group/version with a hash URL', () => {
    const ctx = context();
    const index = get(ctx, '/openapi/v3');
    expect(index.code).toBe(200);
    const paths = JSON.parse(index.text).paths as Record<string, { serverRelativeURL: string }>;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/stable.example.com/v1', 'apis/apiextensions.k8s.io/v1']));
    expect(paths['apis/apps/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);

    const url = paths['apis/apps/v1'].serverRelativeURL;
    const document = get(ctx, url);
    expect(document.code).toBe(200);
    expect(document.headers['cache-control']).toBe('public, immutable');
    expect(document.headers.etag).toBe(`"${url.split('hash=')[1]}"`);
    expect(get(ctx, url, { 'if-none-match': document.headers.etag }).code).toBe(304);
    const stale = get(ctx, '/openapi/v3/apis/apps/v1?hash=ABC');
    expect(stale.code).toBe(301);
    expect(stale.headers.location).toBe(url);
  });

  it('changes the hash of a group/version only when what it serves changes', () => {
    const ctx = context();
    const before = JSON.parse(get(ctx, '/openapi/v3').text).paths;
    const changed = structuredClone(crontabCrd);
    (changed.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties as Record<string, unknown>).suspend = { type: 'boolean' };
    for (const resource of servedFromCrd(readCrd(changed), (ref) => definition(ref))) ctx.served.add(resource);
    const after = JSON.parse(get(ctx, '/openapi/v3').text).paths;
    expect(after['apis/apps/v1']).toEqual(before['apis/apps/v1']);
    expect(after['apis/stable.example.com/v1']).not.toEqual(before['apis/stable.example.com/v1']);
    const doc = JSON.parse(get(ctx, after['apis/stable.example.com/v1'].serverRelativeURL).text);
    expect(doc.components.schemas['com.example.stable.v1.CronTab'].properties.spec.properties.suspend).toEqual({ type: 'boolean' });
  });

  it('publishes built-in schemas with group-version-kind and PATCH operations kubectl checks for fieldValidation', () => {
    const doc = JSON.parse(get(context(), '/openapi/v3/apis/apps/v1').text);
    const deployment = doc.components.schemas['io.k8s.api.apps.v1.Deployment'];
    expect(deployment['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    expect(deployment.properties.metadata).toEqual({ allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }], default: {}, description: expect.any(String) });
    expect(doc.components.schemas['io.k8s.api.apps.v1.DeploymentStrategy']).toBeDefined();
    expect(doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch.parameters.map((p: { name: string }) => p.name)).toEqual(['dryRun', 'fieldManager', 'fieldValidation', 'force']);
    expect(Object.keys(patch.requestBody.content)).toContain('application/strategic-merge-patch+json');
    expect(doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/io.k8s.api.autoscaling.v1.Scale',
    });
    expect(doc.paths['/apis/apps/v1/deployments'].get.operationId).toBe('listAppsV1DeploymentForAllNamespaces');
  });

  it('publishes CRD schemas under upstream names', () => {
    const doc = JSON.parse(get(context(), '/openapi/v3/apis/stable.example.com/v1').text);
    const crontab = doc.components.schemas['com.example.stable.v1.CronTab'];
    expect(crontab['x-kubernetes-group-version-kind']).toEqual([{ group: 'stable.example.com', version: 'v1', kind: 'CronTab' }]);
    expect(crontab.properties.spec).toEqual({
      type: 'object', description: 'The cron spec.',
      properties: { cronSpec: { type: 'string', pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$' }, replicas: { type: 'integer', minimum: 1 } },
    });
    // No strategic merge patch for custom resources: kubectl then sends JSON merge patches.
    expect(Object.keys(doc.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}'].patch.requestBody.content)).toEqual([
      'application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json',
    ]);
    expect(doc.components.schemas['com.example.stable.v1.CronTabList'].properties.items.items).toEqual({ $ref: '#/components/schemas/com.example.stable.v1.CronTab' });
    expect(Object.keys(doc.paths)).toEqual([
      '/apis/stable.example.com/v1/crontabs',
      '/apis/stable.example.com/v1/namespaces/{namespace}/crontabs',
      '/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}',
    ]);
  });

  it('serves Swagger 2.0 with definitions and refuses protobuf-only clients', () => {
    const ctx = context();
    const swagger = JSON.parse(get(ctx, '/openapi/v2').text);
    expect(swagger.swagger).toBe('2.0');
    expect(swagger.definitions['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind']).toEqual([{ group: '', kind: 'Pod', version: 'v1' }]);
    expect(swagger.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch.parameters[0]).toEqual({
      name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' },
    });
    expect(get(ctx, '/openapi/v2', { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' }).code).toBe(406);
    expect(get(ctx, '/openapi/v3/apis/nope/v1').code).toBe(404);
  });
});
