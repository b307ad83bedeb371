// LIST: consistent reads pinned to one store revision, selectors, paging with continue tokens
// (base64 JSON {rv, start}) and remainingItemCount when nothing is filtered.
import { gone, timeout, type StatusError } from '../../machinery/index.js';
import { isStoreError } from '../../store/errors.js';
import type { KubeObject } from '../storage/resource-storage.js';
import { decodeObject, servedJsonOf } from '../storage/resource-storage.js';
import { encodeContinue, parseListQuery, type ListQuery } from './list-options.js';
import type { RequestScope } from './scope.js';
import { sendJsonList, sendList } from './scope.js';

const PAGE_READ = 500;

/**
 * Upstream's answer when a client asks for a revision the server has not reached: 504 with the
 * ResourceVersionTooLarge cause, which client-go's reflector recognises and retries.
 */
export function tooLargeResourceVersion(requested: number, current: number): StatusError {
  const error = timeout(`Too large resource version: ${requested}, current: ${current}`, 1);
  error.status.details = { ...error.status.details, causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] };
  return error;
}

export interface ListPage {
  items: KubeObject[];
  /** With `asJson`: each item's JSON, in order, instead of `items` (left empty). */
  jsonItems?: string[];
  revision: number;
  continueToken?: string;
  remainingItemCount?: number;
}

/** The revision to read at, per resourceVersion / resourceVersionMatch / continue. */
async function readRevision(scope: RequestScope, list: ListQuery): Promise<number | undefined> {
  if (list.continueToken !== undefined) return list.continueToken.rv;
  const rv = list.resourceVersion;
  if (rv === undefined || rv === 0) return undefined;
  const current = await scope.ctx.store.currentRevision();
  if (rv > current) throw tooLargeResourceVersion(rv, current);
  const exact = list.resourceVersionMatch === 'Exact' || (list.resourceVersionMatch === undefined && list.limit > 0);
  return exact ? rv : undefined;
}

/** `asJson`: return the items' JSON (stored values spliced, not parsed, when no selector filters them). */
export async function readList(scope: RequestScope, list: ListQuery, asJson = false): Promise<ListPage> {
  const prefix = scope.storage.prefix(scope.namespace);
  let revision = await readRevision(scope, list);
  let startAfter = list.continueToken !== undefined ? prefix + list.continueToken.start : undefined;
  const items: KubeObject[] = [];
  const jsonItems: string[] = [];
  const count = () => (asJson ? jsonItems.length : items.length);
  let lastKey: string | undefined;
  let more = false;
  let remaining: number | undefined;
  for (;;) {
    const want = list.limit > 0 ? (list.filtering ? Math.max(list.limit - count(), PAGE_READ) : list.limit - count()) : 0;
    let page;
    try {
      page = await scope.ctx.store.list(prefix, { revision, limit: want, startAfter });
    } catch (error) {
      if (isStoreError(error, 'Compacted')) {
        throw list.continueToken !== undefined
          ? gone('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.')
          : gone(`The resourceVersion for the provided list is too old.`);
      }
      throw error;
    }
    revision = page.revision;
    let index = 0;
    for (; index < page.kvs.length; index++) {
      const kv = page.kvs[index];
      if (list.limit > 0 && count() >= list.limit) break;
      lastKey = kv.key;
      const spliced = asJson && !list.filtering ? servedJsonOf(scope.resource, kv) : undefined;
      if (spliced !== undefined) {
        jsonItems.push(spliced);
        continue;
      }
      const object = decodeObject(scope.resource, kv);
      if (!list.matches(object)) continue;
      if (asJson) jsonItems.push(JSON.stringify(object));
      else items.push(object);
    }
    const leftInPage = index < page.kvs.length;
    more = leftInPage || page.more;
    remaining = page.remaining === undefined ? undefined : page.remaining + (page.kvs.length - index);
    if (!more || (list.limit > 0 && count() >= list.limit) || list.limit === 0) break;
    startAfter = lastKey;
  }
  const result: ListPage = { items, revision: revision! };
  if (asJson) result.jsonItems = jsonItems;
  if (list.limit > 0 && more && lastKey !== undefined) {
    result.continueToken = encodeContinue({ rv: revision!, start: lastKey.slice(prefix.length) });
    if (!list.filtering && remaining !== undefined) result.remainingItemCount = remaining;
  }
  return result;
}

export async function handleList(scope: RequestScope): Promise<void> {
  const list = parseListQuery(scope.resource, scope.query, false);
  const asJson = scope.format.encoding === 'json' && scope.format.view === 'Object';
  const page = await readList(scope, list, asJson);
  const listMeta: Record<string, unknown> = { resourceVersion: String(page.revision) };
  if (page.continueToken !== undefined) listMeta.continue = page.continueToken;
  if (page.remainingItemCount !== undefined) listMeta.remainingItemCount = page.remainingItemCount;
  if (page.jsonItems !== undefined) sendJsonList(scope, page.jsonItems, listMeta);
  else sendList(scope, page.items, listMeta);
}
