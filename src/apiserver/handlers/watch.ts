// WATCH: a chunked stream of JSON lines {type, object}, flushed per event (HTTP/1.1 and HTTP/2).
// RV unset/"0": synthetic ADDED for the current state first; RV X: events after X; sendInitialEvents:
// initial state then a bookmark marked k8s.io/initial-events-end; compacted RV: in-band 410 ERROR.
import { gone, requiredFieldValue } from '../../machinery/index.js';
import { isStoreError } from '../../store/errors.js';
import type { WatchEvent } from '../../store/types.js';
import type { ServerResponse } from 'node:http';
import type { ApiResponse } from '../http/types.js';
import { decodeObject, type KubeObject } from '../storage/resource-storage.js';
import { parseListQuery, type ListQuery } from './list-options.js';
import { viewOfObject, type RequestScope } from './scope.js';
import { bookmark, rawEventLine, translateStoreEvent, watchEventLine, type ApiWatchEvent } from './watch-events.js';

function writeEvent(response: ApiResponse, event: ApiWatchEvent): Promise<void> | undefined {
  return writeLine(response, watchEventLine(event));
}

function writeLine(response: ApiResponse, line: string): Promise<void> | undefined {
  const res = response as ServerResponse;
  const ok = res.write(line);
  if (ok) return undefined;
  return new Promise((resolve) => {
    res.once('drain', resolve);
    res.once('close', resolve);
  });
}

function watchQuery(scope: RequestScope): ListQuery {
  const list = parseListQuery(scope.resource, scope.query, true);
  if (scope.name === undefined) return list;
  // GET /.../name?watch=1 watches one object, as a metadata.name field selector would.
  const name = scope.name;
  const pinned = requiredFieldValue(list.fieldSelector, 'metadata.name');
  return { ...list, filtering: true, matches: (object) => object.metadata.name === name && (pinned === undefined || pinned === name) && list.matches(object) };
}

export async function handleWatch(scope: RequestScope): Promise<void> {
  const { ctx, res, resource } = scope;
  const list = watchQuery(scope);
  const rv = list.resourceVersion;
  const initialEvents = list.sendInitialEvents === true || (list.sendInitialEvents === undefined && (rv === undefined || rv === 0));
  const abort = new AbortController();
  const timeoutSeconds = list.timeoutSeconds !== undefined && list.timeoutSeconds > 0 ? list.timeoutSeconds : ctx.watchTimeoutSeconds();
  const timer = setTimeout(() => abort.abort(), timeoutSeconds * 1000);
  res.once('close', () => abort.abort());

  let startRevision: number;
  let initial: KubeObject[] = [];
  if (initialEvents) {
    const prefix = scope.storage.prefix(scope.namespace);
    const page = await ctx.store.list(prefix);
    startRevision = page.revision;
    initial = page.kvs.map((kv) => decodeObject(resource, kv)).filter((object) => list.matches(object));
  } else {
    startRevision = rv !== undefined && rv > 0 ? rv : await ctx.store.currentRevision();
  }

  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
  (res as { flushHeaders?: () => void }).flushHeaders?.();
  const emit = (event: ApiWatchEvent) => {
    const object = event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED' ? viewOfObject(scope, event.object as KubeObject) : event.object;
    return writeEvent(res, { type: event.type, object: object as Record<string, unknown> });
  };
  try {
    for (const object of initial) await emit({ type: 'ADDED', object });
    if (list.sendInitialEvents === true && list.allowWatchBookmarks) {
      await emit(bookmark(resource, startRevision, { 'k8s.io/initial-events-end': 'true' }));
    }
    // Watching everything as plain objects: event lines come from the stored text, undecoded.
    const emitRaw = !list.filtering && scope.format.view === 'Object' ? (line: string) => writeLine(res, line) : undefined;
    await streamChanges(scope, list, startRevision, abort.signal, emit, emitRaw);
  } catch (error) {
    if (isStoreError(error, 'Compacted')) {
      await emit({ type: 'ERROR', object: gone(`too old resource version: ${startRevision} (${error.revision ?? 0})`).status as unknown as Record<string, unknown> });
    } else if (!abort.signal.aborted) {
      ctx.logger.error({ err: error }, 'watch failed');
      await emit({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'watch failed: internal error', reason: 'InternalError', code: 500 } });
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
    if (!res.writableEnded) res.end();
  }
}

async function streamChanges(
  scope: RequestScope,
  list: ListQuery,
  afterRevision: number,
  signal: AbortSignal,
  emit: (event: ApiWatchEvent) => Promise<void> | undefined,
  emitRaw: ((line: string) => Promise<void> | undefined) | undefined,
): Promise<void> {
  if (signal.aborted) return;
  const watch = scope.storage.watch(scope.namespace, afterRevision + 1, scope.ctx.watchProgressIntervalMs, signal);
  /** Revision of the last event or bookmark sent. */
  let lastRevision = afterRevision;
  try {
    for await (const event of watch as AsyncIterable<WatchEvent>) {
      if (signal.aborted) break;
      if (event.type === 'progress') {
        // Upstream sends bookmarks periodically even when nothing moved; never one older than what was sent.
        if (list.allowWatchBookmarks && event.revision >= lastRevision) {
          lastRevision = event.revision;
          await emit(bookmark(scope.resource, event.revision));
        }
        continue;
      }
      const line = emitRaw === undefined ? undefined : rawEventLine(scope.resource, event);
      if (line !== undefined) {
        lastRevision = Math.max(lastRevision, event.kv.modRevision);
        await emitRaw!(line);
        continue;
      }
      const translated = translateStoreEvent(scope.resource, event, list.matches);
      if (translated !== undefined) {
        lastRevision = Math.max(lastRevision, event.kv.modRevision);
        await emit(translated);
      }
    }
  } finally {
    watch.close();
  }
}
