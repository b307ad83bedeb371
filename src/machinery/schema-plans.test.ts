// The compiled schema walks (defaults, pruning, validation) against the plain walks they replaced
// (testing/reference-schema-machinery.ts): seeded random edits of built-in objects and of a custom
// resource whose schema uses every construct must give equal objects, pruned paths, and causes and
// warnings in the same order with the same messages.
import { describe, expect, it } from 'vitest';
import { definition, definitionNameForKind, resolveRef } from '../api/index.js';
import type { SchemaNode } from '../api/schema-types.js';
import { applySchemaDefaults } from './defaults.js';
import { pruneUnknownFields } from './prune.js';
import { createSchemaWalker, type SchemaWalker } from './schema-walk.js';
import { validateAgainstSchema, type UnknownFieldPolicy } from './validate.js';
import { referencePruneUnknownFields, referenceSchemaDefaults, referenceValidateAgainstSchema } from './testing/reference-schema-machinery.js';

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const scalars: unknown[] = [null, true, false, 0, -0, -1, 1.5, 7, 2147483648, 2 ** 60, '', 'x', 'abc', 'ABC', '10m', '1Gi', 'http', 80, '2026-11-22T08:00:00Z',
  '2026-13-45T99:00:00Z', '2026-11-22', 'aGVsbG8=', 'not base64!', '😀😀😀', 'Ready', 'TCP'];
const keys = ['name', 'type', 'port', 'extra', 'unknown', '__proto__', 'metadata', 'apiVersion', 'kind', 'value', 'items', 'spec', 'status', 'labels'];

function randomValue(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth > 3 || pick < 0.5) return scalars[Math.floor(next() * scalars.length)];
  if (pick < 0.75) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  const object: Record<string, unknown> = {};
  for (let count = Math.floor(next() * 4); count > 0; count--) {
    Object.defineProperty(object, keys[Math.floor(next() * keys.length)] as string, {
      value: randomValue(next, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

/** Every container (object or array) inside `value`, with a setter for each of its slots. */
function slots(value: unknown, found: { holder: Record<string, unknown> | unknown[]; key: string | number }[] = []): typeof found {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      found.push({ holder: value, key: index });
      slots(item, found);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      found.push({ holder: value as Record<string, unknown>, key });
      slots(item, found);
    }
  }
  return found;
}

/** A copy of `base` with a few random edits: values replaced, fields added or removed, list items duplicated. */
function mutate(base: unknown, next: () => number): unknown {
  const copy = structuredClone(base);
  for (let edits = 1 + Math.floor(next() * 4); edits > 0; edits--) {
    const all = slots(copy);
    if (all.length === 0) break;
    const { holder, key } = all[Math.floor(next() * all.length)] as (typeof all)[number];
    const action = next();
    if (Array.isArray(holder)) {
      if (action < 0.4) holder.push(structuredClone(holder[key as number]));
      else if (action < 0.6) holder.splice(key as number, 1);
      else holder[key as number] = randomValue(next, 2);
    } else if (action < 0.25) {
      delete holder[key as string];
    } else if (action < 0.5) {
      Object.defineProperty(holder, keys[Math.floor(next() * keys.length)] as string, { value: randomValue(next, 2), enumerable: true, writable: true, configurable: true });
    } else {
      Object.defineProperty(holder, key, { value: randomValue(next, 2), enumerable: true, writable: true, configurable: true });
    }
  }
  return copy;
}

function expectSameEverywhere(object: unknown, schema: SchemaNode, walker: SchemaWalker, label: string): void {
  expect(applySchemaDefaults(object, schema, walker), `${label}: defaults`).toStrictEqual(referenceSchemaDefaults(object, schema, walker));
  const pruned = pruneUnknownFields(object, schema, walker);
  const reference = referencePruneUnknownFields(object, schema, walker);
  expect(pruned.prunedPaths, `${label}: pruned paths`).toEqual(reference.prunedPaths);
  expect(pruned.object, `${label}: pruned object`).toStrictEqual(reference.object);
  for (const unknownFields of ['Strict', 'Warn', 'Ignore'] as UnknownFieldPolicy[]) {
    for (const path of ['', 'spec']) {
      expect(validateAgainstSchema(object, schema, walker, { unknownFields, path }), `${label}: validate ${unknownFields} at "${path}"`).toEqual(
        referenceValidateAgainstSchema(object, schema, walker, { unknownFields, path }),
      );
    }
  }
}

const catalogWalker = createSchemaWalker((ref) => definition(ref));
const schemaOf = (group: string, kind: string): SchemaNode => resolveRef({ $ref: definitionNameForKind(group, 'v1', kind) ?? '' }) as SchemaNode;

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-1',
    namespace: 'default',
    labels: { app: 'web' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u1', controller: true }],
    managedFields: [{ manager: 'kubelet', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:phase': {} } }, time: '2026-11-22T08:00:00Z' }],
    creationTimestamp: '2026-11-22T08:00:00Z',
  },
  spec: {
    containers: [
      {
        name: 'web',
        image: 'nginx',
        ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 81, name: 'metrics' }],
        resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '10m' } },
        livenessProbe: { httpGet: { port: 'http', path: '/' }, periodSeconds: 10 },
        env: [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
    tolerations: [{ key: 'k', operator: 'Exists' }],
  },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
    podIPs: [{ ip: '10.0.0.1' }],
    containerStatuses: [{ name: 'web', ready: true, restartCount: 0, image: 'nginx', imageID: '', state: { running: { startedAt: '2026-11-22T08:00:00Z' } } }],
  },
};

const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http', protocol: 'TCP' }, { port: 443, targetPort: 8443, protocol: 'TCP' }], ipFamilies: ['IPv4'] },
};

// A custom resource schema using every construct the walks know.
const crdDefinitions: Record<string, SchemaNode> = {
  Node: {
    type: 'object',
    properties: { name: { type: 'string', pattern: '^[a-z]+$' }, children: { type: 'array', items: { $ref: 'Node' } }, broken: { $ref: 'Missing' } },
  },
};
const crdSchema: SchemaNode = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } } },
    spec: {
      type: 'object',
      required: ['size', 'name'],
      default: {},
      properties: {
        name: { type: 'string', minLength: 2, maxLength: 3, default: 'abc' },
        size: { type: 'integer', format: 'int32', minimum: 1, maximum: 10, exclusiveMaximum: true, multipleOf: 2, default: 2 },
        ratio: { type: 'number', minimum: 0, exclusiveMinimum: true, nullable: true },
        mode: { type: 'string', enum: ['ABC', 'x', null, 0], nullable: true },
        when: { type: 'string', format: 'date-time' },
        day: { type: 'string', format: 'date' },
        blob: { type: 'string', format: 'byte' },
        port: { intOrString: true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        quantity: { oneOf: [{ type: 'string' }, { type: 'number' }] },
        notNumber: { not: { type: 'number' } },
        both: { allOf: [{ type: 'string', minLength: 1 }, { type: 'string', maxLength: 2 }] },
        tags: { type: 'array', items: { type: 'string' }, listType: 'set', maxItems: 3, minItems: 1 },
        unique: { type: 'array', items: {}, uniqueItems: true },
        entries: {
          type: 'array',
          listType: 'map',
          listMapKeys: ['name', 'port'],
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer', default: 80 }, value: {} } },
        },
        objectKeys: { type: 'array', listType: 'map', listMapKeys: ['spec'], items: { type: 'object', properties: { spec: {} } } },
        labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 3 }, maxProperties: 2, minProperties: 1 },
        free: { type: 'object', additionalProperties: true },
        preserved: { type: 'object', preserveUnknownFields: true, properties: { known: { type: 'integer', default: 1 } } },
        untyped: { type: 'object' },
        embedded: {
          type: 'object',
          embeddedResource: true,
          properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object', properties: { x: { type: 'integer', default: 5 } } } },
        },
        tree: { $ref: 'Node', default: { name: 'root' } },
        nested: { type: 'object', default: { inner: {} }, properties: { inner: { type: 'object', properties: { deep: { type: 'string', default: 'd' } } } } },
        nullableObject: { type: 'object', nullable: true, properties: { a: { type: 'string', default: 'a' } } },
      },
    },
    status: { type: 'object', additionalProperties: { type: 'object', properties: { count: { type: 'integer', default: 0 } } } },
  },
};
const crdWalker = createSchemaWalker((ref) => crdDefinitions[ref]);
const widget = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', labels: { a: 'b' } },
  spec: {
    name: 'ab',
    size: 4,
    ratio: 0.5,
    mode: 'x',
    when: '2026-11-22T08:00:00Z',
    day: '2026-11-22',
    blob: 'aGVsbG8=',
    port: 'http',
    quantity: '1Gi',
    notNumber: 'n',
    both: 'ok',
    tags: ['a', 'b'],
    unique: [1, { a: 1 }],
    entries: [{ name: 'a', port: 1 }, { name: 'b' }],
    objectKeys: [{ spec: { a: 1 } }, { spec: { a: 2 } }],
    labels: { x: 'y' },
    free: { anything: [1] },
    preserved: { other: true },
    untyped: { whatever: 1 },
    embedded: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', bogus: 1 }, spec: {} },
    tree: { name: 'root', children: [{ name: 'leaf', children: [] }] },
    nested: {},
    nullableObject: null,
  },
  status: { one: { count: 1 }, two: {} },
};

describe('compiled schema walks give what the plain walks gave', () => {
  const cases: { label: string; object: unknown; schema: SchemaNode; walker: SchemaWalker }[] = [
    { label: 'Pod', object: pod, schema: schemaOf('', 'Pod'), walker: catalogWalker },
    { label: 'Service', object: service, schema: schemaOf('', 'Service'), walker: catalogWalker },
    { label: 'Widget', object: widget, schema: crdSchema, walker: crdWalker },
  ];

  for (const { label, object, schema, walker } of cases) {
    it(`${label}: unchanged and 150 random edits`, () => {
      expectSameEverywhere(object, schema, walker, `${label} as is`);
      const next = random(label.length * 7919);
      for (let round = 0; round < 150; round++) expectSameEverywhere(mutate(object, next), schema, walker, `${label} edit ${round}`);
    });
  }

  it('every check of the custom schema fails somewhere, with the same causes', () => {
    const broken = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'too-long-name', unknownMeta: 1 },
      extraRoot: 1,
      spec: {
        name: 'a😀😀😀',
        size: 11.5,
        ratio: 0,
        mode: 'y',
        when: '2026-02-30T08:00:00Z',
        day: '22-11-2026',
        blob: '!!',
        port: true,
        quantity: [],
        notNumber: 3,
        both: 'long',
        tags: ['a', 'a', 'b', 'c'],
        unique: [{ a: 1 }, { a: 1 }],
        entries: [{ name: 'a' }, { name: 'a', port: 80 }, { port: 1 }, { port: 1 }, 'x'],
        objectKeys: [{ spec: { a: 1 } }, { spec: { a: 1 } }],
        labels: { a: 'long', b: 'x', c: null },
        embedded: { metadata: {} },
        tree: { name: 'Root', children: [{ name: 1, broken: 'x', children: null, bogus: true }] },
        bogus: { deep: 1 },
        nullableObject: { a: null },
      },
      status: { one: null, two: { count: 'x', extra: 1 } },
    };
    const { causes } = validateAgainstSchema(broken, crdSchema, crdWalker, { unknownFields: 'Strict' });
    expect(causes.length).toBeGreaterThan(25);
    expectSameEverywhere(broken, crdSchema, crdWalker, 'broken widget');
  });

  it('a schema that does not resolve checks and changes nothing', () => {
    const dangling: SchemaNode = { $ref: 'Missing' };
    expect(validateAgainstSchema({ a: 1 }, dangling, crdWalker, { unknownFields: 'Strict' })).toEqual({ causes: [], warnings: [] });
    expect(pruneUnknownFields({ a: { b: 1 } }, dangling, crdWalker)).toEqual({ object: { a: { b: 1 } }, prunedPaths: [] });
    expect(applySchemaDefaults({ a: null }, dangling, crdWalker)).toEqual({ a: null });
    // A null in a field whose schema does not resolve stays; other non-nullable nulls go or get defaults.
    const tree = { spec: { tree: { name: null, broken: null, children: [{ broken: null }] }, ratio: null, nested: null } };
    expect(applySchemaDefaults(tree, crdSchema, crdWalker).spec).toStrictEqual({
      tree: { broken: null, children: [{ broken: null }] },
      ratio: null,
      nested: { inner: { deep: 'd' } },
      name: 'abc',
      size: 2,
    });
    expectSameEverywhere(tree, crdSchema, crdWalker, 'nulls');
  });
});
