// A bounded log per container: the newest `capacity` lines are kept, older ones dropped; readers can
// follow new lines as they are appended until the log is closed (the container exited).

export interface LogLine {
  at: number;
  text: string;
}

export class LogRing {
  private lines: LogLine[] = [];
  private closed = false;
  private readonly waiters = new Set<() => void>();
  /** Lines appended since the ring was created (also those since dropped). */
  private appended = 0;

  constructor(private readonly capacity = 1000) {}

  append(at: number, text: string): void {
    if (this.closed) return;
    this.lines.push({ at, text });
    this.appended++;
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
    this.wake();
  }

  /** No more lines will come: followers end. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  snapshot(): LogLine[] {
    return [...this.lines];
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Lines already there (after `since`, last `tailLines`), then, when following, each new one until closed or aborted. */
  async *read(options: { follow?: boolean; tailLines?: number; since?: number; signal?: AbortSignal } = {}): AsyncGenerator<LogLine> {
    let lines = this.lines.filter((line) => options.since === undefined || line.at >= options.since);
    if (options.tailLines !== undefined) lines = options.tailLines === 0 ? [] : lines.slice(-options.tailLines);
    for (const line of lines) yield line;
    if (!options.follow) return;
    let seen = this.appended;
    while (!options.signal?.aborted) {
      if (this.appended > seen) {
        const fresh = this.appended - seen;
        seen = this.appended;
        for (const line of this.lines.slice(-Math.min(fresh, this.lines.length))) yield line;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.waiters.delete(done);
          options.signal?.removeEventListener('abort', done);
          resolve();
        };
        this.waiters.add(done);
        options.signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
