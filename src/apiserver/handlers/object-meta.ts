// Server-owned metadata, as upstream's rest.BeforeCreate / BeforeUpdate and the registry store set it:
// uid, creationTimestamp, generation, resourceVersion rules, immutable fields on update.
import { randomUUID } from 'node:crypto';
import { badRequest, conflict, generateNameFrom } from '../../machinery/index.js';
import type { ServedResource } from '../served-resources.js';
import type { KubeObject } from '../storage/resource-storage.js';
import { groupResourceOf } from '../storage/resource-storage.js';
import { jsonEqual } from './json-values.js';

/** RFC 3339 with seconds, as metav1.Time marshals. */
export const rfc3339 = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

export function hasStatusSubresource(resource: ServedResource): boolean {
  return resource.info.subresources.some((s) => s.name === 'status');
}

/** Kinds whose strategies track metadata.generation (those with a spec other than pods/services/...). */
export function tracksGeneration(resource: ServedResource): boolean {
  let known = generationTracking.get(resource);
  if (known === undefined) generationTracking.set(resource, (known = computeTracksGeneration(resource)));
  return known;
}

const generationTracking = new WeakMap<ServedResource, boolean>();

function computeTracksGeneration(resource: ServedResource): boolean {
  if (resource.custom !== undefined) return true;
  const { group, plural } = resource.info;
  if (group === '') return plural === 'replicationcontrollers';
  const root = resource.walker.resolve(resource.schema);
  return root?.properties?.spec !== undefined && !['leases', 'events'].includes(plural);
}

const NOT_SPEC = new Set(['metadata', 'status', 'apiVersion', 'kind']);

function specChanged(a: KubeObject, b: KubeObject): boolean {
  return !jsonEqual(a, b, NOT_SPEC);
}

export function prepareForCreate(resource: ServedResource, object: KubeObject, now: Date): void {
  const metadata = object.metadata;
  if (metadata.resourceVersion !== undefined && metadata.resourceVersion !== '') {
    throw badRequest('resourceVersion should not be set on objects to be created');
  }
  if ((metadata.name === undefined || metadata.name === '') && metadata.generateName) {
    metadata.name = generateNameFrom(metadata.generateName);
  }
  metadata.uid = randomUUID();
  metadata.creationTimestamp = rfc3339(now);
  delete metadata.deletionTimestamp;
  delete metadata.deletionGracePeriodSeconds;
  delete metadata.selfLink;
  delete metadata.resourceVersion;
  if (tracksGeneration(resource)) metadata.generation = 1;
  else delete metadata.generation;
  if (metadata.finalizers !== undefined && metadata.finalizers.length === 0) delete metadata.finalizers;
}

/** Carries over what clients may not change and bumps generation; returns whether anything changed. */
export function prepareForUpdate(resource: ServedResource, object: KubeObject, old: KubeObject): void {
  const metadata = object.metadata;
  if (metadata.uid !== undefined && metadata.uid !== '' && metadata.uid !== old.metadata.uid) {
    throw conflict(groupResourceOf(resource), old.metadata.name ?? '', `Precondition failed: UID in precondition: ${metadata.uid}, UID in object meta: ${old.metadata.uid}`);
  }
  metadata.uid = old.metadata.uid;
  metadata.creationTimestamp = old.metadata.creationTimestamp;
  if (old.metadata.deletionTimestamp !== undefined) metadata.deletionTimestamp = old.metadata.deletionTimestamp;
  else delete metadata.deletionTimestamp;
  if (old.metadata.deletionGracePeriodSeconds !== undefined) metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
  else delete metadata.deletionGracePeriodSeconds;
  if (old.metadata.generateName !== undefined && metadata.generateName === undefined) metadata.generateName = old.metadata.generateName;
  delete metadata.selfLink;
  if (hasStatusSubresource(resource)) {
    if (old.status === undefined) delete object.status;
    else object.status = old.status;
  }
  if (tracksGeneration(resource)) {
    const generation = old.metadata.generation ?? 1;
    metadata.generation = specChanged(object, old) ? generation + 1 : generation;
  } else delete metadata.generation;
  if (metadata.finalizers !== undefined && metadata.finalizers.length === 0) delete metadata.finalizers;
}

/** Status writes: the old object with the new status (and nothing else). */
export function prepareStatusUpdate(object: KubeObject, old: KubeObject): KubeObject {
  const result: KubeObject = { ...old, metadata: { ...old.metadata } };
  if (object.status === undefined) delete result.status;
  else result.status = object.status;
  return result;
}
