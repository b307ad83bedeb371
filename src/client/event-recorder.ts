// Records core/v1 Events about objects (for controllers, the scheduler and the kubelet alike), de-duplicated as client-go's EventCorrelator: the same
// (object, type, reason, message, source) seen again bumps count and lastTimestamp on the existing
// Event instead of creating another. As client-go's EventSourceObjectSpamFilter, each (source,
// object, type, reason) may record 25 events at once, then one per 5 minutes; the rest are dropped
// (a ReplicaSet creating 1,000 pods writes 25 SuccessfulCreate events, not 1,000).
// Recording never throws: failures go to onError.
import type { CoreV1Event, ObjectReference } from '../api/index.js';
import { isNotFound } from './api-error.js';
import type { Client } from './client.js';
import { realClock, type Clock } from './clock.js';
import type { ResourceClient } from './resource-client.js';
import type { KubeObject } from './types.js';

export type EventType = 'Normal' | 'Warning';

/** Optional fields of the Event beside the correlation key. */
export interface EventDetails {
  /** What was done or failed, e.g. "Scheduling", "Binding". */
  action?: string;
  /** A second object the event is about (e.g. the Node a Pod was bound to). */
  related?: ObjectReference;
}

export interface EventRecorderOptions {
  client: Client;
  /** source.component, e.g. "replicaset-controller". */
  component: string;
  /** source.host */
  host?: string;
  clock?: Clock;
  /** How many distinct events (and spam-filter buckets) to remember (default 4096, as client-go). */
  cacheSize?: number;
  /**
   * Memory shared with other recorders of the process (its own size then applies): many simulated
   * nodes in one process need one bounded cache, not one of 4,096 entries each.
   */
  cache?: EventRecorderCache;
  /** Spam filter per (source, object, type, reason): burst and refill (default 25 and one per 300 s, as client-go). */
  spamBurst?: number;
  spamRefillMs?: number;
  onError?: (error: unknown) => void;
}

export interface Seen {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
  /** Serialises writes of the same event so counts never race. */
  tail: Promise<void>;
}

/** What recorders remember: correlated events and spam-filter buckets, each an LRU of `size` entries. */
export class EventRecorderCache {
  readonly seen = new Map<string, Seen>();
  readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** Keeps same-millisecond event names of the sharing recorders apart. */
  sequence = 0;

  constructor(readonly size = 4096) {}
}

export class EventRecorder {
  private readonly events: ResourceClient<CoreV1Event>;
  private readonly clock: Clock;
  private readonly cache: EventRecorderCache;
  private readonly source: string;

  constructor(private readonly options: EventRecorderOptions) {
    this.events = options.client.resource<CoreV1Event>('v1', 'events');
    this.clock = options.clock ?? realClock;
    this.cache = options.cache ?? new EventRecorderCache(options.cacheSize ?? 4096);
    this.source = `${options.component}\u0000${options.host ?? ''}`;
  }

  /** Records an event; the returned promise settles when it is written (callers may ignore it). */
  event(object: KubeObject, type: EventType, reason: string, message: string, details: EventDetails = {}): Promise<void> {
    const involvedObject = referenceTo(object);
    if (!this.allowedBySpamFilter(involvedObject, type, reason)) return Promise.resolve();
    const key = `${this.source}\u0000${involvedObject.apiVersion}\u0000${involvedObject.kind}\u0000${involvedObject.namespace}\u0000${involvedObject.name}\u0000${involvedObject.uid}\u0000${type}\u0000${reason}\u0000${message}`;
    const seen = this.cache.seen;
    const now = timestamp(this.clock.now());
    let entry = seen.get(key);
    if (entry === undefined) {
      entry = {
        // client-go names events <object>.<unix nanoseconds>; the sequence keeps same-millisecond names apart.
        name: `${involvedObject.name}.${(BigInt(this.clock.now()) * 1_000_000n + BigInt(this.cache.sequence++ % 1_000_000)).toString(16)}`,
        namespace: involvedObject.namespace || 'default',
        count: 0,
        firstTimestamp: now,
        tail: Promise.resolve(),
      };
      this.remember(key, entry);
    } else {
      seen.delete(key);
      seen.set(key, entry);
    }
    entry.count += 1;
    const snapshot = { count: entry.count, now };
    const record = entry;
    const write = record.tail.then(() => this.write(record, snapshot, { involvedObject, type, reason, message, ...details }));
    record.tail = write;
    // A settled chain is not kept: remembered events hold no promise (and nothing it references).
    void write.then(() => {
      if (record.tail === write) record.tail = settled;
    });
    return write;
  }

  /** Shorthands. */
  normal(object: KubeObject, reason: string, message: string, details?: EventDetails): Promise<void> {
    return this.event(object, 'Normal', reason, message, details);
  }

  warning(object: KubeObject, reason: string, message: string, details?: EventDetails): Promise<void> {
    return this.event(object, 'Warning', reason, message, details);
  }

  private async write(
    entry: Seen,
    snapshot: { count: number; now: string },
    fields: { involvedObject: ObjectReference; type: EventType; reason: string; message: string } & EventDetails,
  ): Promise<void> {
    try {
      if (snapshot.count > 1) {
        try {
          await this.events.patch(entry.name, { count: snapshot.count, lastTimestamp: snapshot.now, message: fields.message }, { type: 'strategic', namespace: entry.namespace });
          return;
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      }
      await this.events.create({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: entry.name, namespace: entry.namespace },
        involvedObject: fields.involvedObject,
        type: fields.type,
        reason: fields.reason,
        message: fields.message,
        source: { component: this.options.component, ...(this.options.host ? { host: this.options.host } : {}) },
        count: snapshot.count,
        firstTimestamp: entry.firstTimestamp,
        lastTimestamp: snapshot.now,
        ...(fields.action !== undefined ? { action: fields.action } : {}),
        ...(fields.related !== undefined ? { related: fields.related } : {}),
        reportingComponent: this.options.component,
        reportingInstance: this.options.host ?? '',
      });
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** A token bucket per (source, object, type, reason), refilled continuously as client-go's flowcontrol. */
  private allowedBySpamFilter(object: ObjectReference, type: EventType, reason: string): boolean {
    const key = `${this.source}\u0000${object.kind}\u0000${object.namespace}\u0000${object.name}\u0000${object.uid}\u0000${object.apiVersion}\u0000${type}\u0000${reason}`;
    const buckets = this.cache.buckets;
    const burst = this.options.spamBurst ?? 25;
    const refillMs = this.options.spamRefillMs ?? 300_000;
    const now = this.clock.now();
    let bucket = buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: burst, at: now };
      buckets.set(key, bucket);
      while (buckets.size > this.cache.size) buckets.delete(buckets.keys().next().value as string);
    } else {
      // Most recently used last, so the oldest bucket is the one forgotten.
      buckets.delete(key);
      buckets.set(key, bucket);
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) / refillMs);
      bucket.at = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private remember(key: string, entry: Seen): void {
    const seen = this.cache.seen;
    seen.set(key, entry);
    while (seen.size > this.cache.size) seen.delete(seen.keys().next().value as string);
  }
}

const settled = Promise.resolve();

function referenceTo(object: KubeObject): ObjectReference {
  const metadata = object.metadata ?? {};
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: metadata.name,
    namespace: metadata.namespace,
    uid: metadata.uid,
    resourceVersion: metadata.resourceVersion,
  };
}

/** metav1.Time: RFC 3339 to the second. */
function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
