// The schema-driven machinery the write path runs, in one place: unknown fields per fieldValidation
// (pruned, Strict fails, Warn warns), defaulting, schema validation, and managedFields bookkeeping
// (Update entries for ordinary writes, server-side apply for apply patches).
import {
  applyBuiltinDefaults,
  applySchemaDefaults,
  badRequest,
  invalid,
  pruneUnknownFields,
  validateAgainstSchema,
} from '../../machinery/index.js';
import { serverSideApply, updateManagedFields } from '../../machinery/apply/index.js';
import type { ServedResource } from '../served-resources.js';
import type { KubeObject } from '../storage/resource-storage.js';
import type { RequestScope } from './scope.js';
import type { FieldValidation } from './write-options.js';

/** Drops fields the schema does not declare; Strict fails (400), Warn adds a warning per field. */
export function handleUnknownFields(scope: RequestScope, object: KubeObject, validation: FieldValidation): KubeObject {
  const { object: pruned, prunedPaths } = pruneUnknownFields(object, scope.resource.schema, scope.resource.walker);
  const duplicates = scope.duplicateFields ?? [];
  if ((prunedPaths.length === 0 && duplicates.length === 0) || validation === 'Ignore') return pruned;
  const texts = [
    ...prunedPaths.map((path) => `unknown field ${JSON.stringify(path)}`),
    ...duplicates.map((path) => `duplicate field ${JSON.stringify(path)}`),
  ];
  if (validation === 'Strict') {
    const { kind, version } = scope.resource.info;
    throw badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: strict decoding error: ${texts.join(', ')}`);
  }
  scope.warnings.push(...texts);
  return pruned;
}

export function applyDefaults(resource: ServedResource, object: KubeObject): KubeObject {
  const withBuiltins = resource.custom === undefined ? applyBuiltinDefaults({ group: resource.info.group, kind: resource.info.kind }, object) : object;
  return applySchemaDefaults(withBuiltins, resource.schema, resource.walker);
}

/**
 * 422 with every schema violation as a cause. Built-in schemas mark Go's non-omitempty fields as
 * required, which upstream zero-fills instead of rejecting: for built-ins only type and value
 * errors count (their real required fields are checked by the kind's own validation).
 */
export function validateAgainstSchemaOf(resource: ServedResource, object: KubeObject): void {
  let { causes } = validateAgainstSchema(object, resource.schema, resource.walker, { unknownFields: 'Ignore' });
  if (resource.custom === undefined) causes = causes.filter((cause) => cause.type !== 'FieldValueRequired');
  if (causes.length > 0) throw invalid({ group: resource.info.group, kind: resource.info.kind }, object.metadata.name ?? '', causes);
}

/** managedFields after an ordinary write by `manager` (operation Update). */
export function recordManagedFields(scope: RequestScope, object: KubeObject, old: KubeObject | undefined, manager: string): KubeObject {
  const result = updateManagedFields({
    live: old ?? null,
    updated: object,
    manager,
    walker: scope.resource.walker,
    rootSchema: scope.resource.schema,
    now: scope.ctx.clock(),
    subresource: scope.subresource,
  });
  return result.object as KubeObject;
}

/** Server-side apply of `applied` onto `current` (undefined: creating) by `options.fieldManager`. */
export function applyConfiguration(scope: RequestScope, current: KubeObject | undefined, applied: KubeObject, options: { fieldManager: string; force: boolean }): KubeObject {
  const result = serverSideApply({
    live: current ?? null,
    applied,
    manager: options.fieldManager,
    force: options.force,
    walker: scope.resource.walker,
    rootSchema: scope.resource.schema,
    now: scope.ctx.clock(),
    subresource: scope.subresource,
  });
  return result.object as KubeObject;
}
