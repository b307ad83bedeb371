// One in-memory event stream feeding every watcher of a store; older revisions come from the backend.
import type { Watch, WatchOptions } from '../types.js';
import { realTimers, type Timers } from '../timers.js';
import { EventWindow, type ChangeEvent, type EventWindowLimits, type KeyRange } from './event-window.js';
import { HubWatch } from './hub-watch.js';

/** What the hub needs from the backend that owns it. */
export interface EventHistory {
  currentRevision(): number;
  compactedRevision(): number;
  /** Matching events with revision in [from, to), in order, at most `limit`; `next` is where to continue. */
  readHistory(range: KeyRange, from: number, to: number, limit: number): { events: ChangeEvent[]; next: number };
}

export interface WatchHubOptions {
  window?: Partial<EventWindowLimits>;
  timers?: Timers;
  defaultProgressIntervalMs?: number;
}

export class WatchHub {
  readonly window: EventWindow;
  readonly timers: Timers;
  readonly defaultProgressIntervalMs: number;
  private readonly watches = new Set<HubWatch>();

  constructor(
    readonly history: EventHistory,
    options: WatchHubOptions = {},
  ) {
    this.window = new EventWindow(history.currentRevision(), {
      maxEvents: options.window?.maxEvents ?? 10_000,
      maxBytes: options.window?.maxBytes ?? 64 * 1024 * 1024,
    });
    this.timers = options.timers ?? realTimers;
    this.defaultProgressIntervalMs = options.defaultProgressIntervalMs ?? 5000;
  }

  /** Called after the writes producing these events are durable, in revision order. */
  publish(events: ChangeEvent[]): void {
    if (events.length === 0) return;
    for (const event of events) this.window.append(event);
    for (const watch of this.watches) watch.notify();
  }

  watch(prefix: string, options: WatchOptions = {}): Watch {
    const watch = new HubWatch(this, prefix, options, (w) => this.watches.delete(w));
    if (!watch.isClosed()) this.watches.add(watch);
    return watch;
  }

  watchCount(): number {
    return this.watches.size;
  }

  closeAll(): void {
    for (const watch of [...this.watches]) watch.close();
  }
}
