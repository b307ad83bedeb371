// Compaction: logically instant (reads below the revision fail at once), physically done in
// small transactions between which writes run, followed by incremental vacuum to give pages back.
import type Database from 'better-sqlite3';
import { realTimers, type Timers } from '../timers.js';
import type { Statements } from './statements.js';

export interface CompactionOptions {
  /** How often the automatic compactor runs (ms); 0 turns it off. Default 60 s. */
  intervalMs: number;
  /** Revisions kept behind the current one by the automatic compactor. Default 10,000. */
  retainRevisions: number;
  /** Log rows examined per transaction. Default 256. */
  batchSize: number;
  /** Free pages returned to the file system per step. Default 64. */
  vacuumPages: number;
  /** A step stops early once it ran this long (ms), so writes never wait long behind it. Default 8. */
  stepBudgetMs: number;
}

export const defaultCompaction: CompactionOptions = { intervalMs: 60_000, retainRevisions: 10_000, batchSize: 256, vacuumPages: 64, stepBudgetMs: 8 };

interface CompactorDeps {
  /** The store's synchronous mode, restored after each compaction step. */
  synchronous: 'full' | 'normal';
  options?: Partial<CompactionOptions>;
  timers?: Timers;
  currentRevision(): number;
  compactedRevision(): number;
  compact(revision: number): Promise<void>;
}

export class Compactor {
  readonly options: CompactionOptions;
  private readonly timers: Timers;
  private timer: unknown;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Longest single compaction or vacuum step so far (ms): the longest a write could wait behind it. */
  longestStepMs = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly sql: Statements,
    private readonly deps: CompactorDeps,
  ) {
    this.options = { ...defaultCompaction, ...deps.options };
    this.timers = deps.timers ?? realTimers;
    this.schedule();
  }

  /** Physically drop what compaction at `target` made unreachable; resolves when done. */
  reclaim(target: number): Promise<void> {
    const run = (this.running ?? Promise.resolve()).then(() => this.reclaimUpTo(target));
    this.running = run.catch(() => undefined);
    return run;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(): void {
    if (this.options.intervalMs <= 0 || this.stopped) return;
    this.timer = this.timers.setTimeout(() => void this.tick(), this.options.intervalMs);
  }

  private async tick(): Promise<void> {
    const target = this.deps.currentRevision() - this.options.retainRevisions;
    try {
      if (target > this.deps.compactedRevision()) await this.deps.compact(target);
    } catch {
      // A failed automatic compaction is retried at the next tick; the store stays correct without it.
    }
    this.schedule();
  }

  private async reclaimUpTo(target: number): Promise<void> {
    let scanned = this.sql.readMeta.get('compaction_scanned')!.value;
    while (scanned < target && !this.stopped) {
      scanned = this.step(() => this.db.transaction(() => this.compactBatch(scanned, target))());
      await yieldToWrites();
    }
    while (!this.stopped) {
      const freePages = this.db.pragma('freelist_count', { simple: true }) as number;
      if (freePages === 0) break;
      this.step(() => this.db.pragma(`incremental_vacuum(${this.options.vacuumPages})`));
      await yieldToWrites();
    }
  }

  /**
   * Rows from `from` to `target` (inclusive) in revision order: each supersedes every older row of
   * its key; a deletion below `target` is itself dropped (the row at `target` stays for watchers).
   */
  private compactBatch(from: number, target: number): number {
    const rows = this.sql.compactionScan.all(from, target, this.options.batchSize);
    const deadline = performance.now() + this.options.stepBudgetMs;
    let next = rows.length < this.options.batchSize ? target : Math.min(rows[rows.length - 1].revision + 1, target);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      this.sql.deleteOlderRows.run(row.key, row.revision);
      if (row.deleted && row.revision < target) this.sql.deleteRow.run(row.revision);
      if (i % 4 === 3 && i < rows.length - 1 && performance.now() > deadline) {
        next = row.revision + 1;
        break;
      }
    }
    this.sql.writeMeta.run(next, 'compaction_scanned');
    return next;
  }

  /**
   * Compaction steps commit without fsync: a step lost in a crash is simply redone (its progress
   * marker is in the same transaction), and the next acknowledged write's fsync covers it anyway.
   */
  private step<T>(work: () => T): T {
    this.db.pragma('synchronous = NORMAL');
    // The WAL checkpoint (copying the WAL into the main file, with fsyncs) is left to write commits,
    // which run one every 1000 WAL pages anyway, instead of landing inside a compaction step.
    this.db.pragma('wal_autocheckpoint = 0');
    const started = performance.now();
    try {
      return work();
    } finally {
      this.longestStepMs = Math.max(this.longestStepMs, performance.now() - started);
      this.db.pragma('wal_autocheckpoint = 1000');
      this.db.pragma(`synchronous = ${this.deps.synchronous.toUpperCase()}`);
    }
  }
}

const yieldToWrites = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
