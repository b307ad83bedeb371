import { describe, expect, it } from 'vitest';
import { StatusError } from '../errors.js';
import { FieldSet, fieldElement, managerFromUserAgent, serverSideApply, validateFieldManager, updateManagedFields, type ManagedFieldsEntry } from './index.js';
import { deploymentSchema, t0, t1, t2, walker } from './testing/schemas.js';

type Obj = Record<string, unknown>;
const rootSchema = deploymentSchema;
const T0 = '2026-01-02T03:04:05Z';
const T1 = '2026-01-02T03:05:00Z';
const T2 = '2026-01-02T03:06:00Z';

function deployment(spec: Obj, metadata: Obj = {}): Obj {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', uid: 'u1', ...metadata }, spec };
}

function update(live: Obj | null, updated: Obj, manager: string, now: Date, subresource?: string) {
  return updateManagedFields({ live, updated, manager, operation: 'Update', walker, rootSchema, now, subresource });
}

function apply(live: Obj | null, applied: Obj, manager: string, now: Date, force = false) {
  return serverSideApply({ live, applied, manager, force, walker, rootSchema, now });
}

function entry(manager: string, operation: 'Apply' | 'Update', time: string, fieldsV1: Obj, subresource?: string): ManagedFieldsEntry {
  const result: ManagedFieldsEntry = { manager, operation, apiVersion: 'apps/v1', time, fieldsType: 'FieldsV1', fieldsV1: fieldsV1 as ManagedFieldsEntry['fieldsV1'] };
  if (subresource !== undefined) result.subresource = subresource;
  return result;
}

/** A copy of `object` with `change` applied to a deep copy, keeping managedFields as a client would send them. */
function edit(object: Obj, change: (copy: Obj) => void): Obj {
  const copy = structuredClone(object);
  change(copy);
  return copy;
}

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } };

describe('updateManagedFields: create', () => {
  it('gives the creator every field it set (operation Update), identity fields excluded', () => {
    const created = update(null, deployment({ replicas: 1, template }, { namespace: 'default', labels: { app: 'web' }, creationTimestamp: T0 }), 'kubectl-create', t0);
    expect(created.managedFields).toEqual([
      entry('kubectl-create', 'Update', T0, {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:template': {
            'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
            // containers has no omitempty upstream: a nil list, not an absent one, so no "." of its own.
            'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
          },
        },
      }),
    ]);
    expect((created.object.metadata as Obj).managedFields).toEqual(created.managedFields);
  });
});

describe('updateManagedFields: later writes', () => {
  const applied = apply(null, deployment({ replicas: 3, template }), 'deployer', t0).object;

  it('lets an Update manager take a field over (kubectl edit), and the applier then conflicts with it', () => {
    const edited = update(applied, edit(applied, (copy) => ((copy.spec as Obj).replicas = 7)), 'kubectl-edit', t1);
    expect(edited.managedFields).toEqual([
      entry('deployer', 'Apply', T0, {
        'f:spec': { 'f:template': { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } },
      }),
      entry('kubectl-edit', 'Update', T1, { 'f:spec': { 'f:replicas': {} } }),
    ]);
    const error = (() => {
      try {
        apply(edited.object, deployment({ replicas: 3, template }), 'deployer', t2);
      } catch (thrown) {
        return thrown as StatusError;
      }
      return undefined;
    })();
    expect(error?.status.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas');
    expect(error?.status.details?.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-edit" using apps/v1', field: '.spec.replicas' }]);
  });

  it('removes deleted fields from every owner and drops entries left empty', () => {
    const edited = update(applied, edit(applied, (copy) => delete (copy.spec as Obj).template), 'kubectl-edit', t1);
    expect(edited.managedFields).toEqual([entry('deployer', 'Apply', T0, { 'f:spec': { 'f:replicas': {} } })]);
  });

  it('records nothing for a write that changes nothing, and merges a manager\'s successive writes', () => {
    expect(update(applied, structuredClone(applied), 'kubectl-edit', t1).managedFields).toEqual((applied.metadata as Obj).managedFields);
    const once = update(applied, edit(applied, (copy) => ((copy.metadata as Obj).annotations = { note: 'a' })), 'kubectl-annotate', t1).object;
    const twice = update(once, edit(once, (copy) => ((copy.metadata as Obj).labels = { team: 'x' })), 'kubectl-annotate', t2);
    expect(twice.managedFields[1]).toEqual(
      entry('kubectl-annotate', 'Update', T2, { 'f:metadata': { 'f:annotations': { '.': {}, 'f:note': {} }, 'f:labels': { '.': {}, 'f:team': {} } } }),
    );
  });

  it('tracks subresource writes in their own entry, ignoring managedFields sent with them', () => {
    const withStatus = update(applied, edit(applied, (copy) => {
      copy.status = { replicas: 3 };
      (copy.metadata as Obj).managedFields = [];
    }), 'kube-controller-manager', t1, 'status');
    expect(withStatus.managedFields[1]).toEqual(entry('kube-controller-manager', 'Update', T1, { 'f:status': { 'f:replicas': {} } }, 'status'));
    expect(Object.keys(withStatus.managedFields[1])).toEqual(['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource']);
    const error = (() => {
      try {
        apply(withStatus.object, { ...deployment({}), status: { replicas: 1 } }, 'deployer', t2);
      } catch (thrown) {
        return thrown as StatusError;
      }
      return undefined;
    })();
    expect(error?.status.message).toBe('Apply failed with 1 conflict: conflict with "kube-controller-manager" with subresource "status" using apps/v1: .status.replicas');
  });

  it('uses managedFields the client sends, and clears them when it sends [{}]', () => {
    const mine = [entry('someone', 'Update', T0, { 'f:spec': { 'f:replicas': {} } })];
    const replaced = update(applied, edit(applied, (copy) => ((copy.metadata as Obj).managedFields = mine)), 'kubectl-edit', t1);
    expect(replaced.managedFields).toEqual(mine);
    const cleared = update(applied, edit(applied, (copy) => ((copy.metadata as Obj).managedFields = [{}])), 'kubectl-edit', t1);
    expect(cleared.managedFields).toEqual([]);
    expect(cleared.object.metadata).toEqual({ name: 'web', uid: 'u1' });
    // Unreadable managedFields sent by a client fall back to the live ones.
    const garbage = update(applied, edit(applied, (copy) => ((copy.metadata as Obj).managedFields = [{ manager: 'x', operation: 'Sideways' }])), 'kubectl-edit', t1);
    expect(garbage.managedFields).toEqual((applied.metadata as Obj).managedFields);
  });

  it('does not start tracking an existing object that has no managedFields', () => {
    const untracked = deployment({ replicas: 1 });
    const result = update(untracked, deployment({ replicas: 2 }), 'kubectl-edit', t1);
    expect(result).toEqual({ object: deployment({ replicas: 2 }), managedFields: [] });
  });
});

describe('bookkeeping limits', () => {
  it('folds the oldest Update entries into "ancient-changes" beyond ten', () => {
    let object = update(null, deployment({}, { labels: { l0: 'x' } }), 'writer-0', new Date(Date.UTC(2026, 0, 1, 0, 0, 0)), undefined).object;
    for (let index = 1; index <= 11; index += 1) {
      object = update(object, edit(object, (copy) => (((copy.metadata as Obj).labels as Obj)[`l${index}`] = 'x')), `writer-${index}`, new Date(Date.UTC(2026, 0, 1, 0, index, 0))).object;
    }
    const entries = (object.metadata as Obj).managedFields as ManagedFieldsEntry[];
    expect(entries.map((one) => `${one.manager}@${one.time}`)).toEqual([
      'ancient-changes@2026-01-01T00:02:00Z',
      ...Array.from({ length: 9 }, (_, offset) => `writer-${offset + 3}@2026-01-01T00:${String(offset + 3).padStart(2, '0')}:00Z`),
    ]);
    expect(entries[0].fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { '.': {}, 'f:l0': {}, 'f:l1': {}, 'f:l2': {} } } });
  });

  it('never gives reset fields (status on the main resource) to anyone', () => {
    const resetFields = FieldSet.of([[fieldElement('status')]]);
    const created = serverSideApply({ live: null, applied: { ...deployment({ replicas: 1 }), status: { replicas: 9 } }, manager: 'deployer', walker, rootSchema, now: t0, resetFields });
    expect(created.managedFields).toEqual([entry('deployer', 'Apply', T0, { 'f:spec': { 'f:replicas': {} } })]);
    const updated = updateManagedFields({ live: created.object, updated: edit(created.object, (copy) => (copy.status = { replicas: 2 })), manager: 'editor', walker, rootSchema, now: t1, resetFields });
    expect(updated.managedFields).toEqual(created.managedFields);
  });
});

describe('serverSideApply on objects written before', () => {
  it('gives fields of an untracked object to "before-first-apply"', () => {
    const untracked = deployment({ replicas: 1, minReadySeconds: 4 });
    const result = apply(untracked, deployment({ replicas: 1 }), 'deployer', t1);
    expect(result.managedFields).toEqual([
      entry('deployer', 'Apply', T1, { 'f:spec': { 'f:replicas': {} } }),
      entry('before-first-apply', 'Update', T1, { 'f:spec': { 'f:minReadySeconds': {}, 'f:replicas': {} } }),
    ]);
    expect(() => apply(untracked, deployment({ minReadySeconds: 5 }), 'deployer', t1)).toThrow(
      'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.minReadySeconds',
    );
  });

  it('keeps the applier\'s time when a re-apply changes nothing', () => {
    const first = apply(null, deployment({ replicas: 1 }), 'deployer', t0);
    const again = apply(first.object, deployment({ replicas: 1 }), 'deployer', t2);
    expect(again.changed).toBe(false);
    expect(again.managedFields).toEqual([entry('deployer', 'Apply', T0, { 'f:spec': { 'f:replicas': {} } })]);
  });

  it('refuses managedFields in the applied configuration and a missing field manager', () => {
    const withManaged = deployment({ replicas: 1 }, { managedFields: [] });
    expect(() => apply(null, withManaged, 'deployer', t0)).toThrow('metadata.managedFields must be nil');
    const missingManager = (() => {
      try {
        apply(null, deployment({}), '', t0);
      } catch (thrown) {
        return thrown as StatusError;
      }
      return undefined;
    })();
    expect(missingManager?.status).toMatchObject({ code: 422, message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch' });
  });
});

describe('managerFromUserAgent', () => {
  it('takes the user agent up to the first "/"', () => {
    expect(managerFromUserAgent('kubectl/v1.32.4 (linux/amd64) kubernetes/abc')).toBe('kubectl');
    expect(managerFromUserAgent('Go-http-client/2.0')).toBe('Go-http-client');
    expect(managerFromUserAgent('plain')).toBe('plain');
    expect(managerFromUserAgent(undefined)).toBe('');
    expect(managerFromUserAgent('bad\u0007agent/1')).toBe('badagent');
    expect(managerFromUserAgent('x'.repeat(200))).toBe('x'.repeat(128));
  });

  it('validates a fieldManager as upstream: 128 bytes, printable', () => {
    expect(validateFieldManager('kubectl-edit')).toEqual([]);
    expect(validateFieldManager('a\tb')).toEqual([
      { type: 'FieldValueInvalid', field: 'fieldManager', message: 'Invalid value: "a\\tb": invalid character U+0009 (at position 1)' },
    ]);
    expect(validateFieldManager('y'.repeat(129))).toEqual([{ type: 'FieldValueTooLong', field: 'fieldManager', message: 'Too long: may not be more than 128 bytes' }]);
  });
});
