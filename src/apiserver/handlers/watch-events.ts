// Turning store events into Kubernetes watch events for one watcher: selector transitions (an object
// that stops matching is DELETED, one that starts matching ADDED), bookmarks from progress events.
import type { KeyValue, WatchEvent } from '../../store/types.js';
import type { ServedResource } from '../served-resources.js';
import { apiVersionOf, decodeObject, servedJsonOf, type KubeObject } from '../storage/resource-storage.js';

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

/**
 * Every watcher of a resource receives the same store event objects, one after another: the most
 * recent decodings are kept so an event is parsed once, not once per watcher. Decoded objects are
 * shared between watchers and never modified.
 */
const RECENT_DECODINGS = 512;
const recentDecodings = new Map<KeyValue, { resource: ServedResource; deleted: boolean; object: KubeObject }>();

function decodeShared(resource: ServedResource, kv: KeyValue, decode: () => KubeObject, deleted = false): KubeObject {
  const known = recentDecodings.get(kv);
  if (known !== undefined && known.resource === resource && known.deleted === deleted) return known.object;
  const object = decode();
  recentDecodings.delete(kv);
  recentDecodings.set(kv, { resource, deleted, object });
  if (recentDecodings.size > RECENT_DECODINGS) recentDecodings.delete(recentDecodings.keys().next().value!);
  return object;
}

/** The watch event a store event becomes for a watcher with `matches`, or undefined to skip it. */
export function translateStoreEvent(
  resource: ServedResource,
  event: WatchEvent,
  matches: (object: KubeObject) => boolean,
): ApiWatchEvent | undefined {
  if (event.type === 'progress') return undefined;
  if (event.type === 'delete') {
    const { kv, prevKv } = event;
    const object = decodeShared(resource, kv, () => decodeObject(resource, { ...prevKv, modRevision: kv.modRevision }), true);
    return matches(object) ? { type: 'DELETED', object } : undefined;
  }
  const object = decodeShared(resource, event.kv, () => decodeObject(resource, event.kv));
  const nowMatches = matches(object);
  if (event.prevKv === undefined) return nowMatches ? { type: 'ADDED', object } : undefined;
  const prevKv = event.prevKv;
  const before = decodeShared(resource, prevKv, () => decodeObject(resource, prevKv));
  const wasMatching = matches(before);
  if (nowMatches && wasMatching) return { type: 'MODIFIED', object };
  if (nowMatches) return { type: 'ADDED', object };
  if (wasMatching) return { type: 'DELETED', object };
  return undefined;
}

/** The JSON line of a watch event; the same (type, object) pair is encoded once for all its watchers. */
const recentLines = new WeakMap<object, { type: WatchEventType; line: string }>();

export function watchEventLine(event: ApiWatchEvent): string {
  const known = recentLines.get(event.object);
  if (known !== undefined && known.type === event.type) return known.line;
  const line = `${JSON.stringify(event)}\n`;
  recentLines.set(event.object, { type: event.type, line });
  return line;
}

/**
 * The line of a store event for a watcher of every object in plain JSON, spliced from the stored text
 * (never decoded); undefined when the value needs decoding (see servedJsonOf). Made once per event.
 */
const recentRawLines = new WeakMap<KeyValue, { resource: ServedResource; line: string | undefined }>();

export function rawEventLine(resource: ServedResource, event: Exclude<WatchEvent, { type: 'progress' }>): string | undefined {
  const known = recentRawLines.get(event.kv);
  if (known !== undefined && known.resource === resource) return known.line;
  const json =
    event.type === 'delete' ? servedJsonOf(resource, { ...event.prevKv, modRevision: event.kv.modRevision }) : servedJsonOf(resource, event.kv);
  const type: WatchEventType = event.type === 'delete' ? 'DELETED' : event.prevKv === undefined ? 'ADDED' : 'MODIFIED';
  const line = json === undefined ? undefined : `{"type":"${type}","object":${json}}\n`;
  recentRawLines.set(event.kv, { resource, line });
  return line;
}
