// A snapshot of the straightforward implementation (before the write-path fast paths), kept as the
// oracle the fast paths are tested against: same inputs, byte-identical managedFields.
// Field ownership for ordinary writes (create, update, patch): the fields a write changes become
// its manager's (operation Update) and leave every other manager, as upstream's fieldmanager does.
import type { SchemaNode } from '../../../../api/schema-types.js';
import type { SchemaWalker } from '../../../schema-walk.js';
import { capUpdateManagers } from '../../cap-managers.js';
import type { FieldSet } from '../../field-set.js';
import { isJsonObject, type JsonObject } from '../../json-value.js';
import {
  decodeManagedFields,
  encodeManagedFields,
  formatManagedFieldsTime,
  managerIdentity,
  type ManagedFieldSets,
  type ManagedFieldsEntry,
} from './managed-fields.js';
import { metadataOf, setManagedFields, unownedFields, withoutManagedFields } from '../../object-meta.js';
import { reconcileOwnership } from './ownership.js';
import type { TypedContext } from './schema-shape.js';

export interface UpdateManagedFieldsOptions {
  /** The stored object, or null on create. */
  live: JsonObject | null;
  /** The object about to be stored (after the patch or the client's PUT body, defaults applied). */
  updated: JsonObject;
  /** The fieldManager of the request (see managerFromUserAgent when the client sent none). */
  manager: string;
  operation?: 'Update';
  walker: SchemaWalker;
  rootSchema: SchemaNode | undefined;
  now?: Date;
  /** "status", "scale"... when the write goes to a subresource. */
  subresource?: string;
  /**
   * Fields the resource's strategy resets for this endpoint (upstream's ResetFieldsStrategy, e.g.
   * `status` on the main resource, `spec` on /status): changes there are owned by nobody.
   */
  resetFields?: FieldSet;
}

export interface ManagedFieldsResult {
  /** The object to store, with metadata.managedFields set (or removed when nobody owns anything). */
  object: JsonObject;
  managedFields: ManagedFieldsEntry[];
}

export function updateManagedFields(options: UpdateManagedFieldsOptions): ManagedFieldsResult {
  const context: TypedContext = { walker: options.walker, strict: false };
  const subresource = options.subresource === '' ? undefined : options.subresource;
  const base = baseManagers(options.live, options.updated, subresource);
  const object = withoutManagedFields(options.updated);
  if (base === 'reset' || (base.size === 0 && options.live !== null)) {
    // Upstream stops tracking an existing object that has no managedFields, and drops them on request.
    return { object, managedFields: [] };
  }
  const live = options.live === null ? {} : withoutManagedFields(options.live);
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : String(live.apiVersion ?? '');
  recordUpdate(context, live, object, options.rootSchema, base, {
    manager: options.manager,
    apiVersion,
    subresource,
    time: formatManagedFieldsTime(options.now ?? new Date()),
    resetFields: options.resetFields,
  });
  capUpdateManagers(base);
  const managedFields = encodeManagedFields(base);
  return { object: setManagedFields(object, managedFields), managedFields };
}

/**
 * The managers a write starts from: those the client sent in the object (so managedFields can be
 * edited directly, and `[{}]` clears them) unless it writes a subresource; otherwise the live ones.
 * Undecodable managedFields are dropped, as upstream's UpdateNoErrors does.
 */
function baseManagers(live: JsonObject | null, updated: JsonObject, subresource: string | undefined): ManagedFieldSets | 'reset' {
  const sent = metadataOf(updated)?.managedFields;
  if (subresource === undefined && Array.isArray(sent) && sent.length > 0) {
    if (sent.every((entry) => isJsonObject(entry) && Object.keys(entry).length === 0)) return 'reset';
    try {
      return decodeManagedFields(sent);
    } catch {
      // fall back to the live object's, so clients unaware of managedFields cannot wipe them
    }
  }
  try {
    return decodeManagedFields(metadataOf(live)?.managedFields);
  } catch {
    return new Map();
  }
}

export interface UpdateRecord {
  manager: string;
  apiVersion: string;
  subresource: string | undefined;
  time: string;
  resetFields?: FieldSet;
}

/** Mutates `managers`: the changed fields move to the writer's Update entry, stamped with `time`. */
export function recordUpdate(
  context: TypedContext,
  before: JsonObject,
  after: JsonObject,
  schema: SchemaNode | undefined,
  managers: ManagedFieldSets,
  writer: UpdateRecord,
): void {
  const identity = managerIdentity({ manager: writer.manager, operation: 'Update', apiVersion: writer.apiVersion, subresource: writer.subresource });
  const { comparison } = reconcileOwnership(context, before, after, schema, managers, '', true, writer.resetFields);
  for (const [key, record] of managers) {
    record.set = record.set.difference(unownedFields);
    if (record.set.isEmpty()) managers.delete(key);
  }
  const taken = comparison.modified.union(comparison.added).difference(unownedFields);
  if (taken.isEmpty()) return;
  const previous = managers.get(identity);
  const record = {
    manager: writer.manager,
    operation: 'Update' as const,
    apiVersion: writer.apiVersion,
    time: writer.time,
    set: previous === undefined ? taken : previous.set.union(taken),
    ...(writer.subresource === undefined ? {} : { subresource: writer.subresource }),
  };
  managers.set(identity, record);
}
