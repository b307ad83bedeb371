import { describe, expect, it } from 'vitest';
import { createSchemaWalker, pruneUnknownFields } from '../../machinery/index.js';
import { customResourceSchema, OBJECT_META_DEFINITION, schemaNodeFromProps } from './crd-schema.js';
import { customResourceRefResolver } from './index.js';

describe('CRD schema conversion', () => {
  it('maps JSONSchemaProps and the Kubernetes extensions onto SchemaNode fields', () => {
    expect(
      schemaNodeFromProps({
        type: 'object',
        description: 'd',
        required: ['a'],
        properties: {
          a: { type: 'string', pattern: '^x', minLength: 1, maxLength: 5, enum: ['x', 'xy'], default: 'x' },
          n: { type: 'integer', minimum: 1, maximum: 9, exclusiveMaximum: true, multipleOf: 2, format: 'int32', nullable: true },
          port: { 'x-kubernetes-int-or-string': true },
          free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          embedded: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
          list: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set', minItems: 1, maxItems: 3, uniqueItems: true },
          keyed: { type: 'array', items: { type: 'object' }, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] },
          labels: { type: 'object', additionalProperties: { type: 'string' }, 'x-kubernetes-map-type': 'atomic', maxProperties: 4 },
          either: { anyOf: [{ type: 'integer' }, { type: 'string' }], not: { type: 'boolean' } },
        },
        'x-kubernetes-validations': [{ rule: 'self.a != ""' }],
      }),
    ).toEqual({
      type: 'object',
      description: 'd',
      required: ['a'],
      properties: {
        a: { type: 'string', pattern: '^x', minLength: 1, maxLength: 5, enum: ['x', 'xy'], default: 'x' },
        n: { type: 'integer', minimum: 1, maximum: 9, exclusiveMaximum: true, multipleOf: 2, format: 'int32', nullable: true },
        port: { intOrString: true },
        free: { type: 'object', preserveUnknownFields: true },
        embedded: { type: 'object', embeddedResource: true, preserveUnknownFields: true },
        list: { type: 'array', items: { type: 'string' }, listType: 'set', minItems: 1, maxItems: 3, uniqueItems: true },
        keyed: { type: 'array', items: { type: 'object' }, listType: 'map', listMapKeys: ['name'] },
        labels: { type: 'object', additionalProperties: { type: 'string' }, mapType: 'atomic', maxProperties: 4 },
        either: { anyOf: [{ type: 'integer' }, { type: 'string' }], not: { type: 'boolean' } },
      },
    });
  });

  it('ignores values of the wrong type instead of trusting them', () => {
    expect(schemaNodeFromProps({ type: 'thing', minimum: '3', required: [1], 'x-kubernetes-list-type': 'bag' })).toEqual({});
    expect(schemaNodeFromProps(null)).toEqual({});
  });

  it('always knows apiVersion, kind and metadata at the root', () => {
    const root = customResourceSchema({ type: 'object', properties: { spec: { type: 'object' }, metadata: { type: 'object' } } }, 'Widget');
    expect(root.type).toBe('object');
    expect(root.description).toBe('Widget is a custom resource.');
    expect(Object.keys(root.properties ?? {})).toEqual(['spec', 'metadata', 'apiVersion', 'kind']);
    expect(root.properties?.metadata).toEqual({ $ref: OBJECT_META_DEFINITION, description: "Standard object's metadata." });
    expect(customResourceSchema(undefined, 'Loose')).toMatchObject({ type: 'object', preserveUnknownFields: true });
  });

  it('keeps managedFields field sets and prunes what the schema does not declare', () => {
    const schema = customResourceSchema({ type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } }, 'Thing');
    const object = {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 't', managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:a': {} } } }] },
      spec: { a: 'x', b: 'dropped' },
    };
    const { object: pruned, prunedPaths } = pruneUnknownFields(object, schema, createSchemaWalker(customResourceRefResolver));
    expect(prunedPaths).toEqual(['spec.b']);
    expect(pruned).toEqual({ ...object, spec: { a: 'x' } });
  });
});
