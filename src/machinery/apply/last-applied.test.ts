import { describe, expect, it } from 'vitest';
import { lastAppliedAnnotation, serverSideApply, updateManagedFields } from './index.js';
import { deploymentSchema, t0, t1, walker } from './testing/schemas.js';

type Obj = Record<string, unknown>;
const rootSchema = deploymentSchema;

function deployment(spec: Obj, annotations?: Obj): Obj {
  const metadata: Obj = { name: 'web' };
  if (annotations !== undefined) metadata.annotations = annotations;
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec };
}

/** An object as `kubectl apply` (client-side) leaves it: the annotation plus a kubectl-client-side-apply Update entry. */
function clientSideApplied(spec: Obj, liveSpec: Obj = spec): Obj {
  const annotation = `${JSON.stringify(deployment(spec))}\n`;
  return updateManagedFields({ live: null, updated: deployment(liveSpec, { [lastAppliedAnnotation]: annotation }), manager: 'kubectl-client-side-apply', walker, rootSchema, now: t0 }).object;
}

describe('upgrading from client-side apply (docs: "Upgrading from client side apply to server side apply")', () => {
  it('lets `kubectl apply --server-side` take fields still matching the annotation, and refreshes it', () => {
    const live = clientSideApplied({ replicas: 3 });
    const result = serverSideApply({ live, applied: deployment({ replicas: 5 }), manager: 'kubectl', walker, rootSchema, now: t1 });
    expect(result.object.spec).toEqual({ replicas: 5 });
    expect(result.managedFields.map((entry) => [entry.manager, entry.operation, entry.fieldsV1])).toEqual([
      ['kubectl', 'Apply', { 'f:spec': { 'f:replicas': {} } }],
      ['kubectl-client-side-apply', 'Update', { 'f:metadata': { 'f:annotations': { '.': {}, [`f:${lastAppliedAnnotation}`]: {} } } }],
    ]);
    expect((result.object.metadata as Obj).annotations).toEqual({
      [lastAppliedAnnotation]: '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":5}}\n',
    });
  });

  it('still conflicts for other managers, and when the live value drifted from the annotation', () => {
    const live = clientSideApplied({ replicas: 3 });
    expect(() => serverSideApply({ live, applied: deployment({ replicas: 5 }), manager: 'deployer', walker, rootSchema, now: t1 })).toThrow(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    const drifted = clientSideApplied({ replicas: 3 }, { replicas: 4 });
    expect(() => serverSideApply({ live: drifted, applied: deployment({ replicas: 5 }), manager: 'kubectl', walker, rootSchema, now: t1 })).toThrow(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
  });
});
