// Semantic validation of a whole object before it is stored: ObjectMeta rules and each built-in
// kind's own rules (machinery's validateBuiltin[Update]), CRD definitions, and ObjectMeta of custom
// resources. Failures are one 422 Invalid with every cause.
import {
  invalid,
  nameIsPathSegment,
  validateBuiltin,
  validateBuiltinUpdate,
  validateObjectMeta,
  type FieldError,
} from '../../machinery/index.js';
import { validateCustomResourceDefinition } from '../crd/index.js';
import type { ServedResource } from '../served-resources.js';
import type { KubeObject } from '../storage/resource-storage.js';

const isCrd = (resource: ServedResource) => resource.info.group === 'apiextensions.k8s.io' && resource.info.plural === 'customresourcedefinitions';

export function validationErrors(resource: ServedResource, object: KubeObject, old?: KubeObject): FieldError[] {
  const { group, kind, namespaced } = resource.info;
  if (resource.custom !== undefined) return validateObjectMeta(object.metadata, { namespaced, nameValidator: nameIsPathSegment });
  const builtin = { group, kind };
  const errors = old === undefined ? validateBuiltin(builtin, object, { namespaced }) : validateBuiltinUpdate(builtin, object, old, { namespaced });
  if (isCrd(resource)) errors.push(...validateCustomResourceDefinition(object, old));
  return errors;
}

/** Throws 422 Invalid when the object breaks its kind's rules. */
export function validateObject(resource: ServedResource, object: KubeObject, old?: KubeObject): void {
  const errors = validationErrors(resource, object, old);
  if (errors.length > 0) throw invalid({ group: resource.info.group, kind: resource.info.kind }, object.metadata.name ?? '', errors);
}
