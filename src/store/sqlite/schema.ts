// Opening the SQLite file: refuse anything that is not an engenho store, create the schema once.
import Database from 'better-sqlite3';

/** 'engh' — marks the file as an engenho store (PRAGMA application_id). */
export const APPLICATION_ID = 0x656e6768;
export const SCHEMA_VERSION = 1;

export type SynchronousMode = 'full' | 'normal';

const SCHEMA = `
CREATE TABLE log (
  revision INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  value TEXT NOT NULL,             -- for a deletion: the value that was deleted
  create_revision INTEGER NOT NULL,
  version INTEGER NOT NULL,        -- for a deletion: the version that was deleted
  prev_revision INTEGER NOT NULL,  -- the key's previous write, 0 when created
  deleted INTEGER NOT NULL
);
CREATE INDEX log_key_revision ON log (key, revision);
CREATE TABLE latest (key TEXT PRIMARY KEY, revision INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta (name, value) VALUES ('revision', 1), ('compacted_revision', 1), ('compaction_scanned', 1);
`;

export class StoreFileError extends Error {
  constructor(path: string, reason: string) {
    super(`refusing to open store ${path}: ${reason}; nothing was changed (move the file away or point store.sqlite.path elsewhere)`);
    this.name = 'StoreFileError';
  }
}

export function openDatabase(path: string, synchronous: SynchronousMode): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: false, timeout: 200 });
  } catch (error) {
    throw new StoreFileError(path, (error as Error).message);
  }
  try {
    // One process owns the file: the lock is taken by the first write below and held until close.
    db.pragma('locking_mode = EXCLUSIVE');
    checkOrCreate(db, path);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
    // Keep the WAL file from staying large after a burst; checkpoints happen every 1000 pages.
    db.pragma('journal_size_limit = 16777216');
    db.pragma('cache_size = -32768');
    db.prepare("UPDATE meta SET value = value WHERE name = 'revision'").run();
    return db;
  } catch (error) {
    db.close();
    if (error instanceof StoreFileError) throw error;
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new StoreFileError(path, 'another process is using it (only one engenho server can own a SQLite store; share state through etcd instead)');
    }
    throw new StoreFileError(path, (error as Error).message);
  }
}

function checkOrCreate(db: Database.Database, path: string): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  const tableCount = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n;
  if (applicationId === 0 && userVersion === 0 && tableCount === 0) {
    // auto_vacuum must be chosen before the first table exists.
    db.pragma('auto_vacuum = INCREMENTAL');
    db.transaction(() => {
      db.exec(SCHEMA);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
    return;
  }
  if (applicationId !== APPLICATION_ID) {
    throw new StoreFileError(path, `it is a SQLite database of another application (application_id ${applicationId}, expected ${APPLICATION_ID})`);
  }
  if (userVersion !== SCHEMA_VERSION) {
    throw new StoreFileError(path, `it has schema version ${userVersion}; this engenho reads version ${SCHEMA_VERSION}`);
  }
  const check = db.pragma('quick_check(1)', { simple: true }) as string;
  if (check !== 'ok') throw new StoreFileError(path, `it is corrupt (${check})`);
}
