import { describe, expect, it } from 'vitest';
import type { SchemaNode } from '../api/schema-types.js';
import { applySchemaDefaults } from './defaults.js';
import { pruneUnknownFields } from './prune.js';
import { createSchemaWalker } from './schema-walk.js';

const walker = createSchemaWalker(() => undefined);

const schema: SchemaNode = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer', default: 1 },
        mode: { type: 'string', default: 'auto' },
        note: { type: 'string', nullable: true, default: 'n' },
        other: { type: 'string' },
        config: {
          type: 'object',
          default: {},
          properties: { level: { type: 'integer', default: 3 }, name: { type: 'string' } },
        },
        items: {
          type: 'array',
          items: { type: 'object', properties: { name: { type: 'string' }, weight: { type: 'integer', default: 10 } } },
        },
        byName: { type: 'object', additionalProperties: { type: 'object', properties: { on: { type: 'boolean', default: true } } } },
        free: { type: 'object', preserveUnknownFields: true, properties: { known: { type: 'object', properties: { a: { type: 'string' } } } } },
        template: { type: 'object', embeddedResource: true, properties: { spec: { type: 'object', properties: {} } } },
      },
    },
  },
};

describe('pruneUnknownFields', () => {
  it('drops undeclared fields, keeping apiVersion/kind/metadata at the root', () => {
    const obj = {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 'x', labels: { a: 'b' } },
      spec: {
        replicas: 2,
        unknown: true,
        items: [{ name: 'a', junk: 1 }],
        byName: { one: { on: false, extra: 1 } },
        free: { anything: 1, known: { a: 'x', b: 'dropped' } },
        template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 1 }, status: {} },
      },
      status: { phase: 'x' },
    };
    const { object, prunedPaths } = pruneUnknownFields(obj, schema, walker);
    expect(object).toEqual({
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 'x', labels: { a: 'b' } },
      spec: {
        replicas: 2,
        items: [{ name: 'a' }],
        byName: { one: { on: false } },
        free: { anything: 1, known: { a: 'x' } },
        template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} },
      },
    });
    expect(prunedPaths).toEqual([
      'spec.unknown',
      'spec.items[0].junk',
      'spec.byName[one].extra',
      'spec.free.known.b',
      'spec.template.spec.x',
      'spec.template.status',
      'status',
    ]);
    expect(obj.spec.unknown).toBe(true);
  });
});

describe('pruning resource metadata', () => {
  it('keeps ObjectMeta fields even when the schema lists fewer, drops the rest', () => {
    const partial: SchemaNode = { type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string' } } } } };
    const { object, prunedPaths } = pruneUnknownFields({ metadata: { name: 'a', labels: { x: 'y' }, finalizers: ['f/g'], bogus: 1 } }, partial, walker);
    expect(object).toEqual({ metadata: { name: 'a', labels: { x: 'y' }, finalizers: ['f/g'] } });
    expect(prunedPaths).toEqual(['metadata.bogus']);
  });
});

describe('applySchemaDefaults', () => {
  it('fills missing fields, recursing into defaulted values', () => {
    expect(applySchemaDefaults({ spec: {} }, schema, walker)).toEqual({
      spec: { replicas: 1, mode: 'auto', note: 'n', config: { level: 3 } },
    });
  });

  it('keeps given values and defaults list items and map values', () => {
    expect(
      applySchemaDefaults({ spec: { replicas: 5, config: { level: 1 }, items: [{ name: 'a' }, { weight: 2 }], byName: { x: {} } } }, schema, walker),
    ).toEqual({
      spec: { replicas: 5, mode: 'auto', note: 'n', config: { level: 1 }, items: [{ name: 'a', weight: 10 }, { weight: 2 }], byName: { x: { on: true } } },
    });
  });

  it('nulls: defaulted when not nullable, kept when nullable, dropped when no default', () => {
    expect(applySchemaDefaults({ spec: { replicas: null, note: null, other: null } }, schema, walker)).toEqual({
      spec: { replicas: 1, mode: 'auto', note: null, config: { level: 3 } },
    });
  });

  it('does not create missing parents', () => {
    expect(applySchemaDefaults({}, schema, walker)).toEqual({});
  });
});
