// Group commit: writes submitted in the same event-loop turn share one transaction. better-sqlite3
// is synchronous, so the batch is flushed from setImmediate, after every microtask of the current
// turn had its chance to queue a write. The transaction itself commits without waiting for the disk;
// `makeDurable` (an fsync on the thread pool) then runs for every batch committed since the last
// one, so the event loop keeps serving requests while the disk works, and only then are the writes
// acknowledged. One fsync covers however many batches committed while the previous one ran.

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Entry<Op, R> {
  op: Op;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<Op, R> {
  private pending: Array<Entry<Op, R>> = [];
  private scheduled = false;
  private awaitingDurability: Array<{ entry: Entry<Op, R>; outcome: Outcome<R> }> = [];
  private syncing = false;
  private idleWaiters: Array<() => void> = [];
  /** Transactions committed, writes they carried and fsyncs that made them durable, since start. */
  readonly stats = { transactions: 0, writes: 0, syncs: 0 };

  /**
   * `commit` runs the whole batch in one transaction and returns one outcome per op, in order;
   * `makeDurable` resolves once everything committed before it was called is on disk (and may
   * publish it), or rejects, failing those writes.
   */
  constructor(
    private readonly commit: (ops: Op[]) => Outcome<R>[],
    private readonly makeDurable: () => Promise<void>,
  ) {}

  submit(op: Op): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ op, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Resolves once every submitted write has been committed (and made durable) or rejected. */
  idle(): Promise<void> {
    if (!this.scheduled && !this.syncing) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    let outcomes: Outcome<R>[];
    this.stats.transactions++;
    this.stats.writes += batch.length;
    try {
      outcomes = this.commit(batch.map((entry) => entry.op));
    } catch (error) {
      outcomes = batch.map(() => ({ ok: false, error }));
    }
    batch.forEach((entry, index) => this.awaitingDurability.push({ entry, outcome: outcomes[index] }));
    if (!this.syncing) {
      this.syncing = true;
      void this.syncLoop();
    }
  }

  private async syncLoop(): Promise<void> {
    while (this.awaitingDurability.length > 0) {
      const group = this.awaitingDurability;
      this.awaitingDurability = [];
      let failure: { error: unknown } | undefined;
      this.stats.syncs++;
      try {
        await this.makeDurable();
      } catch (error) {
        failure = { error };
      }
      for (const { entry, outcome } of group) {
        if (failure) entry.reject(failure.error);
        else if (outcome.ok) entry.resolve(outcome.value);
        else entry.reject(outcome.error);
      }
    }
    this.syncing = false;
    if (!this.scheduled) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }
}
