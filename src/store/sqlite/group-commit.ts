// Group commit: writes submitted in the same event-loop turn share one transaction (one fsync).
// better-sqlite3 is synchronous, so the batch is flushed from setImmediate, after every
// microtask of the current turn had its chance to queue a write.

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export class GroupCommit<Op, R> {
  private pending: Array<{ op: Op; resolve: (value: R) => void; reject: (error: unknown) => void }> = [];
  private scheduled = false;
  private idleWaiters: Array<() => void> = [];
  /** Transactions committed and writes they carried, since start. */
  readonly stats = { transactions: 0, writes: 0 };

  /** `commit` runs the whole batch in one transaction and returns one outcome per op, in order. */
  constructor(private readonly commit: (ops: Op[]) => Outcome<R>[]) {}

  submit(op: Op): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ op, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Resolves once every submitted write has been committed or rejected. */
  idle(): Promise<void> {
    if (!this.scheduled) return Promise.resolve();
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
    batch.forEach((entry, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) entry.resolve(outcome.value);
      else entry.reject(outcome.error);
    });
    if (!this.scheduled) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }
}
