// Helpers for tests that read watches.
import type { Watch, WatchEvent } from '../types.js';

type Change = Extract<WatchEvent, { type: 'put' | 'delete' }>;

/**
 * Reads change events until `done` says so; `seen` is the highest revision known delivered (from
 * events and progress events). Closes the watch afterwards.
 */
export async function collectChanges(watch: Watch, done: (events: Change[], seen: number) => boolean): Promise<Change[]> {
  const events: Change[] = [];
  let seen = 0;
  try {
    if (done(events, seen)) return events;
    for await (const event of watch) {
      if (event.type === 'progress') seen = Math.max(seen, event.revision);
      else {
        events.push(event);
        seen = Math.max(seen, event.kv.modRevision);
      }
      if (done(events, seen)) break;
    }
  } finally {
    watch.close();
  }
  return events;
}

/** Reads until the first event of a type, returning it. */
export async function firstOfType<T extends WatchEvent['type']>(watch: Watch, type: T): Promise<Extract<WatchEvent, { type: T }>> {
  try {
    for await (const event of watch) if (event.type === type) return event as Extract<WatchEvent, { type: T }>;
  } finally {
    watch.close();
  }
  throw new Error(`watch ended before a ${type} event`);
}

export const uniquePrefix = (label: string): string => `/registry/${label}-${Math.random().toString(36).slice(2, 8)}/`;
