// A watcher that pulls from the hub by revision cursor: no per-watcher queue, so no gap, no
// duplicate, and a slow consumer costs memory only in the shared window.
import { compactedError, prefixEnd } from '../keys.js';
import type { Watch, WatchEvent, WatchOptions } from '../types.js';
import type { ChangeEvent, KeyRange } from './event-window.js';
import type { WatchHub } from './watch-hub.js';

const WINDOW_SCAN_LIMIT = 1000;
const HISTORY_PAGE = 500;
/** Revisions examined per history read, so a narrow watch far behind never blocks the loop for long. */
const HISTORY_SPAN = 5000;

export class HubWatch implements Watch {
  private cursor: number;
  private ready: ChangeEvent[] = [];
  private readyIndex = 0;
  private closed = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private progressTimer: unknown;
  private progressDue = false;
  private deliveredSinceTimer = 0;
  private readonly range: KeyRange;
  private readonly progressIntervalMs: number;
  private readonly onAbort = (): void => this.close();
  private readonly signal: AbortSignal | undefined;

  constructor(
    private readonly hub: WatchHub,
    prefix: string,
    options: WatchOptions,
    private readonly onClose: (watch: HubWatch) => void,
  ) {
    this.range = { prefix, end: prefixEnd(prefix) };
    this.progressIntervalMs = options.progressIntervalMs ?? hub.defaultProgressIntervalMs;
    const current = hub.history.currentRevision();
    const from = options.fromRevision;
    this.cursor = from === undefined || from <= 0 ? current + 1 : from;
    const compacted = hub.history.compactedRevision();
    if (this.cursor < compacted) this.failure = compactedError(this.cursor, compacted);
    this.signal = options.signal;
    if (options.signal) {
      if (options.signal.aborted) this.closed = true;
      else options.signal.addEventListener('abort', this.onAbort, { once: true });
    }
    this.armProgress();
  }

  isClosed(): boolean {
    return this.closed;
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<WatchEvent>> {
    for (;;) {
      if (this.failure) {
        const failure = this.failure;
        this.failure = undefined;
        this.close();
        throw failure;
      }
      if (this.closed) return { value: undefined, done: true };
      if (this.readyIndex < this.ready.length) {
        const value = this.ready[this.readyIndex++];
        this.deliveredSinceTimer++;
        return { value, done: false };
      }
      this.fill();
      if (this.readyIndex < this.ready.length || this.failure) continue;
      if (this.cursor < this.hub.window.nextRevision()) {
        // Scanned a stretch of history with nothing for this watch: let others run, then go on.
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      if (this.progressDue) {
        this.progressDue = false;
        return { value: { type: 'progress', revision: this.cursor - 1 }, done: false };
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  async return(): Promise<IteratorResult<WatchEvent>> {
    this.close();
    return { value: undefined, done: true };
  }

  close(): void {
    if (this.closed) {
      this.notify();
      return;
    }
    this.closed = true;
    this.ready = [];
    this.readyIndex = 0;
    this.hub.timers.clearTimeout(this.progressTimer);
    this.signal?.removeEventListener('abort', this.onAbort);
    this.onClose(this);
    this.notify();
  }

  /** The hub has new events (or the watch was closed): let a waiting next() look again. */
  notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private fill(): void {
    this.ready = [];
    this.readyIndex = 0;
    const window = this.hub.window;
    const newest = window.nextRevision();
    if (this.cursor >= newest) return;
    if (this.cursor >= window.firstRevision()) {
      const { events, next } = window.scan(this.range, this.cursor, WINDOW_SCAN_LIMIT);
      this.ready = events;
      this.cursor = next;
      return;
    }
    const compacted = this.hub.history.compactedRevision();
    if (this.cursor < compacted) {
      this.failure = compactedError(this.cursor, compacted);
      return;
    }
    const to = Math.min(window.firstRevision(), this.cursor + HISTORY_SPAN);
    const { events, next } = this.hub.history.readHistory(this.range, this.cursor, to, HISTORY_PAGE);
    this.ready = events;
    this.cursor = next;
  }

  /** One timer per interval, not per event: a watch that delivered nothing for a whole interval gets progress. */
  private armProgress(): void {
    if (this.closed) return;
    this.progressTimer = this.hub.timers.setTimeout(() => {
      if (this.deliveredSinceTimer === 0) {
        this.progressDue = true;
        this.notify();
      }
      this.deliveredSinceTimer = 0;
      this.armProgress();
    }, this.progressIntervalMs);
  }
}
