import { describe, expect, it } from 'vitest';
import type { SchemaNode } from '../api/schema-types.js';
import { fieldErrorText } from './field-errors.js';
import { createSchemaWalker } from './schema-walk.js';
import { validateAgainstSchema } from './validate.js';

const definitions: Record<string, SchemaNode> = {
  Port: {
    type: 'object',
    required: ['port'],
    properties: { name: { type: 'string' }, port: { type: 'integer', format: 'int32' }, protocol: { type: 'string' } },
  },
};
const walker = createSchemaWalker((ref) => definitions[ref]);

// A CRD-like schema covering the keywords a structural schema may carry.
const schema: SchemaNode = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['size'],
      properties: {
        replicas: { type: 'integer', format: 'int32', minimum: 0, maximum: 10 },
        size: { type: 'string', enum: ['small', 'large'] },
        image: { type: 'string', pattern: '^[a-z]+:[0-9]+$', minLength: 3, maxLength: 12 },
        ratio: { type: 'number', exclusiveMinimum: true, minimum: 0, multipleOf: 0.5 },
        port: { intOrString: true },
        startAt: { type: 'string', format: 'date-time' },
        tags: { type: 'array', items: { type: 'string' }, listType: 'set', maxItems: 3, minItems: 1 },
        ports: { type: 'array', items: { $ref: 'Port' }, listType: 'map', listMapKeys: ['port', 'protocol'] },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        free: { type: 'object', preserveUnknownFields: true },
        note: { type: 'string', nullable: true },
        template: { type: 'object', embeddedResource: true, preserveUnknownFields: true },
        enabled: { type: 'boolean' },
      },
    },
  },
};

function messages(obj: unknown, unknownFields: 'Strict' | 'Warn' | 'Ignore' = 'Strict'): string[] {
  return validateAgainstSchema(obj, schema, walker, { unknownFields }).causes.map(fieldErrorText);
}

describe('validateAgainstSchema', () => {
  it('accepts a valid object', () => {
    const obj = {
      apiVersion: 'x/v1',
      kind: 'Thing',
      metadata: { name: 'a' },
      spec: {
        replicas: 3,
        size: 'small',
        image: 'nginx:1',
        ratio: 1.5,
        port: 'http',
        startAt: '2024-01-02T03:04:05Z',
        tags: ['a', 'b'],
        ports: [{ port: 80, protocol: 'TCP' }, { port: 80, protocol: 'UDP' }],
        labels: { a: 'b' },
        free: { anything: { goes: [1] } },
        note: null,
        template: { apiVersion: 'v1', kind: 'Pod', spec: {} },
        enabled: false,
      },
    };
    expect(validateAgainstSchema(obj, schema, walker, { unknownFields: 'Strict' })).toEqual({ causes: [], warnings: [] });
  });

  it('type errors read as upstream CRD validation', () => {
    expect(validateAgainstSchema({ spec: { size: 'small', replicas: 'string' } }, schema, walker).causes).toEqual([
      {
        type: 'FieldValueTypeInvalid',
        field: 'spec.replicas',
        message: 'Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      },
    ]);
    expect(messages({ spec: { size: 'small', replicas: 1.5, enabled: 'yes', port: true, tags: 'a' } })).toEqual([
      'spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"',
      'spec.enabled: Invalid value: "string": spec.enabled in body must be of type boolean: "string"',
      'spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
      'spec.tags: Invalid value: "string": spec.tags in body must be of type array: "string"',
    ]);
    expect(messages({ spec: null })).toEqual(['spec: Invalid value: "null": spec in body must be of type object: "null"']);
    expect(messages('text')).toEqual(['Invalid value: "string": body in body must be of type object: "string"']);
  });

  it('required, enum, ranges, patterns and lengths', () => {
    expect(messages({ spec: { replicas: 11, image: 'Nope', size: 'huge', ratio: 0 } })).toEqual([
      'spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10',
      "spec.image: Invalid value: \"Nope\": spec.image in body should match '^[a-z]+:[0-9]+$'",
      'spec.size: Unsupported value: "huge": supported values: "small", "large"',
      'spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0',
    ]);
    expect(messages({ spec: {} })).toEqual(['spec.size: Required value']);
    expect(messages({ spec: { size: 'small', replicas: -1, image: 'a', ratio: 0.7 } })).toEqual([
      'spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0',
      'spec.image: Invalid value: "a": spec.image in body should be at least 3 chars long',
      "spec.image: Invalid value: \"a\": spec.image in body should match '^[a-z]+:[0-9]+$'",
      'spec.ratio: Invalid value: 0.7: spec.ratio in body should be a multiple of 0.5',
    ]);
    expect(messages({ spec: { size: 'small', image: 'abcdefghij:123' } })).toEqual(['spec.image: Too long: may not be longer than 12']);
  });

  it('enums of non-strings are listed quoted, as upstream', () => {
    const numeric: SchemaNode = { type: 'object', properties: { n: { type: 'integer', enum: [1, 2] } } };
    expect(validateAgainstSchema({ n: 3 }, numeric, walker).causes.map(fieldErrorText)).toEqual(['n: Unsupported value: 3: supported values: "1", "2"']);
  });

  it('int32 range and date-time format', () => {
    const wide: SchemaNode = { type: 'object', properties: { n: { type: 'integer', format: 'int32' }, t: { type: 'string', format: 'date-time' } } };
    expect(validateAgainstSchema({ n: 2147483648, t: 'yesterday' }, wide, walker).causes.map(fieldErrorText)).toEqual([
      'n: Invalid value: 2147483648: n in body must be of type int32: "2147483648"',
      't: Invalid value: "yesterday": t in body must be of type date-time: "yesterday"',
    ]);
  });

  it('lists: sets, list-maps, item counts and item paths', () => {
    expect(
      messages({
        spec: {
          size: 'small',
          tags: ['a', 'b', 'a', 'c'],
          ports: [{ port: 80, protocol: 'TCP' }, { port: 'x' }, { port: 80, protocol: 'TCP' }, { name: 'p' }],
        },
      }),
    ).toEqual([
      'spec.tags: Too many: 4: must have at most 3 items',
      'spec.tags[2]: Duplicate value: "a"',
      'spec.ports[1].port: Invalid value: "string": spec.ports[1].port in body must be of type integer: "string"',
      'spec.ports[3].port: Required value',
      'spec.ports[2]: Duplicate value: {"port":80,"protocol":"TCP"}',
    ]);
    expect(messages({ spec: { size: 'small', tags: [] } })).toEqual(['spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items']);
  });

  it('map values use [key] paths', () => {
    expect(messages({ spec: { size: 'small', labels: { ok: 'x', bad: 1 } } })).toEqual([
      'spec.labels[bad]: Invalid value: "integer": spec.labels[bad] in body must be of type string: "integer"',
    ]);
  });

  it('embedded resources need apiVersion and kind', () => {
    expect(messages({ spec: { size: 'small', template: { spec: {} } } })).toEqual([
      'spec.template.apiVersion: Required value: must not be empty',
      'spec.template.kind: Required value: must not be empty',
    ]);
  });

  it('unknown fields: Strict -> causes, Warn -> warnings, Ignore -> nothing', () => {
    const obj = { apiVersion: 'v', kind: 'K', metadata: {}, spec: { size: 'small', foo: 1, free: { bar: 2 } }, extra: true };
    expect(validateAgainstSchema(obj, schema, walker, { unknownFields: 'Strict' }).causes).toEqual([
      { type: 'FieldValueUnknown', field: 'spec.foo', message: 'unknown field "spec.foo"' },
      { type: 'FieldValueUnknown', field: 'extra', message: 'unknown field "extra"' },
    ]);
    expect(validateAgainstSchema(obj, schema, walker, { unknownFields: 'Warn' })).toEqual({
      causes: [],
      warnings: ['unknown field "spec.foo"', 'unknown field "extra"'],
    });
    expect(validateAgainstSchema(obj, schema, walker, { unknownFields: 'Ignore' })).toEqual({ causes: [], warnings: [] });
  });

  it('allOf, anyOf, oneOf and not', () => {
    const combined: SchemaNode = {
      type: 'object',
      properties: {
        a: { type: 'integer', allOf: [{ minimum: 1 }, { maximum: 5 }] },
        b: { type: 'string', anyOf: [{ pattern: '^x' }, { pattern: '^y' }] },
        c: { type: 'integer', oneOf: [{ minimum: 0 }, { maximum: 10 }] },
        d: { type: 'string', not: { enum: ['forbidden'] } },
      },
    };
    expect(validateAgainstSchema({ a: 9, b: 'z', c: 5, d: 'forbidden' }, combined, walker).causes.map(fieldErrorText)).toEqual([
      'a: Invalid value: 9: a in body should be less than or equal to 5',
      'b: Invalid value: "z": b in body must validate at least one schema (anyOf)',
      'c: Invalid value: 5: c in body must validate one and only one schema (oneOf)',
      'd: Invalid value: "forbidden": d in body must not validate the schema (not)',
    ]);
  });

  it('validates from a sub-path', () => {
    const result = validateAgainstSchema({ replicas: 'x', size: 'small' }, schema.properties?.spec, walker, { path: 'spec' });
    expect(result.causes.map((c) => c.field)).toEqual(['spec.replicas']);
  });
});

describe('hostile keys', () => {
  it('"constructor" and "__proto__" are unknown fields, not prototype members', () => {
    const obj = JSON.parse('{"spec": {"size": "small", "constructor": 1, "__proto__": {}}}') as unknown;
    expect(validateAgainstSchema(obj, schema, walker, { unknownFields: 'Strict' }).causes.map((c) => c.field)).toEqual([
      'spec.constructor',
      'spec.__proto__',
    ]);
  });
});

describe('resource metadata', () => {
  const crd: SchemaNode = {
    type: 'object',
    properties: {
      metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } } },
      spec: { type: 'object', properties: {} },
    },
  };

  it('is ObjectMeta whatever the schema lists; the schema only adds constraints', () => {
    const obj = { apiVersion: 'x/v1', kind: 'T', metadata: { name: 'toolong', namespace: 'd', labels: { a: 'b' }, bogus: 1 }, spec: {} };
    expect(validateAgainstSchema(obj, crd, walker, { unknownFields: 'Strict' }).causes.map(fieldErrorText)).toEqual([
      'metadata.name: Too long: may not be longer than 5',
      'metadata.bogus: unknown field "metadata.bogus"',
    ]);
  });
});
