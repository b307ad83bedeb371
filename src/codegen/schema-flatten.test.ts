import { describe, expect, it } from 'vitest';
import { flattenSchema, SchemaFlattenError } from './schema-flatten.js';

describe('flattenSchema', () => {
  it('turns an allOf-wrapped ref into one node with the ref and its siblings', () => {
    expect(
      flattenSchema(
        {
          allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy' }],
          default: {},
          description: 'The deployment strategy.',
          'x-kubernetes-patch-strategy': 'retainKeys',
        },
        'DeploymentSpec.strategy',
      ),
    ).toEqual({ $ref: 'io.k8s.api.apps.v1.DeploymentStrategy', default: {}, description: 'The deployment strategy.', patchStrategy: 'retainKeys' });
  });

  it('maps every Kubernetes extension to its SchemaNode field', () => {
    expect(
      flattenSchema(
        {
          type: 'array',
          items: { $ref: '#/components/schemas/io.k8s.api.core.v1.ContainerPort' },
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
          'x-kubernetes-patch-merge-key': 'containerPort',
          'x-kubernetes-patch-strategy': 'merge',
          'x-kubernetes-map-type': 'atomic',
          'x-kubernetes-preserve-unknown-fields': true,
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-int-or-string': true,
          'x-kubernetes-group-version-kind': [{ group: 'apps', kind: 'Deployment', version: 'v1' }],
          'x-kubernetes-unions': [{ discriminator: 'type', 'fields-to-discriminateBy': { a: 'A' } }],
        },
        'x',
      ),
    ).toEqual({
      type: 'array',
      items: { $ref: 'io.k8s.api.core.v1.ContainerPort' },
      listType: 'map',
      listMapKeys: ['containerPort', 'protocol'],
      patchMergeKey: 'containerPort',
      patchStrategy: 'merge',
      mapType: 'atomic',
      preserveUnknownFields: true,
      embeddedResource: true,
      intOrString: true,
      gvk: [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
      unions: [{ discriminator: 'type', 'fields-to-discriminateBy': { a: 'A' } }],
    });
  });

  it('marks format int-or-string as intOrString and keeps value constraints', () => {
    expect(flattenSchema({ format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] }, 'IntOrString')).toEqual({
      format: 'int-or-string',
      intOrString: true,
      oneOf: [{ type: 'integer' }, { type: 'string' }],
    });
    expect(flattenSchema({ type: 'string', pattern: '^a', minLength: 1, maxLength: 3, enum: ['a', 'ab'], nullable: true }, 'x')).toEqual({
      type: 'string', pattern: '^a', minLength: 1, maxLength: 3, enum: ['a', 'ab'], nullable: true,
    });
  });

  it('keeps a real allOf (not a lone ref) as a list', () => {
    expect(flattenSchema({ allOf: [{ type: 'object' }, { required: ['a'] }] }, 'x')).toEqual({ allOf: [{ type: 'object' }, { required: ['a'] }] });
  });

  it('flattens nested properties, maps and items', () => {
    expect(
      flattenSchema(
        { type: 'object', properties: { labels: { type: 'object', additionalProperties: { type: 'string', default: '' } }, any: { type: 'object', additionalProperties: true } } },
        'x',
      ),
    ).toEqual({ type: 'object', properties: { labels: { type: 'object', additionalProperties: { type: 'string', default: '' } }, any: { type: 'object', additionalProperties: true } } });
  });

  it('rejects what it does not understand, naming the place', () => {
    expect(() => flattenSchema({ type: 'object', properties: { a: { title: 'no' } } }, 'io.k8s.X')).toThrow(
      new SchemaFlattenError('io.k8s.X.properties.a: unsupported schema keyword "title"'),
    );
    expect(() => flattenSchema({ $ref: '#/definitions/Foo' }, 'io.k8s.Y')).toThrow('io.k8s.Y: unsupported $ref "#/definitions/Foo"');
    expect(() => flattenSchema({ type: 'file' }, 'io.k8s.Z')).toThrow('io.k8s.Z: unsupported type "file"');
  });
});
