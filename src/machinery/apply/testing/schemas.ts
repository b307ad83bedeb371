// Hand-made schemas shaped like the built-in catalog's (Deployment, Pod), for the apply tests. As in
// the catalog, Go's non-pointer structs carry `default: {}` and fields without omitempty are required.
import type { SchemaNode } from '../../../api/schema-types.js';
import { createSchemaWalker, type SchemaWalker } from '../../schema-walk.js';

const string: SchemaNode = { type: 'string' };
const integer: SchemaNode = { type: 'integer', format: 'int32' };
const stringMap: SchemaNode = { type: 'object', additionalProperties: { type: 'string' } };

export const definitions: Record<string, SchemaNode> = {
  ObjectMeta: {
    type: 'object',
    properties: {
      name: string,
      namespace: string,
      uid: string,
      resourceVersion: string,
      generation: { type: 'integer', format: 'int64' },
      creationTimestamp: { type: 'string', format: 'date-time' },
      labels: stringMap,
      annotations: stringMap,
      finalizers: { type: 'array', items: string, listType: 'set', patchStrategy: 'merge' },
      managedFields: { type: 'array', items: { type: 'object', properties: { manager: string } }, listType: 'atomic' },
    },
  },
  LabelSelector: {
    type: 'object',
    mapType: 'atomic',
    properties: { matchLabels: stringMap },
  },
  ContainerPort: {
    type: 'object',
    required: ['containerPort'],
    properties: { containerPort: integer, protocol: { type: 'string', default: 'TCP' }, name: string },
  },
  Container: {
    type: 'object',
    required: ['name'],
    properties: {
      name: string,
      image: string,
      args: { type: 'array', items: string, listType: 'atomic' },
      ports: {
        type: 'array',
        items: { $ref: 'ContainerPort' },
        listType: 'map',
        listMapKeys: ['containerPort', 'protocol'],
        patchStrategy: 'merge',
        patchMergeKey: 'containerPort',
      },
      env: {
        type: 'array',
        items: { type: 'object', properties: { name: string, value: string } },
        patchStrategy: 'merge',
        patchMergeKey: 'name',
      },
      resources: { type: 'object', properties: { limits: stringMap, requests: stringMap }, default: {} },
    },
  },
  PodSpec: {
    type: 'object',
    required: ['containers'],
    properties: {
      containers: { type: 'array', items: { $ref: 'Container' }, listType: 'map', listMapKeys: ['name'] },
      nodeSelector: { ...stringMap, mapType: 'atomic' },
      hostNetwork: { type: 'boolean' },
      restartPolicy: string,
    },
  },
  PodTemplateSpec: {
    type: 'object',
    properties: { metadata: { $ref: 'ObjectMeta', default: {} }, spec: { $ref: 'PodSpec', default: {} } },
  },
  DeploymentSpec: {
    type: 'object',
    required: ['selector', 'template'],
    properties: {
      replicas: integer,
      selector: { $ref: 'LabelSelector' },
      template: { $ref: 'PodTemplateSpec', default: {} },
      strategy: {
        type: 'object',
        default: {},
        properties: { type: string, rollingUpdate: { type: 'object', properties: { maxSurge: { intOrString: true }, maxUnavailable: { intOrString: true } } } },
      },
      minReadySeconds: integer,
    },
  },
  Deployment: {
    type: 'object',
    properties: {
      apiVersion: string,
      kind: string,
      metadata: { $ref: 'ObjectMeta', default: {} },
      spec: { allOf: [{ $ref: 'DeploymentSpec' }], description: 'wrapped as OpenAPI v3 does', default: {} },
      status: { type: 'object', properties: { replicas: integer, readyReplicas: integer }, default: {} },
    },
  },
  Pod: {
    type: 'object',
    properties: {
      apiVersion: string,
      kind: string,
      metadata: { $ref: 'ObjectMeta', default: {} },
      spec: { $ref: 'PodSpec', default: {} },
      status: { type: 'object', properties: { phase: string, podIP: string }, default: {} },
    },
  },
};

export const walker: SchemaWalker = createSchemaWalker((ref) => definitions[ref]);
export const deploymentSchema: SchemaNode = { $ref: 'Deployment' };
export const podSchema: SchemaNode = { $ref: 'Pod' };

/** Fixed clock for exact managedFields. */
export const t0 = new Date('2026-01-02T03:04:05.678Z');
export const t1 = new Date('2026-01-02T03:05:00.000Z');
export const t2 = new Date('2026-01-02T03:06:00.000Z');
