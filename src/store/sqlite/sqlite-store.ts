// The embedded Store: an append-only log of revisions in SQLite (WAL, group commit) plus a
// "latest" index, watchers fed from one in-memory event window.
import type Database from 'better-sqlite3';
import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from '../errors.js';
import { checkExpectedRevision, checkKey, checkValue, compactedError, futureRevisionError } from '../keys.js';
import type { DeleteResult, GetResult, KeyValue, ListOptions, ListResult, ReadOptions, Store, Watch, WatchOptions } from '../types.js';
import type { Timers } from '../timers.js';
import type { ChangeEvent, EventWindowLimits, KeyRange } from '../watch/event-window.js';
import { WatchHub, type EventHistory } from '../watch/watch-hub.js';
import { Compactor, type CompactionOptions } from './compactor.js';
import { GroupCommit, type Outcome } from './group-commit.js';
import { listAtRevision } from './list.js';
import { rowToEvent, rowToKeyValue, type LogRow } from './rows.js';
import { openDatabase, type SynchronousMode } from './schema.js';
import { prepareStatements, type Statements } from './statements.js';

export interface SqliteStoreOptions {
  /** File path of the database (created when missing). */
  path: string;
  compaction?: Partial<CompactionOptions>;
  /**
   * 'full' (default): every acknowledged write is fsynced and survives power loss.
   * 'normal': survives a process crash (kill -9) but the last commits may be lost on power loss.
   * Either way SQLite itself commits with synchronous=NORMAL; in 'full' the store fsyncs the WAL on
   * the thread pool after each group commit and acknowledges the writes only then.
   */
  synchronous?: SynchronousMode;
  /** How many recent events watchers are served from memory. */
  watchWindow?: Partial<EventWindowLimits>;
  /** Default interval of watch progress events (ms). */
  progressIntervalMs?: number;
  timers?: Timers;
}

type WriteOp =
  | { kind: 'create'; key: string; value: string }
  | { kind: 'update'; key: string; value: string; expected: number }
  | { kind: 'delete'; key: string; expected: number | undefined };

type WriteResult = KeyValue | DeleteResult;

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly sql: Statements;
  private readonly writes: GroupCommit<WriteOp, WriteResult>;
  private readonly hub: WatchHub;
  private readonly compactor: Compactor;
  /** The last revision written to SQLite (new writes build on it). */
  private revision: number;
  /** The last revision made durable: what reads, watches and currentRevision see. */
  private visibleRevision: number;
  /** Events committed but not yet durable, published once they are. */
  private unpublished: ChangeEvent[] = [];
  /** The WAL file, fsynced after each group commit in 'full' durability; undefined in 'normal'. */
  private walFd: number | undefined;
  private syncFailure: StoreError | undefined;
  private compacted: number;
  private closed = false;

  constructor(readonly options: SqliteStoreOptions) {
    this.db = openDatabase(options.path, 'normal');
    if ((options.synchronous ?? 'full') === 'full') this.walFd = openWalForSync(options.path);
    this.sql = prepareStatements(this.db);
    this.revision = this.sql.readMeta.get('revision')!.value;
    this.visibleRevision = this.revision;
    this.compacted = this.sql.readMeta.get('compacted_revision')!.value;
    this.writes = new GroupCommit(
      (ops) => this.commitBatch(ops),
      () => this.makeDurable(),
    );
    const history: EventHistory = {
      currentRevision: () => this.visibleRevision,
      compactedRevision: () => this.compacted,
      readHistory: (range, from, to, limit) => this.readHistory(range, from, to, limit),
    };
    this.hub = new WatchHub(history, { window: options.watchWindow, timers: options.timers, defaultProgressIntervalMs: options.progressIntervalMs });
    this.compactor = new Compactor(this.db, this.sql, {
      options: options.compaction,
      synchronous: 'normal',
      timers: options.timers,
      currentRevision: () => this.visibleRevision,
      compactedRevision: () => this.compacted,
      compact: (revision) => this.compact(revision),
    });
  }

  async get(key: string, options: ReadOptions = {}): Promise<GetResult> {
    this.checkOpen();
    checkKey(key);
    const revision = this.readRevision(options.revision);
    // Writes past the visible revision may be in SQLite already, not yet durable: read around them.
    const row = revision === this.revision ? this.sql.latestRow.get(key) : this.sql.rowAtRevision.get(key, revision);
    return { kv: row && !row.deleted ? rowToKeyValue(row) : null, revision };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.checkOpen();
    const revision = this.readRevision(options.revision);
    return listAtRevision(this.sql, prefix, revision, revision === this.revision, options);
  }

  create(key: string, value: string): Promise<KeyValue> {
    return this.submit(() => {
      checkKey(key);
      checkValue(key, value);
      return { kind: 'create', key, value };
    }) as Promise<KeyValue>;
  }

  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    return this.submit(() => {
      checkKey(key);
      checkValue(key, value);
      checkExpectedRevision(key, expectedModRevision, true);
      return { kind: 'update', key, value, expected: expectedModRevision };
    }) as Promise<KeyValue>;
  }

  delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    return this.submit(() => {
      checkKey(key);
      checkExpectedRevision(key, expectedModRevision, false);
      return { kind: 'delete', key, expected: expectedModRevision };
    }) as Promise<DeleteResult>;
  }

  watch(prefix: string, options: WatchOptions = {}): Watch {
    this.checkOpen();
    return this.hub.watch(prefix, options);
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    if (revision > this.visibleRevision) throw futureRevisionError(revision, this.visibleRevision);
    if (revision > this.compacted) {
      this.sql.writeMeta.run(revision, 'compacted_revision');
      this.compacted = revision;
    }
    await this.compactor.reclaim(this.compacted);
  }

  async currentRevision(): Promise<number> {
    this.checkOpen();
    return this.visibleRevision;
  }

  async compactedRevision(): Promise<number> {
    this.checkOpen();
    return this.compacted;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.writes.idle();
    this.closed = true;
    this.hub.closeAll();
    await this.compactor.stop();
    this.db.close();
    if (this.walFd !== undefined) closeSync(this.walFd);
  }

  /** Write transactions so far and the writes they carried (group commit shares one among many). */
  writeStats(): { transactions: number; writes: number } {
    return { transactions: this.writes.stats.transactions, writes: this.writes.stats.writes };
  }

  /** Durability barriers run so far (one fsync of the WAL each in 'full' mode, covering every batch committed before it). */
  syncStats(): { syncs: number } {
    return { syncs: this.writes.stats.syncs };
  }

  /** The longest single compaction or vacuum step so far: the longest a write could wait behind compaction. */
  compactionStats(): { longestStepMs: number } {
    return { longestStepMs: this.compactor.longestStepMs };
  }

  /** Database file sizes in bytes (main file + WAL), for monitoring and the benchmark. */
  sizeOnDisk(): { pages: number; freePages: number; pageSize: number } {
    return {
      pages: this.db.pragma('page_count', { simple: true }) as number,
      freePages: this.db.pragma('freelist_count', { simple: true }) as number,
      pageSize: this.db.pragma('page_size', { simple: true }) as number,
    };
  }

  /** Events older than the watch window, for the hub. */
  private readHistory(range: KeyRange, from: number, to: number, limit: number): { events: ChangeEvent[]; next: number } {
    const rows = range.end
      ? this.sql.history.all(from, to, range.prefix, range.end, limit)
      : this.sql.historyUnbounded.all(from, to, range.prefix, limit);
    const previous = (revision: number): LogRow | undefined => this.sql.rowByRevision.get(revision);
    const events = rows.map((row) => rowToEvent(row, previous));
    const next = rows.length < limit ? to : rows[rows.length - 1].revision + 1;
    return { events, next };
  }

  private submit(build: () => WriteOp): Promise<WriteResult> {
    try {
      this.checkOpen();
      if (this.syncFailure) throw this.syncFailure;
      return this.writes.submit(build());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private commitBatch(ops: WriteOp[]): Outcome<WriteResult>[] {
    if (this.closed) return ops.map(() => ({ ok: false, error: closedError() }));
    const startRevision = this.revision;
    const events: ChangeEvent[] = [];
    let outcomes: Outcome<WriteResult>[];
    try {
      outcomes = this.db.transaction(() => {
        const results = ops.map((op) => this.applyOne(op, events));
        if (this.revision !== startRevision) this.sql.writeMeta.run(this.revision, 'revision');
        return results;
      })();
    } catch (error) {
      this.revision = startRevision;
      const failure = new StoreError('Unavailable', `store write failed: ${(error as Error).message}`);
      return ops.map(() => ({ ok: false, error: failure }));
    }
    for (const event of events) this.unpublished.push(event);
    return outcomes;
  }

  /** Everything committed so far reaches the disk (fsync off the event loop), then becomes visible. */
  private async makeDurable(): Promise<void> {
    const revision = this.revision;
    const events = this.unpublished;
    this.unpublished = [];
    if (this.walFd !== undefined && revision !== this.visibleRevision) {
      const fd = this.walFd;
      try {
        await new Promise<void>((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
      } catch (error) {
        // What the disk holds is unknown now: refuse every later write rather than acknowledge on top of it.
        this.syncFailure = new StoreError('Unavailable', `store write failed: fsync of the WAL failed: ${(error as Error).message}`);
        throw this.syncFailure;
      }
    }
    this.visibleRevision = revision;
    this.hub.publish(events);
  }

  private applyOne(op: WriteOp, events: ChangeEvent[]): Outcome<WriteResult> {
    const current = this.sql.latestRow.get(op.key);
    const currentKv = current ? rowToKeyValue(current) : undefined;
    if (op.kind === 'create') {
      if (currentKv) return fail(new StoreError('AlreadyExists', `key ${op.key} already exists`, currentKv.modRevision));
      const kv = this.append(op.key, op.value, undefined, false);
      events.push({ type: 'put', kv });
      return { ok: true, value: kv };
    }
    if (!currentKv) return fail(new StoreError('NotFound', `key ${op.key} not found`));
    if (op.expected !== undefined && currentKv.modRevision !== op.expected) {
      return fail(new StoreError('Conflict', `key ${op.key} was modified at revision ${currentKv.modRevision}, not ${op.expected}`, currentKv.modRevision));
    }
    if (op.kind === 'update') {
      const kv = this.append(op.key, op.value, currentKv, false);
      events.push({ type: 'put', kv, prevKv: currentKv });
      return { ok: true, value: kv };
    }
    const kv = this.append(op.key, currentKv.value, currentKv, true);
    events.push({ type: 'delete', kv, prevKv: currentKv });
    return { ok: true, value: { prevKv: currentKv, revision: kv.modRevision } };
  }

  private append(key: string, value: string, previous: KeyValue | undefined, deleted: boolean): KeyValue {
    const revision = ++this.revision;
    const createRevision = previous ? previous.createRevision : revision;
    const version = previous ? (deleted ? previous.version : previous.version + 1) : 1;
    this.sql.insertLog.run(revision, key, value, createRevision, version, previous ? previous.modRevision : 0, deleted ? 1 : 0);
    if (deleted) this.sql.deleteLatest.run(key);
    else this.sql.upsertLatest.run(key, revision);
    return { key, value, createRevision, modRevision: revision, version };
  }

  private readRevision(requested: number | undefined): number {
    if (requested === undefined || requested === 0) return this.visibleRevision;
    if (!Number.isSafeInteger(requested) || requested < 0) throw new TypeError(`revision must be a non-negative integer, got ${requested}`);
    if (requested > this.visibleRevision) throw futureRevisionError(requested, this.visibleRevision);
    if (requested < this.compacted) throw compactedError(requested, this.compacted);
    return requested;
  }

  private checkOpen(): void {
    if (this.closed) throw closedError();
  }
}

const fail = (error: StoreError): Outcome<WriteResult> => ({ ok: false, error });
const closedError = (): StoreError => new StoreError('Unavailable', 'the store is closed');

/** Opens the WAL (the open already wrote to it, so it exists) and makes its directory entry durable once. */
function openWalForSync(path: string): number {
  const fd = openSync(`${path}-wal`, 'r');
  const directory = openSync(dirname(path), 'r');
  try {
    fsyncSync(directory);
  } finally {
    closeSync(directory);
  }
  return fd;
}
