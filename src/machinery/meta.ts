// Small helpers on objects and their ObjectMeta that the server, controllers and clients share.
import { isDeepStrictEqual } from 'node:util';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMetaLike {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  deletionTimestamp?: string | null;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

export interface ObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaLike;
  [key: string]: unknown;
}

/** `namespace/name` for namespaced objects, `name` otherwise (the key informers and queues use). */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace === undefined || namespace === '' ? name : `${namespace}/${name}`;
}

/** The inverse of objectKey. */
export function splitObjectKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export function keyOf(obj: ObjectLike): string {
  return objectKey(obj.metadata?.namespace, obj.metadata?.name ?? '');
}

export function nameOf(obj: ObjectLike): string {
  return obj.metadata?.name ?? '';
}

export function namespaceOf(obj: ObjectLike): string | undefined {
  const namespace = obj.metadata?.namespace;
  return namespace === '' ? undefined : namespace;
}

/** `apps/v1` -> { group: 'apps', version: 'v1' }; `v1` -> { group: '', version: 'v1' }. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function formatApiVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

export function isBeingDeleted(obj: ObjectLike): boolean {
  const timestamp = obj.metadata?.deletionTimestamp;
  return timestamp !== undefined && timestamp !== null && timestamp !== '';
}

export function hasFinalizer(obj: ObjectLike, finalizer: string): boolean {
  return obj.metadata?.finalizers?.includes(finalizer) ?? false;
}

/** A copy with the finalizer added (no-op copy if present). */
export function withFinalizer<T extends ObjectLike>(obj: T, finalizer: string): T {
  const finalizers = obj.metadata?.finalizers ?? [];
  if (finalizers.includes(finalizer)) return obj;
  return { ...obj, metadata: { ...obj.metadata, finalizers: [...finalizers, finalizer] } };
}

/** A copy without the finalizer; the field is dropped when it becomes empty. */
export function withoutFinalizer<T extends ObjectLike>(obj: T, finalizer: string): T {
  const finalizers = (obj.metadata?.finalizers ?? []).filter((f) => f !== finalizer);
  const { finalizers: _old, ...metadata } = obj.metadata ?? {};
  return { ...obj, metadata: finalizers.length > 0 ? { ...metadata, finalizers } : metadata };
}

/** The owner reference with controller: true, if any. */
export function controllerOf(obj: ObjectLike): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((reference) => reference.controller === true);
}

export function isOwnedBy(obj: ObjectLike, ownerUid: string): boolean {
  return obj.metadata?.ownerReferences?.some((reference) => reference.uid === ownerUid) ?? false;
}

/** The controller reference a controller puts on what it creates (controller and blockOwnerDeletion set). */
export function newControllerRef(owner: ObjectLike): OwnerReference {
  return {
    apiVersion: owner.apiVersion ?? '',
    kind: owner.kind ?? '',
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

function withoutMetadataAndStatus(obj: ObjectLike, dropStatus: boolean): Record<string, unknown> {
  if (typeof obj !== 'object' || obj === null) return { value: obj };
  const { metadata: _metadata, ...rest } = obj;
  if (dropStatus) delete rest.status;
  return rest;
}

/**
 * Whether an update changes the "spec": anything but metadata and status (status counts as spec when
 * the resource has no status subresource, as for CRDs without one). metadata.generation bumps when true.
 */
export function specChanged(oldObj: ObjectLike, newObj: ObjectLike, options: { statusSubresource?: boolean } = {}): boolean {
  const dropStatus = options.statusSubresource ?? true;
  return !isDeepStrictEqual(withoutMetadataAndStatus(oldObj, dropStatus), withoutMetadataAndStatus(newObj, dropStatus));
}

/** The generation the updated object should carry: old + 1 when the spec changed, else unchanged. */
export function nextGeneration(oldObj: ObjectLike, newObj: ObjectLike, options: { statusSubresource?: boolean } = {}): number {
  const current = oldObj.metadata?.generation ?? 1;
  return specChanged(oldObj, newObj, options) ? current + 1 : current;
}
