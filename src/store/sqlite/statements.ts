// Every SQL statement the SQLite store runs, prepared once.
import type Database from 'better-sqlite3';
import { LOG_COLUMNS, type LogRow } from './rows.js';

export function prepareStatements(db: Database.Database) {
  const logColumns = LOG_COLUMNS.split(', ').map((c) => `log.${c}`).join(', ');
  return {
    readMeta: db.prepare<[string], { value: number }>('SELECT value FROM meta WHERE name = ?'),
    writeMeta: db.prepare<[number, string]>('UPDATE meta SET value = ? WHERE name = ?'),
    latestRow: db.prepare<[string], LogRow>(`SELECT ${logColumns} FROM latest JOIN log ON log.revision = latest.revision WHERE latest.key = ?`),
    rowAtRevision: db.prepare<[string, number], LogRow>(`SELECT ${LOG_COLUMNS} FROM log WHERE key = ? AND revision <= ? ORDER BY revision DESC LIMIT 1`),
    rowByRevision: db.prepare<[number], LogRow>(`SELECT ${LOG_COLUMNS} FROM log WHERE revision = ?`),
    insertLog: db.prepare<[number, string, string, number, number, number, number]>(
      `INSERT INTO log (${LOG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    upsertLatest: db.prepare<[string, number]>('INSERT INTO latest (key, revision) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET revision = excluded.revision'),
    deleteLatest: db.prepare<[string]>('DELETE FROM latest WHERE key = ?'),
    /** Live keys in [from, end) at the latest revision, in key order, whose last write is at or before a revision. */
    listLatest: db.prepare<[string, string, number, number], LogRow>(
      `SELECT ${logColumns} FROM latest JOIN log ON log.revision = latest.revision
       WHERE latest.key >= ? AND latest.key < ? AND latest.revision <= ? ORDER BY latest.key LIMIT ?`,
    ),
    listLatestUnbounded: db.prepare<[string, number, number], LogRow>(
      `SELECT ${logColumns} FROM latest JOIN log ON log.revision = latest.revision
       WHERE latest.key >= ? AND latest.revision <= ? ORDER BY latest.key LIMIT ?`,
    ),
    countLatest: db.prepare<[string, string, number], { n: number }>(
      'SELECT count(*) AS n FROM latest WHERE key >= ? AND key < ? AND revision <= ?',
    ),
    countLatestUnbounded: db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM latest WHERE key >= ? AND revision <= ?'),
    /** Keys in a range written after a revision (the delta a pinned list must rewind). */
    keysChangedAfter: db.prepare<[number, string, string], { key: string }>(
      'SELECT DISTINCT key FROM log WHERE revision > ? AND key >= ? AND key < ?',
    ),
    keysChangedAfterUnbounded: db.prepare<[number, string], { key: string }>('SELECT DISTINCT key FROM log WHERE revision > ? AND key >= ?'),
    history: db.prepare<[number, number, string, string, number], LogRow>(
      `SELECT ${LOG_COLUMNS} FROM log WHERE revision >= ? AND revision < ? AND key >= ? AND key < ? ORDER BY revision LIMIT ?`,
    ),
    historyUnbounded: db.prepare<[number, number, string, number], LogRow>(
      `SELECT ${LOG_COLUMNS} FROM log WHERE revision >= ? AND revision < ? AND key >= ? ORDER BY revision LIMIT ?`,
    ),
    compactionScan: db.prepare<[number, number, number], { revision: number; key: string; deleted: number }>(
      'SELECT revision, key, deleted FROM log WHERE revision >= ? AND revision <= ? ORDER BY revision LIMIT ?',
    ),
    deleteOlderRows: db.prepare<[string, number]>('DELETE FROM log WHERE key = ? AND revision < ?'),
    deleteRow: db.prepare<[number]>('DELETE FROM log WHERE revision = ?'),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
