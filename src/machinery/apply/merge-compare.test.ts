import { describe, expect, it } from 'vitest';
import type { SchemaNode } from '../../api/schema-types.js';
import { compareObjects, fieldPathText, fieldSetToFieldsV1, mergeObjects, serverSideApply, toFieldSet, type TypedContext } from './index.js';
import { podSchema, t1, walker } from './testing/schemas.js';

const lenient: TypedContext = { walker, strict: false };
const strict: TypedContext = { walker, strict: true };
const names = (...list: string[]) => list.map((name) => ({ name }));

describe('mergeObjects', () => {
  it('orders list items as upstream: live-only items stay, shared ones follow the config', () => {
    const live = { spec: { containers: names('x', 'a', 'y', 'b') } };
    const config = { spec: { containers: names('b', 'a', 'z') } };
    expect(mergeObjects(strict, live, config, podSchema)).toEqual({ spec: { containers: names('x', 'y', 'b', 'a', 'z') } });
    expect(mergeObjects(strict, { spec: { containers: names('a', 'b') } }, { spec: { containers: names('b', 'a') } }, podSchema)).toEqual({
      spec: { containers: names('b', 'a') },
    });
  });

  it('merges struct fields and granular maps key by key, replaces atomic ones', () => {
    const live = { metadata: { labels: { a: '1', b: '2' } }, spec: { nodeSelector: { a: '1' }, hostNetwork: true } };
    const config = { metadata: { labels: { b: '3' } }, spec: { nodeSelector: { c: '4' } } };
    expect(mergeObjects(strict, live, config, podSchema)).toEqual({
      metadata: { labels: { a: '1', b: '3' } },
      spec: { nodeSelector: { c: '4' }, hostNetwork: true },
    });
  });
});

describe('compareObjects', () => {
  it('reports leaves and appearing/vanishing maps, lists and items, but not structs', () => {
    const before = { metadata: { labels: { a: '1' } }, spec: { containers: [{ name: 'a', image: 'one' }, { name: 'gone' }] } };
    const after = { metadata: { annotations: { n: 'x' } }, spec: { containers: [{ name: 'a', image: 'two' }, { name: 'new', args: ['x'] }] } };
    const { added, modified, removed } = compareObjects(lenient, before, after, podSchema);
    expect(added.paths().map(fieldPathText)).toEqual([
      '.metadata.annotations',
      '.metadata.annotations.n',
      '.spec.containers[name="new"]',
      '.spec.containers[name="new"].args',
      '.spec.containers[name="new"].name',
    ]);
    expect(modified.paths().map(fieldPathText)).toEqual(['.spec.containers[name="a"].image']);
    expect(removed.paths().map(fieldPathText)).toEqual(['.metadata.labels', '.metadata.labels.a', '.spec.containers[name="gone"]', '.spec.containers[name="gone"].name']);
  });
});

describe('toFieldSet', () => {
  it('fills a missing list-map key from the key field\'s schema default', () => {
    const set = toFieldSet(strict, { spec: { containers: [{ name: 'a', ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 53 }] }] } }, podSchema);
    expect(fieldSetToFieldsV1(set)).toEqual({
      'f:spec': {
        'f:containers': {
          'k:{"name":"a"}': {
            '.': {},
            'f:name': {},
            'f:ports': {
              'k:{"containerPort":53,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
              'k:{"containerPort":53,"protocol":"UDP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} },
            },
          },
        },
      },
    });
  });

  it('treats fields without a schema as deduced: maps recurse with every key a member, lists are atomic', () => {
    const crd: SchemaNode = { type: 'object', properties: { spec: { type: 'object', preserveUnknownFields: true } } };
    const set = toFieldSet(strict, { spec: { config: { deep: { value: 1 } }, items: [{ a: 1 }], empty: {} } }, crd);
    expect(fieldSetToFieldsV1(set)).toEqual({
      'f:spec': { 'f:config': { '.': {}, 'f:deep': { '.': {}, 'f:value': {} } }, 'f:empty': {}, 'f:items': {} },
    });
  });

  it('follows patchStrategy merge with a merge key when no list type is given', () => {
    const set = toFieldSet(strict, { spec: { containers: [{ name: 'a', env: [{ name: 'X', value: '1' }] }] } }, podSchema);
    expect(fieldSetToFieldsV1(set)).toEqual({
      'f:spec': { 'f:containers': { 'k:{"name":"a"}': { '.': {}, 'f:env': { 'k:{"name":"X"}': { '.': {}, 'f:name': {}, 'f:value': {} } }, 'f:name': {} } } },
    });
  });
});

describe('serverSideApply with unreadable live managedFields', () => {
  it('starts over as if the object had none (its fields go to before-first-apply)', () => {
    const live = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', managedFields: [{ manager: 'x', operation: 'Bogus' }] }, spec: { hostNetwork: true } };
    const result = serverSideApply({ live, applied: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { restartPolicy: 'Never' } }, manager: 'me', walker, rootSchema: podSchema, now: t1 });
    expect(result.object.spec).toEqual({ hostNetwork: true, restartPolicy: 'Never' });
    expect(result.managedFields.map((entry) => [entry.manager, entry.operation, entry.fieldsV1])).toEqual([
      ['me', 'Apply', { 'f:spec': { 'f:restartPolicy': {} } }],
      ['before-first-apply', 'Update', { 'f:spec': { 'f:hostNetwork': {} } }],
    ]);
  });
});

describe('custom resources without a structural schema below spec (x-kubernetes-preserve-unknown-fields)', () => {
  const crd: SchemaNode = {
    type: 'object',
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object', preserveUnknownFields: true } },
  };
  const widget = (spec: Record<string, unknown>) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec });
  const applyWidget = (live: Record<string, unknown> | null, spec: Record<string, unknown>, manager: string) =>
    serverSideApply({ live, applied: widget(spec), manager, walker, rootSchema: crd, now: t1 });

  it('owns nested keys one by one and prunes the ones no longer applied', () => {
    const first = applyWidget(null, { size: 1, nested: { color: 'red', shape: 'round' } }, 'one');
    expect(first.managedFields[0].fieldsV1).toEqual({ 'f:spec': { 'f:nested': { '.': {}, 'f:color': {}, 'f:shape': {} }, 'f:size': {} } });
    const second = applyWidget(first.object, { size: 1, nested: { color: 'red' } }, 'one');
    expect(second.object.spec).toEqual({ size: 1, nested: { color: 'red' } });
  });

  it('treats lists as atomic', () => {
    const first = applyWidget(null, { items: [1, 2] }, 'one');
    expect(() => applyWidget(first.object, { items: [3] }, 'two')).toThrow('Apply failed with 1 conflict: conflict with "one": .spec.items');
  });
});
