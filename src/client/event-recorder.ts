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
  /** Spam filter per (source, object, type, reason): burst and refill (default 25 and one per 300 s, as client-go). */
  spamBurst?: number;
  spamRefillMs?: number;
  onError?: (error: unknown) => void;
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
  /** Serialises writes of the same event so counts never race. */
  tail: Promise<void>;
}

export class EventRecorder {
  private readonly events: ResourceClient<CoreV1Event>;
  private readonly clock: Clock;
  private readonly seen = new Map<string, Seen>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private sequence = 0;

  constructor(private readonly options: EventRecorderOptions) {
    this.events = options.client.resource<CoreV1Event>('v1', 'events');
    this.clock = options.clock ?? realClock;
  }

  /** Records an event; the returned promise settles when it is written (callers may ignore it). */
  event(object: KubeObject, type: EventType, reason: string, message: string, details: EventDetails = {}): Promise<void> {
    const involvedObject = referenceTo(object);
    if (!this.allowedBySpamFilter(involvedObject, type, reason)) return Promise.resolve();
    const key = JSON.stringify([involvedObject.apiVersion, involvedObject.kind, involvedObject.namespace, involvedObject.name, involvedObject.uid, type, reason, message]);
    const now = timestamp(this.clock.now());
    let entry = this.seen.get(key);
    if (entry === undefined) {
      entry = {
        // client-go names events <object>.<unix nanoseconds>; the sequence keeps same-millisecond names apart.
        name: `${involvedObject.name}.${(BigInt(this.clock.now()) * 1_000_000n + BigInt(this.sequence++ % 1_000_000)).toString(16)}`,
        namespace: involvedObject.namespace || 'default',
        count: 0,
        firstTimestamp: now,
        tail: Promise.resolve(),
      };
      this.remember(key, entry);
    } else {
      this.seen.delete(key);
      this.seen.set(key, entry);
    }
    entry.count += 1;
    const snapshot = { count: entry.count, now };
    const record = entry;
    const write = record.tail.then(() => this.write(record, snapshot, { involvedObject, type, reason, message, ...details }));
    record.tail = write;
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
    const key = `${this.options.component}\u0000${this.options.host ?? ''}\u0000${object.kind}\u0000${object.namespace}\u0000${object.name}\u0000${object.uid}\u0000${object.apiVersion}\u0000${type}\u0000${reason}`;
    const burst = this.options.spamBurst ?? 25;
    const refillMs = this.options.spamRefillMs ?? 300_000;
    const now = this.clock.now();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: burst, at: now };
      this.buckets.set(key, bucket);
      const limit = this.options.cacheSize ?? 4096;
      while (this.buckets.size > limit) this.buckets.delete(this.buckets.keys().next().value as string);
    } else {
      // Most recently used last, so the oldest bucket is the one forgotten.
      this.buckets.delete(key);
      this.buckets.set(key, bucket);
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) / refillMs);
      bucket.at = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private remember(key: string, entry: Seen): void {
    this.seen.set(key, entry);
    const limit = this.options.cacheSize ?? 4096;
    while (this.seen.size > limit) {
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
    }
  }
}

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
