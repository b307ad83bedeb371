// The write-path fast paths (equal subtrees skipped, managers' sets reused, cached encodings) against
// the straightforward implementation kept in testing/reference: byte-identical results on the
// writes a density run is made of, on chains of writes, and on the edge cases of managedFields.
import { describe, expect, it } from 'vitest';
import { definition } from '../../api/index.js';
import { createSchemaWalker } from '../schema-walk.js';
import { updateManagedFields, type UpdateManagedFieldsOptions } from './index.js';
import { densityNow, densityWrites, type Obj } from './testing/density-writes.js';
import { updateManagedFields as referenceUpdate } from './testing/reference/update-managed-fields.js';
import { deploymentSchema, podSchema, walker as handMadeWalker } from './testing/schemas.js';

const walker = createSchemaWalker((ref) => definition(ref));
const fresh = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Runs both implementations on copies of the same input; returns the fast path's result after checking them equal. */
function both(options: UpdateManagedFieldsOptions): Obj {
  const inputs = JSON.stringify({ live: options.live, updated: options.updated });
  const expected = referenceUpdate({ ...options, live: fresh(options.live), updated: fresh(options.updated) });
  const actual = updateManagedFields(options);
  // Byte-identical, key order included, as clients and watchers see them.
  expect(JSON.stringify(actual.object)).toBe(JSON.stringify(expected.object));
  expect(JSON.stringify(actual.managedFields)).toBe(JSON.stringify(expected.managedFields));
  // Inputs are left as they were.
  expect(JSON.stringify({ live: options.live, updated: options.updated })).toBe(inputs);
  return actual.object;
}

describe('updateManagedFields against the reference implementation', () => {
  for (const [name, { schema, write }] of Object.entries(densityWrites)) {
    it(`density write: ${name}`, () => {
      for (let i = 0; i < 20; i++) {
        const { live, updated, manager, subresource } = fresh(write(i));
        both({ live, updated, manager, walker, rootSchema: schema, now: densityNow, subresource });
        // The same write again, onto the result (same fields, later time), and by another manager.
        const stored = both({ live, updated, manager, walker, rootSchema: schema, now: densityNow, subresource });
        const again = fresh(stored);
        const later = new Date(densityNow.getTime() + 10_000);
        both({ live: stored, updated: again, manager, walker, rootSchema: schema, now: later, subresource });
        both({ live: stored, updated: fresh(again), manager: 'other', walker, rootSchema: schema, now: later, subresource });
        both({ live: stored, updated: fresh(again), manager: 'other', walker, rootSchema: schema, now: later });
      }
    });
  }

  it('chains of writes by several managers: spec, labels, status, lists, removals', () => {
    const pod = (fresh(densityWrites['pod status, again (kubelet, same fields)'].write(7)).live as Obj);
    let stored = pod;
    const steps: Array<{ manager: string; subresource?: string; edit: (copy: Obj) => void }> = [
      { manager: 'labeler', edit: (copy) => ((copy.metadata as Obj).labels = { ...((copy.metadata as Obj).labels as Obj), team: 'a' }) },
      { manager: 'kubelet', subresource: 'status', edit: (copy) => ((copy.status as Obj).podIP = '10.9.9.9') },
      { manager: 'kubelet', subresource: 'status', edit: (copy) => ((copy.status as Obj).conditions = ((copy.status as Obj).conditions as Obj[]).slice(1)) },
      { manager: 'editor', edit: (copy) => (((copy.spec as Obj).containers as Obj[])[0].image = 'pause:3.11') },
      { manager: 'editor', edit: (copy) => ((copy.spec as Obj).tolerations = []) },
      { manager: 'labeler', edit: (copy) => delete ((copy.metadata as Obj).labels as Obj).team },
      { manager: 'editor', edit: (copy) => ((copy.metadata as Obj).annotations = { a: '1', b: null }) },
      { manager: 'editor', edit: (copy) => ((copy.spec as Obj).containers = [...((copy.spec as Obj).containers as Obj[]), { name: 'side', image: 'x' }]) },
      { manager: 'kube-controller-manager', edit: (copy) => ((copy.metadata as Obj).ownerReferences = []) },
      { manager: 'editor', edit: (copy) => ((copy.metadata as Obj).managedFields = [{}]) },
      { manager: 'editor', edit: (copy) => ((copy.metadata as Obj).labels = { x: 'y' }) },
    ];
    steps.forEach((step, index) => {
      const updated = fresh(stored);
      step.edit(updated);
      const now = new Date(densityNow.getTime() + index * 1000);
      stored = both({ live: stored, updated, manager: step.manager, walker, rootSchema: { $ref: 'io.k8s.api.core.v1.Pod' }, now, subresource: step.subresource });
    });
  });

  it('managedFields the client sends: edited, equal to the live ones, undecodable, cleared', () => {
    const { live } = fresh(densityWrites['ReplicaSet status (controller, PUT replicasets/status)'].write(3));
    const rootSchema = { $ref: 'io.k8s.api.apps.v1.ReplicaSet' };
    const entries = (live!.metadata as Obj).managedFields as Obj[];
    const variants: Array<(copy: Obj) => void> = [
      () => undefined,
      (copy) => ((copy.metadata as Obj).managedFields = entries.slice(1)),
      (copy) => ((copy.metadata as Obj).managedFields = [{ ...entries[0], manager: 'renamed' }]),
      (copy) => ((copy.metadata as Obj).managedFields = [{ ...entries[0], fieldsType: 'FieldsV2' }]),
      (copy) => ((copy.metadata as Obj).managedFields = [{ ...entries[0], fieldsV1: { 'x:bad': {} } }]),
      (copy) => ((copy.metadata as Obj).managedFields = [{}]),
      (copy) => delete (copy.metadata as Obj).managedFields,
    ];
    for (const variant of variants) {
      const updated = fresh(live!);
      (updated.spec as Obj).replicas = 31;
      variant(updated);
      both({ live: live!, updated, manager: 'kubectl', walker, rootSchema, now: densityNow });
      both({ live: live!, updated: fresh(updated), manager: 'kubectl', walker, rootSchema, now: densityNow, subresource: 'status' });
    }
    // A live object without managedFields is not tracked; one whose entries are broken starts over.
    const untracked = fresh(live!);
    delete (untracked.metadata as Obj).managedFields;
    both({ live: untracked, updated: fresh(untracked), manager: 'kubectl', walker, rootSchema, now: densityNow });
    const broken = fresh(live!);
    (broken.metadata as Obj).managedFields = 'nope';
    both({ live: broken, updated: fresh(untracked), manager: 'kubectl', walker, rootSchema, now: densityNow });
  });

  it('stored FieldsV1 that is not in printed form is decoded and printed anew', () => {
    const { live } = fresh(densityWrites['pod status, again (kubelet, same fields)'].write(5));
    const rootSchema = { $ref: 'io.k8s.api.core.v1.Pod' };
    const uncanonical: Obj[] = [
      { 'f:spec': { 'f:nodeName': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } },
      { 'f:spec': { 'f:nodeName': { '.': {} } } },
      { '.': {}, 'f:spec': { 'f:nodeName': {} } },
      { 'f:spec': { 'f:tolerations': {}, '.': {}, 'f:nodeName': {} } },
      { 'f:spec': { '.': { x: {} }, 'f:nodeName': {} } },
      { 'f:spec': { 'f:containers': { 'k:{"name": "pause"}': { 'f:image': {} } } } },
      { 'f:spec': { 'f:containers': { 'k:{"name":"pause"}': { 'f:image': {} }, 'k:{"name":"a"}': {} } } },
      { 'f:status': { 'f:conditions': { 'k:{"type":"Ready","a":1}': {} } } },
      { 'f:metadata': { 'f:finalizers': { 'v:"b"': {}, 'v:"a"': {} } } },
      { 'f:spec': { 'f:x': { 'i:01': {} } } },
      { 'f:spec': { 'f:x': { 'i:2': {}, 'i:10': {} } } },
      { 'f:spec': { 'f:x': { 'v:1': {}, 'i:0': {}, 'k:{"a":1}': {}, 'f:z': {} } } },
      { 'f:spec': { 'f:nodeName': [] } },
      { 'f:spec': { 'z:nodeName': {} } },
    ];
    for (const fieldsV1 of uncanonical) {
      const stored = fresh(live!);
      const entries = (stored.metadata as Obj).managedFields as Obj[];
      entries[0].fieldsV1 = fieldsV1;
      const updated = fresh(stored);
      (updated.spec as Obj).nodeName = 'elsewhere';
      ((updated.metadata as Obj).labels as Obj).extra = 'x';
      both({ live: stored, updated, manager: 'kube-controller-manager', walker, rootSchema, now: densityNow });
      both({ live: stored, updated: fresh(updated), manager: 'kubelet', walker, rootSchema, now: densityNow, subresource: 'status' });
      both({ live: stored, updated: fresh(stored), manager: 'kubelet', walker, rootSchema, now: densityNow, subresource: 'status' });
    }
  });

  it('keyed lists: items changed in place, reordered, duplicated, missing keys, scalars among items', () => {
    const { live } = fresh(densityWrites['pod status, again (kubelet, same fields)'].write(9));
    const rootSchema = { $ref: 'io.k8s.api.core.v1.Pod' };
    const conditions = (object: Obj) => (object.status as Obj).conditions as Obj[];
    const edits: Array<(copy: Obj) => void> = [
      (copy) => (conditions(copy)[2].status = 'False'),
      (copy) => conditions(copy).reverse(),
      (copy) => ((copy.status as Obj).conditions = [...conditions(copy), { ...conditions(copy)[0], status: 'Unknown' }]),
      (copy) => (conditions(copy)[1] = { ...conditions(copy)[0], status: 'Unknown' }),
      (copy) => delete conditions(copy)[3].type,
      (copy) => (conditions(copy)[4] = 'scalar' as unknown as Obj),
      (copy) => (((copy.spec as Obj).containers as Obj[])[0].name = 'renamed'),
    ];
    for (const edit of edits) {
      const updated = fresh(live!);
      edit(updated);
      const stored = both({ live: live!, updated, manager: 'kubelet', walker, rootSchema, now: densityNow, subresource: 'status' });
      // And back, from the odd list to a later change of it.
      const next = fresh(stored);
      conditions(next)[0].lastTransitionTime = '2026-11-22T09:00:00Z';
      // The last item: a later duplicate of the first's key in one case (then ignored), a scalar in another.
      const last = conditions(next).length - 1;
      if (isObject(conditions(next)[last])) conditions(next)[last].reason = 'Later';
      both({ live: stored, updated: next, manager: 'other', walker, rootSchema, now: densityNow, subresource: 'status' });
    }
  });

  const createSchemas = [{ $ref: 'io.k8s.api.core.v1.Pod' }, { $ref: 'io.k8s.api.apps.v1.Deployment' }];
  it('creates of one shape share their fields; null, empty, list contents and schema tell shapes apart', () => {
    const pod = (fresh(densityWrites['pod create (POST from a ReplicaSet template)'].write(11)).updated as Obj);
    const variants: Array<(copy: Obj) => void> = [
      () => undefined,
      (copy) => ((copy.metadata as Obj).name = 'another-name'),
      (copy) => ((copy.spec as Obj).priority = null),
      (copy) => ((copy.spec as Obj).securityContext = { runAsUser: 1 }),
      (copy) => ((copy.spec as Obj).securityContext = null),
      (copy) => ((copy.metadata as Obj).labels = {}),
      (copy) => ((copy.metadata as Obj).labels = null),
      (copy) => ((copy.metadata as Obj).labels = 'scalar'),
      (copy) => ((copy.metadata as Obj).finalizers = ['a', 'b']),
      (copy) => ((copy.metadata as Obj).finalizers = ['a', 'a']),
      (copy) => (((copy.spec as Obj).containers as Obj[])[0].name = 'other'),
      (copy) => ((copy.spec as Obj).containers = [{ name: 'a' }, { name: 'a', image: 'x' }]),
      (copy) => ((copy.spec as Obj).terminationGracePeriodSeconds = 'thirty'),
      (copy) => ((copy.metadata as Obj).managedFields = []),
      (copy) => ((copy.metadata as Obj).managedFields = [{}]),
      (copy) => delete copy.apiVersion,
    ];
    for (let round = 0; round < 2; round++) {
      for (const variant of variants) {
        const updated = fresh(pod);
        variant(updated);
        for (const rootSchema of createSchemas) {
          both({ live: null, updated: fresh(updated), manager: 'creator', walker, rootSchema, now: densityNow });
          both({ live: null, updated: fresh(updated), manager: '', walker, rootSchema, now: densityNow, subresource: 'status' });
        }
        both({ live: null, updated: fresh(updated), manager: 'creator', walker: handMadeWalker, rootSchema: podSchema, now: densityNow });
      }
    }
    // Nothing the writer owns (identity fields only) is remembered as such, and stays so.
    for (let round = 0; round < 2; round++) both({ live: null, updated: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, manager: 'm', walker, rootSchema: podSchema, now: densityNow });
  });

  it('hand-made schemas: null and unset, empty maps, atomic maps, set lists', () => {
    const base = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { a: 'b' } }, spec: { replicas: 1, selector: { matchLabels: { a: 'b' } } } };
    const created = both({ live: null, updated: fresh(base), manager: 'one', walker: handMadeWalker, rootSchema: deploymentSchema, now: densityNow });
    const edits: Array<(copy: Obj) => void> = [
      (copy) => ((copy.spec as Obj).replicas = null),
      (copy) => ((copy.spec as Obj).selector = { matchLabels: { a: 'c' } }),
      (copy) => ((copy.metadata as Obj).labels = {}),
      (copy) => ((copy.metadata as Obj).finalizers = ['x', 'y']),
      (copy) => ((copy.spec as Obj).template = { spec: { containers: [{ name: 'a' }, { name: 'a', image: 'dup' }] } }),
      (copy) => delete copy.spec,
    ];
    for (const edit of edits) {
      const updated = fresh(created);
      edit(updated);
      both({ live: created, updated, manager: 'two', walker: handMadeWalker, rootSchema: deploymentSchema, now: densityNow });
    }
    both({ live: null, updated: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } }, manager: 'p', walker: handMadeWalker, rootSchema: podSchema, now: densityNow });
  });
});
