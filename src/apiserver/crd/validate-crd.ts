// Validation of CustomResourceDefinition objects themselves (upstream's apiextensions validation,
// the rules users hit most): naming, scope, exactly one storage version, structural schemas,
// printer columns, subresources, and the fields that may not change on update.
import {
  childPath,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  indexPath,
  keyPath,
  validateDNS1035Label,
  validateDNS1123Subdomain,
  type FieldError,
} from '../../machinery/index.js';

type Obj = Record<string, unknown>;

const obj = (value: unknown): Obj => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {});
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

const COLUMN_TYPES = ['integer', 'number', 'string', 'boolean', 'date'];
const SCHEMA_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

function validateNames(names: Obj, path: string, errors: FieldError[]): void {
  const plural = str(names.plural);
  if (plural === '') errors.push(fieldRequired(childPath(path, 'plural')));
  else for (const message of validateDNS1035Label(plural)) errors.push(fieldInvalid(childPath(path, 'plural'), plural, message));
  const singular = str(names.singular);
  if (singular !== '') for (const message of validateDNS1035Label(singular)) errors.push(fieldInvalid(childPath(path, 'singular'), singular, message));
  const kind = str(names.kind);
  if (kind === '') errors.push(fieldRequired(childPath(path, 'kind')));
  else if (!/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) errors.push(fieldInvalid(childPath(path, 'kind'), kind, 'must be a valid Kind name (alphanumerics, starting with a letter)'));
  const listKind = str(names.listKind);
  if (listKind !== '' && listKind === kind) errors.push(fieldInvalid(childPath(path, 'listKind'), listKind, 'kind and listKind may not be the same'));
  (Array.isArray(names.shortNames) ? names.shortNames : []).forEach((shortName, i) => {
    for (const message of validateDNS1035Label(str(shortName))) errors.push(fieldInvalid(indexPath(childPath(path, 'shortNames'), i), shortName, message));
  });
}

/** Structural schema rules: every specified field has a type unless it is int-or-string or preserves unknown fields. */
function validateStructural(schema: Obj, path: string, errors: FieldError[], root: boolean): void {
  const type = schema.type;
  const free = schema['x-kubernetes-int-or-string'] === true || schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (type === undefined) {
    if (root) errors.push(fieldRequired(childPath(path, 'type'), 'must not be empty at the root'));
    else if (!free) errors.push(fieldRequired(childPath(path, 'type'), 'must not be empty for specified object fields'));
  } else if (!SCHEMA_TYPES.includes(str(type))) {
    errors.push(fieldNotSupported(childPath(path, 'type'), type, SCHEMA_TYPES));
  } else if (root && type !== 'object') {
    errors.push(fieldInvalid(childPath(path, 'type'), type, 'must be object at the root'));
  }
  if (schema['x-kubernetes-int-or-string'] === true && type !== undefined) {
    errors.push(fieldForbidden(childPath(path, 'type'), 'must be empty if x-kubernetes-int-or-string is true'));
  }
  if (schema.$ref !== undefined) errors.push(fieldForbidden(childPath(path, '$ref'), '$ref is not supported'));
  if (schema.pattern !== undefined) {
    try {
      new RegExp(str(schema.pattern), 'u');
    } catch {
      errors.push(fieldInvalid(childPath(path, 'pattern'), schema.pattern, 'must be a valid regular expression'));
    }
  }
  for (const [name, child] of Object.entries(obj(schema.properties))) validateStructural(obj(child), keyPath(childPath(path, 'properties'), name), errors, false);
  if (schema.items !== undefined) {
    if (Array.isArray(schema.items)) errors.push(fieldForbidden(childPath(path, 'items'), 'items must be a schema object and not an array'));
    else validateStructural(obj(schema.items), childPath(path, 'items'), errors, false);
  }
  if (typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null) {
    if (schema.properties !== undefined) errors.push(fieldForbidden(childPath(path, 'additionalProperties'), 'additionalProperties and properties are mutual exclusive'));
    validateStructural(obj(schema.additionalProperties), childPath(path, 'additionalProperties'), errors, false);
  }
}

function validateVersion(version: Obj, path: string, errors: FieldError[]): void {
  const name = str(version.name);
  if (name === '') errors.push(fieldRequired(childPath(path, 'name')));
  else for (const message of validateDNS1035Label(name)) errors.push(fieldInvalid(childPath(path, 'name'), name, message));
  const schemaPath = childPath(childPath(path, 'schema'), 'openAPIV3Schema');
  const schema = obj(version.schema).openAPIV3Schema;
  if (schema === undefined || schema === null) errors.push(fieldRequired(schemaPath, 'schemas are required'));
  else validateStructural(obj(schema), schemaPath, errors, true);
  (Array.isArray(version.additionalPrinterColumns) ? version.additionalPrinterColumns : []).forEach((raw, i) => {
    const column = obj(raw);
    const columnPath = indexPath(childPath(path, 'additionalPrinterColumns'), i);
    if (str(column.name) === '') errors.push(fieldRequired(childPath(columnPath, 'name')));
    if (!COLUMN_TYPES.includes(str(column.type))) errors.push(fieldNotSupported(childPath(columnPath, 'type'), column.type, COLUMN_TYPES));
    if (str(column.jsonPath) === '') errors.push(fieldRequired(childPath(columnPath, 'JSONPath')));
  });
  const scale = obj(version.subresources).scale;
  if (scale !== undefined && scale !== null) {
    const scalePath = childPath(childPath(path, 'subresources'), 'scale');
    const specPath = str(obj(scale).specReplicasPath);
    const statusPath = str(obj(scale).statusReplicasPath);
    if (specPath === '') errors.push(fieldRequired(childPath(scalePath, 'specReplicasPath')));
    else if (!specPath.startsWith('.spec.')) errors.push(fieldInvalid(childPath(scalePath, 'specReplicasPath'), specPath, 'should be a json path under .spec'));
    if (statusPath === '') errors.push(fieldRequired(childPath(scalePath, 'statusReplicasPath')));
    else if (!statusPath.startsWith('.status.')) errors.push(fieldInvalid(childPath(scalePath, 'statusReplicasPath'), statusPath, 'should be a json path under .status'));
  }
}

/** Field errors of a CRD (empty when valid). With `old`, also the rules of an update. */
export function validateCustomResourceDefinition(crd: unknown, old?: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const object = obj(crd);
  const spec = obj(object.spec);
  const names = obj(spec.names);
  const group = str(spec.group);
  if (group === '') errors.push(fieldRequired('spec.group'));
  else {
    for (const message of validateDNS1123Subdomain(group)) errors.push(fieldInvalid('spec.group', group, message));
    if (!group.includes('.')) errors.push(fieldInvalid('spec.group', group, 'should be a domain with at least one dot'));
  }
  const name = str(obj(object.metadata).name);
  if (str(names.plural) !== '' && group !== '' && name !== `${str(names.plural)}.${group}`) {
    errors.push(fieldInvalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  }
  validateNames(names, 'spec.names', errors);
  const scope = spec.scope;
  if (scope === undefined || scope === '') errors.push(fieldRequired('spec.scope'));
  else if (scope !== 'Namespaced' && scope !== 'Cluster') errors.push(fieldNotSupported('spec.scope', scope, ['Cluster', 'Namespaced']));

  const versions = Array.isArray(spec.versions) ? spec.versions.map(obj) : [];
  if (versions.length === 0) errors.push(fieldInvalid('spec.versions', spec.versions ?? null, 'must have exactly one version marked as storage version'));
  else {
    const storage = versions.filter((v) => v.storage === true).length;
    if (storage !== 1) errors.push(fieldInvalid('spec.versions', versions.map((v) => str(v.name)), 'must have exactly one version marked as storage version'));
    if (!versions.some((v) => v.served === true)) errors.push(fieldInvalid('spec.versions', versions.map((v) => str(v.name)), 'must have at least one version marked as served'));
    const seen = new Set<string>();
    versions.forEach((version, i) => {
      const path = indexPath('spec.versions', i);
      if (seen.has(str(version.name))) errors.push({ type: 'FieldValueDuplicate', field: childPath(path, 'name'), message: `Duplicate value: ${JSON.stringify(str(version.name))}` });
      seen.add(str(version.name));
      validateVersion(version, path, errors);
    });
  }
  const strategy = obj(spec.conversion).strategy;
  if (strategy !== undefined && strategy !== 'None') {
    errors.push(fieldNotSupported('spec.conversion.strategy', strategy, ['None']));
  }
  if (old !== undefined) {
    const oldSpec = obj(obj(old).spec);
    if (str(oldSpec.group) !== group) errors.push(fieldInvalid('spec.group', group, 'field is immutable'));
    if (oldSpec.scope !== spec.scope) errors.push(fieldInvalid('spec.scope', spec.scope, 'field is immutable'));
  }
  return errors;
}
