import { describe, expect, it } from 'vitest';
import { StatusError } from '../errors.js';
import { serverSideApply, updateManagedFields, type ManagedFieldsEntry } from './index.js';
import { deploymentSchema, t0, t1, t2, walker } from './testing/schemas.js';

type Obj = Record<string, unknown>;
const rootSchema = deploymentSchema;

function deployment(spec: Obj, metadata: Obj = {}): Obj {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', ...metadata }, spec };
}

function apply(live: Obj | null, applied: Obj, manager: string, now: Date, force = false) {
  return serverSideApply({ live, applied, manager, force, walker, rootSchema, now });
}

function update(live: Obj | null, updated: Obj, manager: string, now: Date) {
  return updateManagedFields({ live, updated, manager, operation: 'Update', walker, rootSchema, now });
}

function entry(manager: string, operation: 'Apply' | 'Update', time: string, fieldsV1: Obj): ManagedFieldsEntry {
  return { manager, operation, apiVersion: 'apps/v1', time, fieldsType: 'FieldsV1', fieldsV1: fieldsV1 as ManagedFieldsEntry['fieldsV1'] };
}

function catchStatus(run: () => unknown): StatusError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error('expected a StatusError');
}

const T0 = '2026-01-02T03:04:05Z';
const T1 = '2026-01-02T03:05:00Z';
const T2 = '2026-01-02T03:06:00Z';

describe('serverSideApply: creating', () => {
  it('creates the object and records the applied fields as the manager\'s (operation Apply)', () => {
    const applied = deployment(
      {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] } },
      },
      { namespace: 'default', labels: { app: 'web' } },
    );
    const result = apply(null, applied, 'kubectl', t0);
    const expectedFields = [
      entry('kubectl', 'Apply', T0, {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': {
              'f:containers': {
                'k:{"name":"nginx"}': {
                  '.': {},
                  'f:image': {},
                  'f:name': {},
                  'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                },
              },
            },
          },
        },
      }),
    ];
    expect(result.managedFields).toEqual(expectedFields);
    expect(result.changed).toBe(true);
    expect(result.object).toEqual({ ...applied, metadata: { ...(applied.metadata as Obj), managedFields: expectedFields } });
    // Entry keys in upstream's JSON order.
    expect(Object.keys(result.managedFields[0])).toEqual(['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1']);
  });
});

describe('serverSideApply: conflicts (docs: "Conflicts")', () => {
  const created = update(null, deployment({ replicas: 3 }, { uid: 'u1' }), 'kubectl-client-side-apply', t0).object;

  it('refuses to change a field another manager set to a different value', () => {
    const error = catchStatus(() => apply(created, deployment({ replicas: 5 }), 'my-applier', t1));
    expect(error.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      reason: 'Conflict',
      details: {
        causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }],
      },
      code: 409,
    });
  });

  it('shares ownership when the applied value equals the one set (no conflict)', () => {
    const result = apply(created, deployment({ replicas: 3 }), 'my-applier', t1);
    expect(result.changed).toBe(false);
    expect(result.managedFields).toEqual([
      entry('my-applier', 'Apply', T1, { 'f:spec': { 'f:replicas': {} } }),
      entry('kubectl-client-side-apply', 'Update', T0, { 'f:spec': { 'f:replicas': {} } }),
    ]);
    // Now the other manager changing it conflicts with both owners' view... and a later apply by
    // the co-owner with a new value conflicts with the updater.
    const error = catchStatus(() => apply(result.object, deployment({ replicas: 4 }), 'my-applier', t2));
    expect(error.status.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
  });

  it('force-conflicts takes the field over', () => {
    const result = apply(created, deployment({ replicas: 5 }), 'my-applier', t1, true);
    expect((result.object.spec as Obj).replicas).toBe(5);
    expect(result.managedFields).toEqual([
      entry('my-applier', 'Apply', T1, { 'f:spec': { 'f:replicas': {} } }),
    ]);
  });

  it('conflicts between two appliers name the other applier without a version, and force moves ownership', () => {
    const first = apply(null, deployment({ replicas: 2, minReadySeconds: 1 }), 'applier-a', t0).object;
    expect(() => apply(first, deployment({ replicas: 4 }), 'applier-b', t1)).toThrow('Apply failed with 1 conflict: conflict with "applier-a": .spec.replicas');
    const forced = apply(first, deployment({ replicas: 4 }), 'applier-b', t1, true);
    expect(forced.managedFields).toEqual([
      entry('applier-a', 'Apply', T0, { 'f:spec': { 'f:minReadySeconds': {} } }),
      entry('applier-b', 'Apply', T1, { 'f:spec': { 'f:replicas': {} } }),
    ]);
    // applier-a still lists replicas in its config, but no longer owns it: re-applying the old value conflicts.
    expect(() => apply(forced.object, deployment({ replicas: 2, minReadySeconds: 1 }), 'applier-a', t2)).toThrow(
      'Apply failed with 1 conflict: conflict with "applier-b": .spec.replicas',
    );
    // Dropping replicas from applier-a's config does not remove it: applier-b owns it.
    const dropped = apply(forced.object, deployment({ minReadySeconds: 1 }), 'applier-a', t2);
    expect(dropped.object.spec).toEqual({ replicas: 4, minReadySeconds: 1 });
  });

  it('lists every conflict, grouped by manager, when there are several', () => {
    const live = apply(null, deployment({ replicas: 1, minReadySeconds: 5 }, { labels: { tier: 'a' } }), 'alpha', t0).object;
    const both = apply(live, deployment({ minReadySeconds: 5, strategy: { type: 'Recreate' } }), 'beta', t1).object;
    const error = catchStatus(() => apply(both, deployment({ replicas: 2, minReadySeconds: 6, strategy: { type: 'RollingUpdate' } }, { labels: { tier: 'b' } }), 'gamma', t2));
    expect(error.status.message).toBe(
      'Apply failed with 5 conflicts: conflicts with "alpha":\n- .metadata.labels.tier\n- .spec.minReadySeconds\n- .spec.replicas\n' +
        'conflicts with "beta":\n- .spec.minReadySeconds\n- .spec.strategy.type',
    );
    expect(error.status.details?.causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "alpha"', field: '.metadata.labels.tier' },
      { reason: 'FieldManagerConflict', message: 'conflict with "alpha"', field: '.spec.minReadySeconds' },
      { reason: 'FieldManagerConflict', message: 'conflict with "alpha"', field: '.spec.replicas' },
      { reason: 'FieldManagerConflict', message: 'conflict with "beta"', field: '.spec.minReadySeconds' },
      { reason: 'FieldManagerConflict', message: 'conflict with "beta"', field: '.spec.strategy.type' },
    ]);
  });
});
