// Serialises work per pod key (never two syncs of one pod at once; a change during a sync runs it
// again after) and keeps one wake-up timer per key for back-offs and retries.
import type { Clock } from '../client/index.js';

export class PodWorkers {
  private readonly active = new Map<string, { dirty: boolean }>();
  private readonly timers = new Map<string, { at: number; handle: unknown }>();
  private stopped = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly work: (key: string) => Promise<void>,
  ) {}

  enqueue(key: string): void {
    if (this.stopped) return;
    const running = this.active.get(key);
    if (running) {
      running.dirty = true;
      return;
    }
    const state = { dirty: false };
    this.active.set(key, state);
    void this.loop(key, state);
  }

  /** Runs the key again at `at` (ms since the epoch); an earlier wake-up already set wins. */
  wakeAt(key: string, at: number): void {
    if (this.stopped) return;
    const existing = this.timers.get(key);
    if (existing && existing.at <= at) return;
    if (existing) this.clock.clearTimeout(existing.handle);
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(key);
      this.enqueue(key);
    }, Math.max(0, at - this.clock.now()));
    this.timers.set(key, { at, handle });
  }

  forget(key: string): void {
    const existing = this.timers.get(key);
    if (existing) this.clock.clearTimeout(existing.handle);
    this.timers.delete(key);
  }

  /** Resolves when no sync is running. */
  idle(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const key of [...this.timers.keys()]) this.forget(key);
    await this.idle();
  }

  private async loop(key: string, state: { dirty: boolean }): Promise<void> {
    try {
      do {
        state.dirty = false;
        await this.work(key);
      } while (state.dirty && !this.stopped);
    } finally {
      this.active.delete(key);
      if (this.active.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
