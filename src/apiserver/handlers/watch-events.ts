// Turning store events into Kubernetes watch events for one watcher: selector transitions (an object
// that stops matching is DELETED, one that starts matching ADDED), bookmarks from progress events.
import type { WatchEvent } from '../../store/types.js';
import type { ServedResource } from '../served-resources.js';
import { apiVersionOf, decodeObject, type KubeObject } from '../storage/resource-storage.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface ApiWatchEvent {
  type: WatchEventType;
  object: Record<string, unknown>;
}

export function bookmark(resource: ServedResource, revision: number, annotations?: Record<string, string>): ApiWatchEvent {
  const metadata: Record<string, unknown> = { resourceVersion: String(revision) };
  if (annotations !== undefined) metadata.annotations = annotations;
  return { type: 'BOOKMARK', object: { kind: resource.info.kind, apiVersion: apiVersionOf(resource), metadata } };
}

/** The watch event a store event becomes for a watcher with `matches`, or undefined to skip it. */
export function translateStoreEvent(
  resource: ServedResource,
  event: WatchEvent,
  matches: (object: KubeObject) => boolean,
): ApiWatchEvent | undefined {
  if (event.type === 'progress') return undefined;
  if (event.type === 'delete') {
    const object = decodeObject(resource, { ...event.prevKv, modRevision: event.kv.modRevision });
    return matches(object) ? { type: 'DELETED', object } : undefined;
  }
  const object = decodeObject(resource, event.kv);
  const nowMatches = matches(object);
  if (event.prevKv === undefined) return nowMatches ? { type: 'ADDED', object } : undefined;
  const before = decodeObject(resource, event.prevKv);
  const wasMatching = matches(before);
  if (nowMatches && wasMatching) return { type: 'MODIFIED', object };
  if (nowMatches) return { type: 'ADDED', object };
  if (wasMatching) return { type: 'DELETED', object };
  return undefined;
}
