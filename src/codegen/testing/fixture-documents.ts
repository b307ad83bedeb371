// Small OpenAPI v3 documents shaped like upstream's (same path patterns, actions, GVKs, allOf-wrapped
// refs), for testing the generator without the real 9 MB of spec.
import type { OpenApiDocument, OpenApiOperation } from '../spec-documents.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const wrapped = (name: string, siblings: Record<string, unknown> = {}) => ({ allOf: [ref(name)], ...siblings });

function operation(action: string, group: string, version: string, kind: string, response?: string): OpenApiOperation {
  const operationResult: OpenApiOperation = {
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group, version, kind },
  };
  if (response !== undefined) operationResult.responses = { '200': { content: { 'application/json': { schema: ref(response) } } } };
  return operationResult;
}

const meta = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    type: 'object',
    properties: { name: { type: 'string' }, labels: { type: 'object', additionalProperties: { type: 'string', default: '' } } },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta': { type: 'object', properties: { resourceVersion: { type: 'string' } } },
};

export function coreDocument(): OpenApiDocument {
  const pod = (action: string) => operation(action, '', 'v1', 'Pod');
  const node = (action: string) => operation(action, '', 'v1', 'Node');
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: {
      '/api/v1/': { get: { operationId: 'getCoreV1APIResources' } },
      '/api/v1/namespaces/{namespace}/pods': { get: operation('list', '', 'v1', 'Pod', 'io.k8s.api.core.v1.PodList'), post: pod('post'), delete: pod('deletecollection') },
      '/api/v1/namespaces/{namespace}/pods/{name}': { get: pod('get'), put: pod('put'), patch: pod('patch'), delete: pod('delete') },
      '/api/v1/namespaces/{namespace}/pods/{name}/status': { get: pod('get'), put: pod('put'), patch: pod('patch') },
      '/api/v1/namespaces/{namespace}/pods/{name}/log': { get: pod('get') },
      '/api/v1/namespaces/{namespace}/pods/{name}/exec': {
        get: operation('connect', '', 'v1', 'PodExecOptions'),
        post: operation('connect', '', 'v1', 'PodExecOptions'),
      },
      '/api/v1/namespaces/{namespace}/pods/{name}/eviction': { post: operation('post', 'policy', 'v1', 'Eviction') },
      '/api/v1/pods': { get: pod('list') },
      '/api/v1/watch/namespaces/{namespace}/pods': { get: pod('watchlist') },
      '/api/v1/watch/namespaces/{namespace}/pods/{name}': { get: pod('watch') },
      '/api/v1/nodes': { get: node('list'), post: node('post') },
      '/api/v1/nodes/{name}': { get: node('get'), delete: node('delete') },
      '/api/v1/nodes/{name}/proxy/{path}': { head: operation('connect', '', 'v1', 'NodeProxyOptions'), put: operation('connect', '', 'v1', 'NodeProxyOptions') },
    },
    components: {
      schemas: {
        ...meta,
        'io.k8s.api.core.v1.Pod': {
          type: 'object',
          description: 'A pod.',
          properties: {
            apiVersion: { type: 'string' },
            kind: { type: 'string' },
            metadata: wrapped('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', { default: {}, description: 'Standard metadata.' }),
            spec: wrapped('io.k8s.api.core.v1.PodSpec', { default: {} }),
          },
          'x-kubernetes-group-version-kind': [{ group: '', kind: 'Pod', version: 'v1' }],
        },
        'io.k8s.api.core.v1.PodList': {
          type: 'object',
          required: ['items'],
          properties: { items: { type: 'array', items: wrapped('io.k8s.api.core.v1.Pod', { default: {} }) }, metadata: wrapped('io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta') },
          'x-kubernetes-group-version-kind': [{ group: '', kind: 'PodList', version: 'v1' }],
        },
        'io.k8s.api.core.v1.PodSpec': {
          type: 'object',
          required: ['containers'],
          properties: {
            containers: {
              type: 'array',
              items: wrapped('io.k8s.api.core.v1.Container', { default: {} }),
              'x-kubernetes-list-map-keys': ['name'],
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-patch-merge-key': 'name',
              'x-kubernetes-patch-strategy': 'merge',
            },
            priority: { type: 'integer', format: 'int32' },
          },
        },
        'io.k8s.api.core.v1.Container': {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string' }, port: ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString') },
        },
        'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
        'io.k8s.api.core.v1.Node': {
          type: 'object',
          properties: { metadata: wrapped('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', { default: {} }) },
          'x-kubernetes-group-version-kind': [{ group: '', kind: 'Node', version: 'v1' }],
        },
      },
    },
  };
}

export function autoscalingDocument(version: 'v1' | 'v2'): OpenApiDocument {
  const hpa = (action: string) => operation(action, 'autoscaling', version, 'HorizontalPodAutoscaler');
  const definitionName = `io.k8s.api.autoscaling.${version}.HorizontalPodAutoscaler`;
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: {
      [`/apis/autoscaling/${version}/namespaces/{namespace}/horizontalpodautoscalers`]: { get: hpa('list'), post: hpa('post') },
      [`/apis/autoscaling/${version}/namespaces/{namespace}/horizontalpodautoscalers/{name}`]: { get: hpa('get') },
    },
    components: {
      schemas: {
        ...meta,
        [definitionName]: {
          type: 'object',
          properties: { metadata: wrapped('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', { default: {} }) },
          'x-kubernetes-group-version-kind': [{ group: 'autoscaling', kind: 'HorizontalPodAutoscaler', version }],
        },
      },
    },
  };
}
