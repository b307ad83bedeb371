import { describe, expect, it } from 'vitest';
import { StatusError } from '../errors.js';
import { serverSideApply, type ManagedFieldsEntry } from './index.js';
import { podSchema, t0, t1, t2, walker } from './testing/schemas.js';

type Obj = Record<string, unknown>;
const T0 = '2026-01-02T03:04:05Z';
const T1 = '2026-01-02T03:05:00Z';
const T2 = '2026-01-02T03:06:00Z';

function pod(spec: Obj | undefined, metadata: Obj = {}): Obj {
  const object: Obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...metadata } };
  if (spec !== undefined) object.spec = spec;
  return object;
}

function apply(live: Obj | null, applied: Obj, manager: string, now: Date, force = false) {
  return serverSideApply({ live, applied, manager, force, walker, rootSchema: podSchema, now });
}

function entry(manager: string, time: string, fieldsV1: Obj): ManagedFieldsEntry {
  return { manager, operation: 'Apply', apiVersion: 'v1', time, fieldsType: 'FieldsV1', fieldsV1: fieldsV1 as ManagedFieldsEntry['fieldsV1'] };
}

function withoutManaged(object: Obj): Obj {
  const { managedFields: _managed, ...metadata } = object.metadata as Obj;
  return { ...object, metadata };
}

describe('map lists (containers keyed by name, ports by containerPort+protocol)', () => {
  const first = apply(null, pod({ containers: [{ name: 'app', image: 'app:1' }] }), 'team-a', t0).object;

  it('merges items applied by two managers, each owning its own item', () => {
    const result = apply(first, pod({ containers: [{ name: 'sidecar', image: 'envoy:1', ports: [{ containerPort: 9901 }] }] }), 'team-b', t1);
    expect(withoutManaged(result.object)).toEqual(
      pod({ containers: [{ name: 'app', image: 'app:1' }, { name: 'sidecar', image: 'envoy:1', ports: [{ containerPort: 9901 }] }] }),
    );
    expect(result.managedFields).toEqual([
      entry('team-a', T0, { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } }),
      entry('team-b', T1, {
        'f:spec': {
          'f:containers': {
            'k:{"name":"sidecar"}': {
              '.': {},
              'f:image': {},
              'f:name': {},
              'f:ports': { 'k:{"containerPort":9901,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
            },
          },
        },
      }),
    ]);
  });

  it('merges fields inside a shared item and keeps the live order of live-only items', () => {
    const two = apply(first, pod({ containers: [{ name: 'sidecar', image: 'envoy:1' }] }), 'team-b', t1).object;
    const result = apply(two, pod({ containers: [{ name: 'sidecar', image: 'envoy:1' }, { name: 'app', args: ['--debug'] }] }), 'team-c', t2);
    expect(withoutManaged(result.object)).toEqual(
      pod({ containers: [{ name: 'sidecar', image: 'envoy:1' }, { name: 'app', image: 'app:1', args: ['--debug'] }] }),
    );
  });

  it('refuses an item without its key, and duplicate keys', () => {
    const missing = (() => {
      try {
        apply(null, pod({ containers: [{ image: 'x' }] }), 'team-a', t0);
      } catch (error) {
        return error as StatusError;
      }
      return undefined;
    })();
    expect(missing?.status).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message:
        'failed to create typed patch object (/v1, Kind=Pod): .spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    });
    expect(() => apply(null, pod({ containers: [{ name: 'a' }, { name: 'a' }] }), 'team-a', t0)).toThrow(
      'failed to create typed patch object (/v1, Kind=Pod): .spec.containers: duplicate entries for key [name="a"]',
    );
  });
});

describe('set lists (metadata.finalizers)', () => {
  it('unions the values of several appliers, each owning its values', () => {
    const first = apply(null, pod(undefined, { finalizers: ['a.example/x', 'shared'] }), 'one', t0).object;
    const result = apply(first, pod(undefined, { finalizers: ['shared', 'b.example/y'] }), 'two', t1);
    expect((result.object.metadata as Obj).finalizers).toEqual(['a.example/x', 'shared', 'b.example/y']);
    expect(result.managedFields).toEqual([
      entry('one', T0, { 'f:metadata': { 'f:finalizers': { 'v:"a.example/x"': {}, 'v:"shared"': {} } } }),
      entry('two', T1, { 'f:metadata': { 'f:finalizers': { 'v:"b.example/y"': {}, 'v:"shared"': {} } } }),
    ]);
    // Dropping a shared value keeps it (the other applier still owns it); dropping an own value removes it.
    const dropped = apply(result.object, pod(undefined, { finalizers: ['b.example/y'] }), 'two', t2);
    expect((dropped.object.metadata as Obj).finalizers).toEqual(['a.example/x', 'shared', 'b.example/y']);
    const droppedOwn = apply(result.object, pod(undefined, { finalizers: ['shared'] }), 'two', t2);
    expect((droppedOwn.object.metadata as Obj).finalizers).toEqual(['a.example/x', 'shared']);
  });
});

describe('atomic lists and maps (args, nodeSelector)', () => {
  const first = apply(null, pod({ containers: [{ name: 'app', args: ['a', 'b'] }], nodeSelector: { disk: 'ssd', zone: 'x' } }), 'one', t0).object;

  it('are owned whole and replaced whole', () => {
    const result = apply(first, pod({ containers: [{ name: 'app', args: ['c'] }], nodeSelector: { zone: 'y' } }), 'one', t1);
    expect(result.object.spec).toEqual({ containers: [{ name: 'app', args: ['c'] }], nodeSelector: { zone: 'y' } });
    expect(result.managedFields).toEqual([
      entry('one', T1, { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:args': {}, 'f:name': {} } }, 'f:nodeSelector': {} } }),
    ]);
  });

  it('conflict as a whole when another manager changes any part', () => {
    expect(() => apply(first, pod({ containers: [{ name: 'app', args: ['a', 'b', 'c'] }] }), 'two', t1)).toThrow(
      'Apply failed with 1 conflict: conflict with "one": .spec.containers[name="app"].args',
    );
    expect(() => apply(first, pod({ nodeSelector: { disk: 'ssd' } }), 'two', t1)).toThrow(
      'Apply failed with 1 conflict: conflict with "one": .spec.nodeSelector',
    );
  });
});

describe('removing fields from the applied configuration (docs: "Merge strategy")', () => {
  const full = pod(
    { containers: [{ name: 'app', image: 'app:1' }, { name: 'debug', image: 'busybox' }], hostNetwork: true },
    { labels: { app: 'p', debug: 'yes' } },
  );
  const first = apply(null, full, 'one', t0).object;

  it('removes what the manager no longer applies when nobody else owns it', () => {
    const result = apply(first, pod({ containers: [{ name: 'app', image: 'app:1' }] }, { labels: { app: 'p' } }), 'one', t1);
    expect(withoutManaged(result.object)).toEqual(pod({ containers: [{ name: 'app', image: 'app:1' }] }, { labels: { app: 'p' } }));
    expect(result.managedFields).toEqual([
      entry('one', T1, {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
      }),
    ]);
  });

  it('keeps what another manager also owns, which then owns it alone', () => {
    const shared = apply(first, pod({ hostNetwork: true }, { labels: { debug: 'yes' } }), 'two', t1).object;
    const result = apply(shared, pod({ containers: [{ name: 'app', image: 'app:1' }] }), 'one', t2);
    expect(withoutManaged(result.object)).toEqual(pod({ containers: [{ name: 'app', image: 'app:1' }], hostNetwork: true }, { labels: { debug: 'yes' } }));
    expect(result.managedFields).toEqual([
      entry('two', T1, { 'f:metadata': { 'f:labels': { 'f:debug': {} } }, 'f:spec': { 'f:hostNetwork': {} } }),
      entry('one', T2, { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } }),
    ]);
  });

  it('removes a whole map that becomes empty', () => {
    const result = apply(first, pod({ containers: [{ name: 'app', image: 'app:1' }, { name: 'debug', image: 'busybox' }], hostNetwork: true }), 'one', t1);
    expect(result.object.metadata).toEqual({ name: 'p', managedFields: result.managedFields });
  });
});
