// Listing a key range at a revision, paging by key, in O(result + writes since that revision).
import { compareKeys, prefixEnd } from '../keys.js';
import type { KeyValue, ListOptions, ListResult } from '../types.js';
import { rowToKeyValue } from './rows.js';
import type { Statements } from './statements.js';

/**
 * Keys whose latest write is at or before `revision` are read straight from the latest index; keys
 * written after it (a delta bounded by the writes since) are rewound one by one with the
 * (key, revision) index. Both streams are in key order and merged.
 */
export function listAtRevision(sql: Statements, prefix: string, revision: number, isLatest: boolean, options: ListOptions): ListResult {
  const end = prefixEnd(prefix);
  const from = options.startAfter !== undefined && compareKeys(options.startAfter + '\0', prefix) > 0 ? options.startAfter + '\0' : prefix;
  const limit = options.limit && options.limit > 0 ? options.limit : -1;
  const fetch = limit > 0 ? limit + 1 : -1;

  const unchanged = (end ? sql.listLatest.all(from, end, revision, fetch) : sql.listLatestUnbounded.all(from, revision, fetch)).map(rowToKeyValue);
  const rewound = isLatest ? [] : rewindChangedKeys(sql, from, end, revision);
  const merged = rewound.length === 0 ? unchanged : mergeByKey(unchanged, rewound);

  if (limit < 0 || merged.length <= limit) return { kvs: merged, revision, more: false, remaining: 0 };
  const kvs = merged.slice(0, limit);
  const after = kvs[kvs.length - 1].key + '\0';
  const unchangedAfter = (end ? sql.countLatest.get(after, end, revision) : sql.countLatestUnbounded.get(after, revision))!.n;
  const rewoundAfter = rewound.filter((kv) => compareKeys(kv.key, after) >= 0).length;
  return { kvs, revision, more: true, remaining: unchangedAfter + rewoundAfter };
}

function rewindChangedKeys(sql: Statements, from: string, end: string, revision: number): KeyValue[] {
  const keys = end ? sql.keysChangedAfter.all(revision, from, end) : sql.keysChangedAfterUnbounded.all(revision, from);
  const out: KeyValue[] = [];
  for (const { key } of keys) {
    const row = sql.rowAtRevision.get(key, revision);
    if (row && !row.deleted) out.push(rowToKeyValue(row));
  }
  return out.sort((a, b) => compareKeys(a.key, b.key));
}

function mergeByKey(a: KeyValue[], b: KeyValue[]): KeyValue[] {
  const out: KeyValue[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(compareKeys(a[i].key, b[j].key) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}
