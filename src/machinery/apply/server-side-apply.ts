// Server-side apply, as upstream's merge.Updater.Apply wrapped by the apiserver's fieldmanager: the
// applied configuration is merged into the live object, its fields become the manager's (operation
// Apply), fields the manager applied before and no one owns now are pruned, and changing a field
// another manager owns is a conflict unless forced.
import type { SchemaNode } from '../../api/schema-types.js';
import { badRequest, invalid, StatusError } from '../errors.js';
import { fieldRequired } from '../field-errors.js';
import type { SchemaWalker } from '../schema-walk.js';
import { capUpdateManagers } from './cap-managers.js';
import { applyConflictError } from './conflict-error.js';
import { FieldSet } from './field-set.js';
import { isJsonObject, jsonEquals, type JsonObject } from './json-value.js';
import { mayUpgradeFromClientSideApply, refreshLastApplied } from './last-applied.js';
import { decodeManagedFields, encodeManagedFields, formatManagedFieldsTime, managerIdentity, type ManagedFieldSets } from './managed-fields.js';
import { mergeObjects } from './merge.js';
import { metadataOf, setManagedFields, unownedFields, withoutManagedFields } from './object-meta.js';
import { reconcileOwnership } from './ownership.js';
import { ensureNamedFieldsAreMembers, removeItems } from './remove-items.js';
import type { TypedContext } from './schema-shape.js';
import { toFieldSet } from './to-field-set.js';
import { recordUpdate, type ManagedFieldsResult } from './update-managed-fields.js';

export interface ServerSideApplyOptions {
  /** The stored object, or null when the apply creates it. */
  live: JsonObject | null;
  /** The configuration the client applies (the request body). */
  applied: JsonObject;
  /** The fieldManager query parameter (required for apply). */
  manager: string;
  /** The force query parameter: take conflicting fields from their owners. */
  force?: boolean;
  walker: SchemaWalker;
  rootSchema: SchemaNode | undefined;
  now?: Date;
  /** "status", "scale"... when the apply goes to a subresource. */
  subresource?: string;
  /** Fields the resource's strategy resets for this endpoint: never owned, changes there conflict with nobody. */
  resetFields?: FieldSet;
}

export interface ServerSideApplyResult extends ManagedFieldsResult {
  /** False when the apply left the object as it was (only ownership may have changed). */
  changed: boolean;
}

/** Upstream's manager for fields that existed before the first apply to an object without managedFields. */
export const beforeFirstApplyManager = 'before-first-apply';

export function serverSideApply(options: ServerSideApplyOptions): ServerSideApplyResult {
  let result: ServerSideApplyResult;
  try {
    result = applyOnce(options);
  } catch (error) {
    const lenient: TypedContext = { walker: options.walker, strict: false };
    const upgrade = error instanceof StatusError && error.code === 409 && mayUpgradeFromClientSideApply(lenient, options.manager, options.live, options.rootSchema);
    if (!upgrade) throw error;
    result = applyOnce({ ...options, force: true });
  }
  if (refreshLastApplied(options.manager, result.object, options.applied)) result.changed = true;
  return result;
}

function applyOnce(options: ServerSideApplyOptions): ServerSideApplyResult {
  const { manager, rootSchema } = options;
  if (manager === '') {
    throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [fieldRequired('fieldManager', 'is required for apply patch')]);
  }
  if (!isJsonObject(options.applied)) throw badRequest('the applied configuration must be a JSON object');
  if (metadataOf(options.applied)?.managedFields != null) throw badRequest('metadata.managedFields must be nil');
  const subresource = options.subresource === '' ? undefined : options.subresource;
  const now = formatManagedFieldsTime(options.now ?? new Date());
  const lenient: TypedContext = { walker: options.walker, strict: false };
  const strict: TypedContext = { walker: options.walker, strict: true };

  const config = withoutManagedFields(options.applied);
  const live = options.live === null ? {} : withoutManagedFields(options.live);
  const apiVersion = typeof config.apiVersion === 'string' ? config.apiVersion : String(live.apiVersion ?? '');
  const managers = liveManagers(options.live);
  if (options.live !== null && managers.size === 0) {
    recordUpdate(lenient, {}, live, rootSchema, managers, { manager: beforeFirstApplyManager, apiVersion: String(live.apiVersion ?? apiVersion), subresource: undefined, time: now });
  }

  let appliedSet: FieldSet;
  let merged: JsonObject;
  try {
    appliedSet = toFieldSet(strict, config, rootSchema);
    if (options.resetFields !== undefined) appliedSet = appliedSet.recursiveDifference(options.resetFields);
    merged = mergeObjects(strict, live, config, rootSchema);
  } catch (error) {
    throw badRequest(`failed to create typed patch object (${describeKind(config)}): ${(error as Error).message}`);
  }

  const identity = managerIdentity({ manager, operation: 'Apply', apiVersion, subresource });
  const previous = managers.get(identity);
  managers.set(identity, {
    manager,
    operation: 'Apply',
    apiVersion,
    set: appliedSet,
    ...(previous?.time === undefined ? {} : { time: previous.time }),
    ...(subresource === undefined ? {} : { subresource }),
  });
  if (previous !== undefined && !previous.set.isEmpty()) {
    merged = prune(lenient, merged, previous.set, managers, rootSchema);
  }

  const force = options.force === true;
  const { conflicts } = reconcileOwnership(lenient, live, merged, rootSchema, managers, identity, force, options.resetFields);
  if (!force && conflicts.length > 0) {
    stripUnowned(managers);
    throw applyConflictError(conflicts, managers);
  }
  stripUnowned(managers);
  capUpdateManagers(managers);

  const changed = !jsonEquals(live, merged);
  const own = managers.get(identity);
  // Upstream stamps the applier only when the object changed; a first entry always gets a time here.
  if (own !== undefined && (changed || own.time === undefined)) own.time = now;

  const managedFields = encodeManagedFields(managers);
  return { object: setManagedFields(changed ? merged : live, managedFields), managedFields, changed };
}

function liveManagers(live: JsonObject | null): ManagedFieldSets {
  try {
    return decodeManagedFields(metadataOf(live)?.managedFields);
  } catch {
    return new Map();
  }
}

/** Removes what the applier owned last time, no longer applies, and nobody else owns. */
function prune(context: TypedContext, merged: JsonObject, lastApplied: FieldSet, managers: ManagedFieldSets, schema: SchemaNode | undefined): JsonObject {
  let owned = new FieldSet();
  for (const record of managers.values()) owned = owned.union(record.set);
  const abandoned = ensureNamedFieldsAreMembers(context, lastApplied, schema).difference(ensureNamedFieldsAreMembers(context, owned, schema));
  return abandoned.isEmpty() ? merged : removeItems(context, merged, abandoned, schema);
}

function stripUnowned(managers: ManagedFieldSets): void {
  for (const [key, record] of managers) {
    record.set = record.set.difference(unownedFields);
    if (record.set.isEmpty()) managers.delete(key);
  }
}

/** `apps/v1, Kind=Deployment`, as Go prints a GroupVersionKind. */
function describeKind(object: JsonObject): string {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const groupVersion = apiVersion.includes('/') ? apiVersion : `/${apiVersion}`;
  return `${groupVersion}, Kind=${kind}`;
}
