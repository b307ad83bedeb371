// One served resource's objects in the store: JSON values under its key prefix, resourceVersion taken
// from the store's modRevision (never stored), store failures turned into upstream Status errors.
import { alreadyExists, conflict, gone, notFound, requestEntityTooLarge, timeout, type GroupResource } from '../../machinery/index.js';
import { isStoreError } from '../../store/errors.js';
import type { KeyValue, Store, Watch } from '../../store/types.js';
import type { ServedResource } from '../served-resources.js';
import { convertForRead } from './conversion.js';
import { storageKey, storagePrefix } from './keys.js';

export type KubeObject = Record<string, unknown> & { metadata: ObjectMeta };
export type ObjectMeta = Record<string, unknown> & {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Record<string, unknown>[];
  managedFields?: Record<string, unknown>[];
};

export interface StoredObject {
  object: KubeObject;
  modRevision: number;
  /** The stored value (served as is when the response needs no conversion, see servedJsonOf). */
  kv?: KeyValue;
}

/** A stored value decoded on first use: a write's answer is often sent without ever decoding it. */
export function storedObjectOf(resource: ServedResource, kv: KeyValue): StoredObject {
  let object: KubeObject | undefined;
  return {
    kv,
    modRevision: kv.modRevision,
    get object() {
      return (object ??= decodeObject(resource, kv));
    },
  };
}

export function apiVersionOf(resource: ServedResource): string {
  const { group, version } = resource.info;
  return group === '' ? version : `${group}/${version}`;
}

export function groupResourceOf(resource: ServedResource): GroupResource {
  return { group: resource.info.group, resource: resource.info.plural };
}

/** The stored value as the served version shows it (with `none` conversion only apiVersion differs). */
export function decodeObject(resource: ServedResource, kv: KeyValue): KubeObject {
  const object = convertForRead(resource, JSON.parse(kv.value) as KubeObject);
  const metadata = object.metadata as unknown;
  if (startsWithTypeMeta(object) && typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)) {
    // Stored as encodeObject writes it: the freshly parsed object already has upstream's key order.
    object.apiVersion = apiVersionOf(resource);
    object.kind = resource.info.kind;
    object.metadata.resourceVersion = String(kv.modRevision);
    return object;
  }
  object.apiVersion = apiVersionOf(resource);
  object.kind = resource.info.kind;
  object.metadata = { ...(object.metadata ?? {}), resourceVersion: String(kv.modRevision) };
  return reorder(object);
}

function startsWithTypeMeta(object: KubeObject): boolean {
  let index = 0;
  for (const key in object) {
    if (key !== TYPE_META_ORDER[index]) return false;
    if (++index === TYPE_META_ORDER.length) return true;
  }
  return false;
}

const TYPE_META_ORDER = ['apiVersion', 'kind', 'metadata'];

/**
 * The served JSON of a stored value without parsing it, when the value needs no conversion: stored
 * with this resource's apiVersion and kind first and without a resourceVersion, which is spliced in
 * as metadata's first key. Undefined when the value does not have that shape (decode it instead).
 */
export function servedJsonOf(resource: ServedResource, kv: KeyValue): string | undefined {
  if (resource.custom === undefined && (resource.info.kind === 'Event' || resource.info.kind === 'HorizontalPodAutoscaler')) return undefined;
  const head = `{"apiVersion":${JSON.stringify(apiVersionOf(resource))},"kind":${JSON.stringify(resource.info.kind)},"metadata":{"`;
  const value = kv.value;
  if (!value.startsWith(head) || value.includes('"resourceVersion":')) return undefined;
  return `${head.slice(0, -1)}"resourceVersion":"${kv.modRevision}",${value.slice(head.length - 1)}`;
}

/** apiVersion, kind, metadata first, as upstream's encoder writes them. */
function reorder(object: KubeObject): KubeObject {
  const { apiVersion, kind, metadata, ...rest } = object;
  return { apiVersion, kind, metadata, ...rest } as KubeObject;
}

export function encodeObject(object: KubeObject): string {
  const { resourceVersion: _dropped, ...metadata } = object.metadata;
  const { apiVersion, kind, metadata: _metadata, ...rest } = object;
  return JSON.stringify({ apiVersion, kind, metadata, ...rest });
}

export class ResourceStorage {
  constructor(
    readonly store: Store,
    readonly resource: ServedResource,
  ) {}

  key(namespace: string | undefined, name: string): string {
    return storageKey(this.resource, namespace, name);
  }

  prefix(namespace?: string): string {
    return storagePrefix(this.resource, namespace);
  }

  async get(namespace: string | undefined, name: string, revision?: number): Promise<StoredObject> {
    const result = await this.guard(name, () => this.store.get(this.key(namespace, name), revision ? { revision } : undefined));
    if (result.kv === null) throw notFound(groupResourceOf(this.resource), name);
    return storedObjectOf(this.resource, result.kv);
  }

  async create(object: KubeObject): Promise<StoredObject> {
    const name = object.metadata.name ?? '';
    const kv = await this.guard(name, () => this.store.create(this.key(object.metadata.namespace, name), encodeObject(object)));
    return storedObjectOf(this.resource, kv);
  }

  async update(object: KubeObject, expectedModRevision: number): Promise<StoredObject> {
    const name = object.metadata.name ?? '';
    const kv = await this.guard(name, () => this.store.update(this.key(object.metadata.namespace, name), encodeObject(object), expectedModRevision));
    return storedObjectOf(this.resource, kv);
  }

  /** Removes the object; returns it as it was, with the deletion's revision as resourceVersion. */
  async delete(namespace: string | undefined, name: string, expectedModRevision?: number): Promise<StoredObject> {
    const result = await this.guard(name, () => this.store.delete(this.key(namespace, name), expectedModRevision));
    const object = decodeObject(this.resource, result.prevKv);
    return { object, modRevision: result.prevKv.modRevision };
  }

  watch(namespace: string | undefined, fromRevision: number | undefined, progressIntervalMs: number, signal: AbortSignal): Watch {
    return this.store.watch(this.prefix(namespace), { fromRevision, progressIntervalMs, signal });
  }

  /** Runs a store call, mapping StoreErrors onto the Status errors upstream answers with. */
  async guard<T>(name: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw mapStoreError(error, this.resource, name);
    }
  }
}

export function mapStoreError(error: unknown, resource: ServedResource, name: string): unknown {
  const gr = groupResourceOf(resource);
  if (isStoreError(error, 'NotFound')) return notFound(gr, name);
  if (isStoreError(error, 'AlreadyExists')) return alreadyExists(gr, name);
  if (isStoreError(error, 'Conflict')) return conflict(gr, name);
  if (isStoreError(error, 'TooLarge')) return requestEntityTooLarge(1.5 * 1024 * 1024);
  if (isStoreError(error, 'Compacted')) return gone(`The resourceVersion for the provided list is too old.`);
  if (isStoreError(error, 'Unavailable')) return timeout(`Too large resource version`, 1);
  return error;
}
