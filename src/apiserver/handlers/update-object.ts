// The shared read-modify-write loop of update, patch and the status/scale subresources: optimistic
// concurrency (client resourceVersion -> 409 on mismatch; none -> retry on races), server-owned
// metadata, validation, dryRun, and finalization (an object being deleted goes once its finalizers are gone).
import { badRequest, conflict, fieldForbidden, invalid, isStatusError } from '../../machinery/index.js';
import type { KeyValue } from '../../store/types.js';
import type { KubeObject, StoredObject } from '../storage/resource-storage.js';
import { groupResourceOf } from '../storage/resource-storage.js';
import { validateObject } from './object-checks.js';
import { cloneJson, jsonEqual } from './json-values.js';
import { prepareForUpdate, prepareStatusUpdate } from './object-meta.js';
import { applyDefaults, recordManagedFields, validateAgainstSchemaOf } from './schema-bridge.js';
import type { RequestScope } from './scope.js';
import type { WriteOptions } from './write-options.js';

const RETRIES = 16;

export interface UpdateSpec {
  /** Builds the new object from (a copy of) the current one; may throw Status errors. */
  mutate(current: KubeObject): KubeObject | Promise<KubeObject>;
  /** mutate ignores its argument (a PUT of a whole object): no copy of the current object is made. */
  replaces?: boolean;
  /** Writes only status (the status subresource): everything else stays as stored. */
  statusOnly?: boolean;
  /** Writes spec and status together (pods/binding): the mutated status is kept. */
  writesStatusToo?: boolean;
  /** When the current object is missing: create this instead (apply/create-on-update), else 404. */
  createIfMissing?: (name: string) => Promise<{ object: KubeObject; kv?: KeyValue }>;
  /** A server-side write that may change what clients may not (pods/binding sets spec.nodeName). */
  skipImmutabilityChecks?: boolean;
  /** Server-side apply already wrote managedFields. */
  managedFieldsDone?: boolean;
}

export interface UpdateResult {
  object: KubeObject;
  created: boolean;
  /** The stored value behind `object`, when it is one (see sendStored). */
  kv?: KeyValue;
}

/** The answer for a stored object; decoded only when someone reads `object`. */
function storedResult(stored: { object: KubeObject; kv?: KeyValue }, created = false): UpdateResult {
  return {
    created,
    kv: stored.kv,
    get object() {
      return stored.object;
    },
  };
}

function preconditionRevision(object: KubeObject): number | undefined {
  const rv = object.metadata.resourceVersion;
  if (rv === undefined || rv === '') return undefined;
  if (!/^\d+$/.test(rv)) throw badRequest(`invalid resourceVersion ${JSON.stringify(rv)}: metadata.resourceVersion must be the unsigned integer the server returned`);
  return Number(rv);
}

function checkFinalizersWhileDeleting(scope: RequestScope, next: KubeObject, current: KubeObject): void {
  if (current.metadata.deletionTimestamp === undefined) return;
  const before = new Set(current.metadata.finalizers ?? []);
  const added = (next.metadata.finalizers ?? []).filter((f) => !before.has(f));
  if (added.length > 0) {
    throw invalid({ group: scope.resource.info.group, kind: scope.resource.info.kind }, current.metadata.name ?? '', [
      fieldForbidden('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`),
    ]);
  }
}

const METADATA = new Set(['metadata']);
const RESOURCE_VERSION = new Set(['resourceVersion']);

/** Equal but for resourceVersion, as their key-sorted JSON would be. */
function sameStoredState(next: KubeObject, current: KubeObject): boolean {
  return jsonEqual(next, current, METADATA) && jsonEqual(next.metadata, current.metadata, RESOURCE_VERSION);
}

/** Namespaces also wait for spec.finalizers (emptied through the finalize subresource). */
function pendingNamespaceFinalizers(scope: RequestScope, object: KubeObject): number {
  if (scope.resource.info.group !== '' || scope.resource.info.plural !== 'namespaces') return 0;
  return (((object.spec ?? {}) as { finalizers?: string[] }).finalizers ?? []).length;
}

export async function updateObject(scope: RequestScope, name: string, spec: UpdateSpec, options: WriteOptions): Promise<UpdateResult> {
  const { storage, resource } = scope;
  for (let attempt = 1; ; attempt++) {
    let current: StoredObject;
    try {
      current = await storage.get(scope.namespace, name);
    } catch (error) {
      if (spec.createIfMissing !== undefined && isStatusError(error) && error.code === 404) {
        return storedResult(await spec.createIfMissing(name), true);
      }
      throw error;
    }
    let next = await spec.mutate(spec.replaces === true ? current.object : cloneJson(current.object));
    const wanted = preconditionRevision(next);
    if (wanted !== undefined && wanted !== current.modRevision) throw conflict(groupResourceOf(resource), name);
    next = spec.statusOnly ? prepareStatusUpdate(next, current.object) : next;
    if (!spec.statusOnly) {
      const status = next.status;
      prepareForUpdate(resource, next, current.object);
      if (spec.writesStatusToo) next.status = status;
    }
    checkFinalizersWhileDeleting(scope, next, current.object);
    next = applyDefaults(resource, next);
    if (!spec.managedFieldsDone) next = recordManagedFields(scope, next, current.object, options.fieldManager);
    validateObject(resource, next, spec.skipImmutabilityChecks ? undefined : current.object);
    validateAgainstSchemaOf(resource, next);
    // As upstream's shouldDeleteDuringUpdate: the last finalizer of an object whose deletion waits only on
    // finalizers (grace period 0) is gone. Pods in graceful deletion wait for the kubelet instead.
    const finalized =
      current.object.metadata.deletionTimestamp !== undefined &&
      current.object.metadata.deletionGracePeriodSeconds === 0 &&
      (next.metadata.finalizers ?? []).length === 0 &&
      pendingNamespaceFinalizers(scope, next) === 0;
    // Nothing changed: no write, no new resourceVersion, no watch event (upstream skips these too).
    if (!finalized && sameStoredState(next, current.object)) return storedResult(current);
    if (options.dryRun) return { object: { ...next, metadata: { ...next.metadata, resourceVersion: current.object.metadata.resourceVersion } }, created: false };
    try {
      const stored = await storage.update(next, current.modRevision);
      if (finalized) await storage.delete(scope.namespace, name, stored.modRevision).catch(() => undefined);
      return storedResult(stored);
    } catch (error) {
      // Lost a race with another writer: go again on the new state. A client's own resourceVersion
      // precondition is checked against that state on the next round (and fails there with 409).
      const raced = isStatusError(error) && (error.reason === 'Conflict' || error.code === 404);
      if (!raced || attempt >= RETRIES) throw error;
    }
  }
}
