// Validation of a whole object before it is stored: ObjectMeta rules (names, labels, annotations,
// finalizers) as upstream's ValidateObjectMeta, then the kind's schema. Failures are one 422.
import {
  annotationsSize,
  fieldInvalid,
  fieldRequired,
  fieldTooLong,
  invalid,
  validateDNS1035Label,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateLabelValue,
  validatePathSegmentName,
  validateQualifiedName,
  type FieldError,
} from '../../machinery/index.js';
import { validateCustomResourceDefinition } from '../crd/index.js';
import type { ServedResource } from '../served-resources.js';
import type { KubeObject } from '../storage/resource-storage.js';

const MAX_ANNOTATIONS_BYTES = 256 * 1024;

function nameValidator(resource: ServedResource): (name: string) => string[] {
  const { group, plural } = resource.info;
  if (resource.custom !== undefined || group === 'rbac.authorization.k8s.io') return (name) => validatePathSegmentName(name);
  if (group === '' && plural === 'namespaces') return validateDNS1123Label;
  if (group === '' && plural === 'services') return validateDNS1035Label;
  return validateDNS1123Subdomain;
}

export function validateObjectMeta(resource: ServedResource, object: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const metadata = object.metadata;
  const validateName = nameValidator(resource);
  if (metadata.name === undefined || metadata.name === '') {
    errors.push(fieldRequired('metadata.name', 'name or generateName is required'));
  } else {
    for (const message of validateName(metadata.name)) errors.push(fieldInvalid('metadata.name', metadata.name, message));
  }
  if (metadata.generateName !== undefined && metadata.generateName !== '') {
    for (const message of validatePathSegmentName(metadata.generateName, true)) errors.push(fieldInvalid('metadata.generateName', metadata.generateName, message));
  }
  if (resource.info.namespaced) {
    const ns = metadata.namespace;
    if (ns === undefined || ns === '') errors.push(fieldRequired('metadata.namespace'));
    else for (const message of validateDNS1123Label(ns)) errors.push(fieldInvalid('metadata.namespace', ns, message));
  }
  for (const [key, value] of Object.entries(metadata.labels ?? {})) {
    for (const message of validateQualifiedName(key)) errors.push(fieldInvalid('metadata.labels', key, message));
    for (const message of validateLabelValue(value)) errors.push(fieldInvalid('metadata.labels', value, message));
  }
  const annotations = metadata.annotations ?? {};
  for (const key of Object.keys(annotations)) {
    for (const message of validateQualifiedName(key.toLowerCase())) errors.push(fieldInvalid('metadata.annotations', key, message));
  }
  if (annotationsSize(annotations) > MAX_ANNOTATIONS_BYTES) errors.push(fieldTooLong('metadata.annotations', MAX_ANNOTATIONS_BYTES));
  (metadata.finalizers ?? []).forEach((finalizer, index) => {
    for (const message of validateQualifiedName(finalizer)) errors.push(fieldInvalid(`metadata.finalizers[${index}]`, finalizer, message));
  });
  return errors;
}

const isCrd = (resource: ServedResource) => resource.info.group === 'apiextensions.k8s.io' && resource.info.plural === 'customresourcedefinitions';

/** Throws 422 Invalid when the object breaks ObjectMeta rules or the kind's own rules (CRDs, pods). */
export function validateObject(resource: ServedResource, object: KubeObject, old?: KubeObject): void {
  const errors = validateObjectMeta(resource, object);
  if (isCrd(resource)) errors.push(...validateCustomResourceDefinition(object, old));
  if (errors.length > 0) throw invalid({ group: resource.info.group, kind: resource.info.kind }, object.metadata.name ?? '', errors);
}
