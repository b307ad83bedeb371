// An in-memory API server behind the Transport interface, for unit tests of the client, watcher,
// informer and controller runtime. It keeps objects per resource path, a global resourceVersion,
// an event history for watches (with `compact()` to force 410 Gone), and can inject failures.
// It is deliberately small: no validation, defaulting or admission; strategic and apply patches
// are treated as JSON merge patches.
import { randomUUID } from 'node:crypto';
import fastJsonPatch from 'fast-json-patch';
import { alreadyExists, conflict, gone, matchesLabels, notFound, parseLabelSelector, StatusError, toStatus, unprocessableEntity, type Status } from '../../machinery/index.js';
import { Client, type ClientOptions } from '../client.js';
import type { Transport, TransportRequest, TransportResponse, TransportStream } from '../transport.js';
import type { KubeObject } from '../types.js';
import { AsyncQueue } from './async-queue.js';

interface ParsedPath {
  collection: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

interface HistoryEntry {
  revision: number;
  collection: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

interface OpenWatch {
  collection: string;
  namespace?: string;
  labelSelector?: string;
  bookmarks: boolean;
  queue: AsyncQueue<string>;
}

export class FakeApi implements Transport {
  private revision = 1;
  private compactedRevision = 0;
  private readonly collections = new Map<string, Map<string, KubeObject>>();
  private history: HistoryEntry[] = [];
  private readonly watches = new Set<OpenWatch>();
  private failures: { match: (request: TransportRequest) => boolean; status: Status }[] = [];
  readonly requests: TransportRequest[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  client(options: ClientOptions = {}): Client {
    return new Client(this, options);
  }

  get currentRevision(): number {
    return this.revision;
  }

  get openWatches(): number {
    return this.watches.size;
  }

  /** The next request that `match`es fails with `status`. */
  failNext(match: (request: TransportRequest) => boolean, status: Status): void {
    this.failures.push({ match, status });
  }

  /** Forgets history up to now: watches from an older resourceVersion get 410 Gone. */
  compact(): void {
    this.compactedRevision = this.revision;
    this.history = [];
  }

  /** Sends a BOOKMARK with the current resourceVersion to every watch that asked for bookmarks. */
  bookmark(): void {
    for (const watch of this.watches) {
      if (!watch.bookmarks) continue;
      watch.queue.push(JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: String(this.revision) } } }) + '\n');
    }
  }

  /** Ends every open watch stream, as a server restart or timeout would. */
  dropWatches(): void {
    for (const watch of this.watches) watch.queue.end();
    this.watches.clear();
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    this.requests.push(request);
    try {
      this.injectedFailure(request);
      const body = this.handle(request);
      return { status: request.method === 'POST' ? 201 : 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    } catch (error) {
      const status = toStatus(error);
      return { status: status.code, headers: { 'content-type': 'application/json' }, body: JSON.stringify(status) };
    }
  }

  async stream(request: TransportRequest): Promise<TransportStream> {
    this.requests.push(request);
    const queue = new AsyncQueue<string>();
    try {
      this.injectedFailure(request);
    } catch (error) {
      const status = toStatus(error);
      queue.push(JSON.stringify(status));
      queue.end();
      return { status: status.code, headers: {}, body: queue, close: () => queue.end() };
    }
    const path = parsePath(request.path);
    const query = request.query ?? {};
    const from = Number(query.resourceVersion ?? this.revision);
    const watch: OpenWatch = {
      collection: path.collection,
      namespace: path.namespace,
      labelSelector: query.labelSelector === undefined ? undefined : String(query.labelSelector),
      bookmarks: query.allowWatchBookmarks === true || query.allowWatchBookmarks === 'true',
      queue,
    };
    if (from !== 0 && from < this.compactedRevision) {
      const status = toStatus(gone(`too old resource version: ${from} (${this.compactedRevision})`));
      queue.push(JSON.stringify({ type: 'ERROR', object: status }) + '\n');
      queue.end();
    } else {
      for (const entry of this.history) {
        if (entry.revision > from) this.deliver(watch, entry);
      }
      this.watches.add(watch);
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: queue,
      close: () => {
        queue.end();
        this.watches.delete(watch);
      },
    };
  }

  private injectedFailure(request: TransportRequest): void {
    const index = this.failures.findIndex((failure) => failure.match(request));
    if (index < 0) return;
    const [failure] = this.failures.splice(index, 1);
    throw new StatusError(failure.status);
  }

  private handle(request: TransportRequest): unknown {
    const path = parsePath(request.path);
    const objects = this.collection(path.collection);
    const body = request.body === undefined ? undefined : (JSON.parse(request.body) as KubeObject);
    switch (request.method) {
      case 'GET':
        return path.name === undefined ? this.list(path, request) : this.existing(path);
      case 'POST':
        return this.create(path, body ?? {});
      case 'PUT':
        return this.update(path, body ?? {});
      case 'PATCH':
        return this.patch(path, request);
      case 'DELETE': {
        if (path.name === undefined) {
          for (const object of [...objects.values()]) {
            if (path.namespace === undefined || object.metadata?.namespace === path.namespace) this.remove(path.collection, object);
          }
          return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
        }
        const object = this.existing(path);
        this.remove(path.collection, object);
        return object;
      }
    }
  }

  private list(path: ParsedPath, request: TransportRequest): unknown {
    const query = request.query ?? {};
    const selector = query.labelSelector === undefined ? undefined : parseLabelSelector(String(query.labelSelector));
    const all = [...this.collection(path.collection).values()]
      .filter((object) => path.namespace === undefined || object.metadata?.namespace === path.namespace)
      .filter((object) => selector === undefined || matchesLabels(selector, object.metadata?.labels))
      .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
    const start = query.continue === undefined ? 0 : Number(String(query.continue).split(':')[1]);
    const listRevision = query.continue === undefined ? this.revision : Number(String(query.continue).split(':')[0]);
    if (query.continue !== undefined && listRevision < this.compactedRevision) {
      throw gone('The provided continue parameter is too old to display a consistent list result.');
    }
    const limit = query.limit === undefined ? all.length : Number(query.limit);
    const items = all.slice(start, start + limit);
    const more = start + limit < all.length;
    return {
      kind: 'List',
      apiVersion: 'v1',
      metadata: { resourceVersion: String(listRevision), ...(more ? { continue: `${listRevision}:${start + limit}` } : {}) },
      items,
    };
  }

  private create(path: ParsedPath, object: KubeObject): KubeObject {
    const metadata = { ...object.metadata };
    if (!metadata.name && metadata.generateName) metadata.name = `${metadata.generateName}${randomUUID().slice(0, 5)}`;
    if (path.namespace !== undefined) metadata.namespace = path.namespace;
    const key = keyOf({ metadata });
    const objects = this.collection(path.collection);
    if (objects.has(key)) throw alreadyExists(resourceOf(path), metadata.name ?? '');
    const stored = { ...object, metadata: { ...metadata, uid: randomUUID(), creationTimestamp: new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z') } };
    return this.store(path.collection, 'ADDED', stored);
  }

  private update(path: ParsedPath, object: KubeObject): KubeObject {
    const current = this.existing(path);
    const expected = object.metadata?.resourceVersion;
    if (expected !== undefined && expected !== current.metadata?.resourceVersion) throw conflict(resourceOf(path), path.name ?? '');
    const next: KubeObject =
      path.subresource === 'status'
        ? { ...current, status: (object as { status?: unknown }).status } as KubeObject
        : { ...object, status: (current as { status?: unknown }).status } as KubeObject;
    next.metadata = { ...object.metadata, uid: current.metadata?.uid, creationTimestamp: current.metadata?.creationTimestamp, namespace: current.metadata?.namespace, name: current.metadata?.name };
    if (path.subresource === 'status') next.metadata = current.metadata;
    return this.store(path.collection, 'MODIFIED', next);
  }

  private patch(path: ParsedPath, request: TransportRequest): KubeObject {
    const contentType = request.headers?.['content-type'] ?? '';
    const patch = JSON.parse(request.body ?? 'null');
    const objects = this.collection(path.collection);
    if (contentType.startsWith('application/apply-patch') && !objects.has(keyOf({ metadata: { name: path.name, namespace: path.namespace } }))) {
      return this.create(path, patch as KubeObject);
    }
    const current = this.existing(path);
    let next: KubeObject;
    try {
      next = contentType.startsWith('application/json-patch')
        ? (fastJsonPatch.applyPatch(structuredClone(current), patch, true, false).newDocument as KubeObject)
        : (mergePatch(current, patch) as KubeObject);
    } catch (error) {
      throw unprocessableEntity(`the patch cannot be applied: ${(error as Error).message.split('\n')[0]}`);
    }
    const expected = (patch as KubeObject | null)?.metadata?.resourceVersion;
    if (expected !== undefined && expected !== current.metadata?.resourceVersion) throw conflict(resourceOf(path), path.name ?? '');
    return this.store(path.collection, 'MODIFIED', next);
  }

  private existing(path: ParsedPath): KubeObject {
    const object = this.collection(path.collection).get(keyOf({ metadata: { name: path.name, namespace: path.namespace } }));
    if (object === undefined) throw notFound(resourceOf(path), path.name ?? '');
    return object;
  }

  private store(collection: string, type: 'ADDED' | 'MODIFIED', object: KubeObject): KubeObject {
    this.revision += 1;
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(this.revision) } };
    this.collection(collection).set(keyOf(stored), stored);
    this.record({ revision: this.revision, collection, type, object: stored });
    return stored;
  }

  private remove(collection: string, object: KubeObject): void {
    this.revision += 1;
    this.collection(collection).delete(keyOf(object));
    const deleted = { ...object, metadata: { ...object.metadata, resourceVersion: String(this.revision) } };
    this.record({ revision: this.revision, collection, type: 'DELETED', object: deleted });
  }

  private record(entry: HistoryEntry): void {
    this.history.push(entry);
    for (const watch of this.watches) this.deliver(watch, entry);
  }

  private deliver(watch: OpenWatch, entry: HistoryEntry): void {
    if (entry.collection !== watch.collection) return;
    if (watch.namespace !== undefined && entry.object.metadata?.namespace !== watch.namespace) return;
    if (watch.labelSelector !== undefined && !matchesLabels(parseLabelSelector(watch.labelSelector), entry.object.metadata?.labels)) return;
    watch.queue.push(JSON.stringify({ type: entry.type, object: entry.object }) + '\n');
  }

  private collection(name: string): Map<string, KubeObject> {
    let objects = this.collections.get(name);
    if (objects === undefined) {
      objects = new Map();
      this.collections.set(name, objects);
    }
    return objects;
  }
}

function parsePath(path: string): ParsedPath {
  const segments = path.split('/').filter((segment) => segment !== '').map(decodeURIComponent);
  const rootLength = segments[0] === 'api' ? 2 : 3;
  const root = segments.slice(1, rootLength).join('/');
  let rest = segments.slice(rootLength);
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  return { collection: `${root}/${rest[0]}`, namespace, name: rest[1], subresource: rest[2] };
}

function resourceOf(path: ParsedPath): string {
  return path.collection.split('/').pop() ?? '';
}

function keyOf(object: KubeObject): string {
  const namespace = object.metadata?.namespace;
  return namespace ? `${namespace}/${object.metadata?.name}` : (object.metadata?.name ?? '');
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}
