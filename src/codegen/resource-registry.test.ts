import { describe, expect, it } from 'vitest';
import { buildGroupVersions, buildResources, parseResourcePath, RegistryError } from './resource-registry.js';
import { mergeDefinitions } from './generate.js';
import type { SpecDocument } from './spec-documents.js';
import { autoscalingDocument, coreDocument } from './testing/fixture-documents.js';

const asSpec = (fileName: string, document: SpecDocument['document']): SpecDocument => ({ fileName, sha256: '0'.repeat(64), document });

describe('parseResourcePath', () => {
  it('reads group, version, scope, plural and subresource from upstream path patterns', () => {
    expect(parseResourcePath('/api/v1/namespaces/{namespace}/pods/{name}/log')).toEqual({
      group: '', version: 'v1', namespaced: true, plural: 'pods', object: true, subresource: 'log', watchPath: false,
    });
    expect(parseResourcePath('/apis/apps/v1/deployments')).toEqual({
      group: 'apps', version: 'v1', namespaced: false, plural: 'deployments', object: false, subresource: undefined, watchPath: false,
    });
    expect(parseResourcePath('/api/v1/namespaces/{name}/finalize')).toMatchObject({ namespaced: false, plural: 'namespaces', subresource: 'finalize' });
    expect(parseResourcePath('/api/v1/namespaces')).toMatchObject({ namespaced: false, plural: 'namespaces', object: false });
    expect(parseResourcePath('/api/v1/watch/namespaces/{namespace}/pods/{name}')).toMatchObject({ namespaced: true, object: true, watchPath: true });
    expect(parseResourcePath('/api/v1/nodes/{name}/proxy/{path}')).toMatchObject({ plural: 'nodes', subresource: 'proxy' });
    expect(parseResourcePath('/apis/apps/v1/')).toBeUndefined();
    expect(parseResourcePath('/version/')).toBeUndefined();
  });
});

describe('buildResources', () => {
  const documents = [asSpec('api__v1_openapi.json', coreDocument()), asSpec('apis__autoscaling__v1_openapi.json', autoscalingDocument('v1')), asSpec('apis__autoscaling__v2_openapi.json', autoscalingDocument('v2'))];
  const resources = buildResources(documents, mergeDefinitions(documents));

  it('derives scope, verbs, list kind, subresources and names from the paths', () => {
    expect(resources.find(({ plural }) => plural === 'pods')).toEqual({
      group: '',
      version: 'v1',
      kind: 'Pod',
      listKind: 'PodList',
      plural: 'pods',
      singular: 'pod',
      namespaced: true,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      subresources: [
        { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
        { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
        { name: 'log', kind: 'Pod', verbs: ['get'] },
        { name: 'status', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
      ],
      shortNames: ['po'],
      categories: ['all'],
      definition: 'io.k8s.api.core.v1.Pod',
    });
  });

  it('keeps cluster-scoped resources cluster-scoped and ignores HEAD/OPTIONS for verbs', () => {
    expect(resources.find(({ plural }) => plural === 'nodes')).toMatchObject({
      namespaced: false,
      verbs: ['create', 'delete', 'get', 'list'],
      listKind: 'NodeList',
      subresources: [{ name: 'proxy', kind: 'NodeProxyOptions', verbs: ['update'] }],
    });
  });

  it('orders resources core first, then by group, version priority and plural; prefers v2 over v1', () => {
    expect(resources.map(({ group, version, plural }) => `${group}/${version}/${plural}`)).toEqual([
      '/v1/nodes',
      '/v1/pods',
      'autoscaling/v2/horizontalpodautoscalers',
      'autoscaling/v1/horizontalpodautoscalers',
    ]);
    expect(buildGroupVersions(resources)).toEqual([
      { group: '', version: 'v1', preferred: true, enabledByDefault: true },
      { group: 'autoscaling', version: 'v2', preferred: true, enabledByDefault: true },
      { group: 'autoscaling', version: 'v1', preferred: false, enabledByDefault: true },
    ]);
  });

  it('refuses a resource whose kind has no definition, naming it', () => {
    const document = coreDocument();
    delete document.components!.schemas!['io.k8s.api.core.v1.Node'];
    const broken = [asSpec('api__v1_openapi.json', document)];
    expect(() => buildResources(broken, mergeDefinitions(broken))).toThrow(
      new RegistryError('core/v1 nodes: no definition has x-kubernetes-group-version-kind v1 Node'),
    );
  });

  it('refuses an unknown action, naming the document, method and path', () => {
    const document = coreDocument();
    (document.paths['/api/v1/nodes'] as Record<string, unknown>).get = { 'x-kubernetes-action': 'frobnicate', 'x-kubernetes-group-version-kind': { group: '', version: 'v1', kind: 'Node' } };
    const broken = [asSpec('api__v1_openapi.json', document)];
    expect(() => buildResources(broken, mergeDefinitions(broken))).toThrow('api__v1_openapi.json GET /api/v1/nodes: unexpected x-kubernetes-action "frobnicate"');
  });
});
