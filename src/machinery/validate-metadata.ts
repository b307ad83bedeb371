// ObjectMeta validation as upstream's apimachinery ValidateObjectMeta: name/generateName per kind,
// namespace, labels, annotations (keys and 256 KiB total), finalizers, ownerReferences.
import { fieldForbidden, fieldInvalid, fieldRequired, fieldTooLong, type FieldError } from './field-errors.js';
import {
  annotationsSize,
  TotalAnnotationSizeLimitBytes,
  validateDNS1035Label,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateLabelValue,
  validatePathSegmentName,
  validateQualifiedName,
} from './names.js';

type Json = Record<string, unknown>;

/** Validates a name; `prefix` is true for generateName (a trailing '-' is allowed). */
export type NameValidator = (name: string, prefix: boolean) => string[];

function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

export const nameIsDNSSubdomain: NameValidator = (name, prefix) => validateDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
export const nameIsDNSLabel: NameValidator = (name, prefix) => validateDNS1123Label(prefix ? maskTrailingDash(name) : name);
export const nameIsDNS1035Label: NameValidator = (name, prefix) => validateDNS1035Label(prefix ? maskTrailingDash(name) : name);
export const nameIsPathSegment: NameValidator = (name, prefix) => validatePathSegmentName(name, prefix);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function validateLabels(labels: unknown, path: string): FieldError[] {
  if (labels === undefined || labels === null) return [];
  if (!isObject(labels)) return [fieldInvalid(path, labels, 'must be a map of string keys to string values')];
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels)) {
    for (const message of validateQualifiedName(key)) errors.push(fieldInvalid(path, key, message));
    if (typeof value !== 'string') {
      errors.push(fieldInvalid(`${path}[${key}]`, value, 'must be a string'));
      continue;
    }
    for (const message of validateLabelValue(value)) errors.push(fieldInvalid(path, value, message));
  }
  return errors;
}

export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  if (annotations === undefined || annotations === null) return [];
  if (!isObject(annotations)) return [fieldInvalid(path, annotations, 'must be a map of string keys to string values')];
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    for (const message of validateQualifiedName(key.toLowerCase())) errors.push(fieldInvalid(path, key, message));
    if (typeof value !== 'string') errors.push(fieldInvalid(`${path}[${key}]`, value, 'must be a string'));
  }
  if (annotationsSize(annotations as Record<string, string>) > TotalAnnotationSizeLimitBytes) {
    errors.push(fieldTooLong(path, TotalAnnotationSizeLimitBytes));
  }
  return errors;
}

function validateOwnerReferences(references: unknown, path: string): FieldError[] {
  if (!Array.isArray(references)) return [];
  const errors: FieldError[] = [];
  let controllers = 0;
  references.forEach((reference, index) => {
    const at = `${path}[${index}]`;
    if (!isObject(reference)) {
      errors.push(fieldInvalid(at, reference, 'must be an object'));
      return;
    }
    const apiVersion = typeof reference.apiVersion === 'string' ? reference.apiVersion : '';
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (version === '') errors.push(fieldInvalid(`${at}.apiVersion`, apiVersion, 'version must not be empty'));
    for (const key of ['kind', 'name', 'uid']) {
      if (typeof reference[key] !== 'string' || reference[key] === '') {
        errors.push(fieldInvalid(`${at}.${key}`, reference[key] ?? '', `${key} must not be empty`));
      }
    }
    if (reference.controller === true) controllers += 1;
  });
  if (controllers > 1) errors.push(fieldInvalid(path, references, 'Only one reference can have Controller set to true'));
  return errors;
}

export interface ObjectMetaRules {
  namespaced: boolean;
  nameValidator: NameValidator;
}

/** Field errors of `metadata` (path `metadata`), upstream wording. */
export function validateObjectMeta(metadata: unknown, rules: ObjectMetaRules, path = 'metadata'): FieldError[] {
  if (!isObject(metadata)) return [fieldRequired(path)];
  const errors: FieldError[] = [];
  const name = metadata.name;
  const generateName = metadata.generateName;
  if (typeof generateName === 'string' && generateName !== '') {
    for (const message of rules.nameValidator(generateName, true)) errors.push(fieldInvalid(`${path}.generateName`, generateName, message));
  }
  if (typeof name !== 'string' || name === '') {
    if (typeof generateName !== 'string' || generateName === '') errors.push(fieldRequired(`${path}.name`, 'name or generateName is required'));
  } else {
    for (const message of rules.nameValidator(name, false)) errors.push(fieldInvalid(`${path}.name`, name, message));
  }
  const namespace = metadata.namespace;
  if (rules.namespaced) {
    if (typeof namespace !== 'string' || namespace === '') errors.push(fieldRequired(`${path}.namespace`));
    else for (const message of validateDNS1123Label(namespace)) errors.push(fieldInvalid(`${path}.namespace`, namespace, message));
  } else if (typeof namespace === 'string' && namespace !== '') {
    errors.push(fieldForbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  errors.push(...validateLabels(metadata.labels, `${path}.labels`));
  errors.push(...validateAnnotations(metadata.annotations, `${path}.annotations`));
  if (Array.isArray(metadata.finalizers)) {
    metadata.finalizers.forEach((finalizer, index) => {
      const messages = typeof finalizer === 'string' ? validateQualifiedName(finalizer) : ['must be a string'];
      for (const message of messages) errors.push(fieldInvalid(`${path}.finalizers[${index}]`, finalizer, message));
    });
  }
  errors.push(...validateOwnerReferences(metadata.ownerReferences, `${path}.ownerReferences`));
  return errors;
}
