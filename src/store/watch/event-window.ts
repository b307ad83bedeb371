// The in-memory tail of the event stream: the last N revisions, one event per revision.
import type { WatchEvent } from '../types.js';

export type ChangeEvent = Extract<WatchEvent, { type: 'put' | 'delete' }>;

export interface KeyRange {
  prefix: string;
  /** Exclusive upper bound; '' means none. */
  end: string;
}

export interface EventWindowLimits {
  maxEvents: number;
  maxBytes: number;
}

export const inRange = (key: string, range: KeyRange): boolean =>
  key.startsWith(range.prefix);

export class EventWindow {
  private events: ChangeEvent[] = [];
  private head = 0;
  private bytes = 0;
  /** Revision of events[head]; when the window is empty, the next revision to be appended. */
  private first: number;

  constructor(
    currentRevision: number,
    private readonly limits: EventWindowLimits,
  ) {
    this.first = currentRevision + 1;
  }

  /** The oldest revision held; everything from here to the newest appended revision is present. */
  firstRevision(): number {
    return this.first;
  }

  /** Next revision after the newest held (revisions are contiguous). */
  nextRevision(): number {
    return this.first + this.events.length - this.head;
  }

  append(event: ChangeEvent): void {
    if (event.kv.modRevision !== this.nextRevision()) {
      throw new Error(`event window: expected revision ${this.nextRevision()}, got ${event.kv.modRevision}`);
    }
    this.events.push(event);
    this.bytes += eventBytes(event);
    while (this.size() > this.limits.maxEvents || (this.bytes > this.limits.maxBytes && this.size() > 1)) {
      this.dropOldest();
    }
  }

  /** Matching events from revision `from` on, at most `maxEvents`; `next` is where to continue. */
  scan(range: KeyRange, from: number, maxEvents: number): { events: ChangeEvent[]; next: number } {
    const out: ChangeEvent[] = [];
    const stop = this.nextRevision();
    let revision = Math.max(from, this.first);
    for (; revision < stop && out.length < maxEvents; revision++) {
      const event = this.events[this.head + revision - this.first];
      if (inRange(event.kv.key, range)) out.push(event);
    }
    return { events: out, next: revision };
  }

  private size(): number {
    return this.events.length - this.head;
  }

  private dropOldest(): void {
    this.bytes -= eventBytes(this.events[this.head]);
    this.head++;
    this.first++;
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }
}

const eventBytes = (event: ChangeEvent): number =>
  event.kv.key.length + event.kv.value.length + (event.prevKv ? event.prevKv.value.length : 0) + 64;
