// The parts of an object's metadata that field management reads and writes.
import { FieldSet } from './field-set.js';
import { deepCopy, isJsonObject, type JsonObject } from './json-value.js';
import type { ManagedFieldsEntry } from './managed-fields.js';
import { fieldElement } from './path-element.js';

/** Fields nobody owns (upstream's stripMetaManager): identity and bookkeeping set by the server. */
export const unownedFields: FieldSet = FieldSet.of([
  [fieldElement('apiVersion')],
  [fieldElement('kind')],
  [fieldElement('metadata')],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((name) => [
    fieldElement('metadata'),
    fieldElement(name),
  ]),
]);

export function metadataOf(object: JsonObject | null | undefined): JsonObject | undefined {
  const metadata = object?.metadata;
  return isJsonObject(metadata) ? metadata : undefined;
}

/** A deep copy without metadata.managedFields. */
export function withoutManagedFields(object: JsonObject): JsonObject {
  const copy = deepCopy(object);
  const metadata = metadataOf(copy);
  if (metadata !== undefined) delete metadata.managedFields;
  return copy;
}

/**
 * The object without metadata.managedFields, copying only the top level and metadata: the rest is
 * shared with `object`, so neither may be changed below metadata while the other is in use.
 */
export function managedFieldsStripped(object: JsonObject): JsonObject {
  const metadata = metadataOf(object);
  if (metadata === undefined) return { ...object };
  const { managedFields: _dropped, ...rest } = metadata;
  return { ...object, metadata: rest };
}

/** Sets (or, when empty, removes) metadata.managedFields in place. */
export function setManagedFields(object: JsonObject, entries: ManagedFieldsEntry[]): JsonObject {
  let metadata = metadataOf(object);
  if (entries.length === 0) {
    if (metadata !== undefined) delete metadata.managedFields;
    return object;
  }
  if (metadata === undefined) {
    metadata = {};
    object.metadata = metadata;
  }
  metadata.managedFields = entries;
  return object;
}
