// Rows of the log table and their translation to KeyValues and watch events.
import type { KeyValue } from '../types.js';
import type { ChangeEvent } from '../watch/event-window.js';

export interface LogRow {
  revision: number;
  key: string;
  value: string;
  create_revision: number;
  version: number;
  prev_revision: number;
  deleted: number;
}

export const LOG_COLUMNS = 'revision, key, value, create_revision, version, prev_revision, deleted';

/** The key-value a row wrote (for a deletion row: the value it removed, stamped with the deletion revision). */
export const rowToKeyValue = (row: LogRow): KeyValue => ({
  key: row.key,
  value: row.value,
  createRevision: row.create_revision,
  modRevision: row.revision,
  version: row.version,
});

/** For a deletion row, the key-value as it was just before the deletion. */
export const deletedKeyValue = (row: LogRow): KeyValue => ({
  key: row.key,
  value: row.value,
  createRevision: row.create_revision,
  modRevision: row.prev_revision,
  version: row.version,
});

export function rowToEvent(row: LogRow, previous: (revision: number) => LogRow | undefined): ChangeEvent {
  if (row.deleted) return { type: 'delete', kv: rowToKeyValue(row), prevKv: deletedKeyValue(row) };
  const prevRow = row.prev_revision > 0 ? previous(row.prev_revision) : undefined;
  return prevRow ? { type: 'put', kv: rowToKeyValue(row), prevKv: rowToKeyValue(prevRow) } : { type: 'put', kv: rowToKeyValue(row) };
}
