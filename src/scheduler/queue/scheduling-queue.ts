// The scheduling queue, as upstream's PriorityQueue: activeQ (ready, highest priority first, then
// oldest), backoffQ (failed recently, waiting out 1s doubling to 10s per attempt) and the
// unschedulable pods (waiting for a cluster change one of their rejecting plugins cares about, or
// for 5 minutes at most). Time comes from the injected clock; no timer runs while nothing waits.
import type { Clock } from '../../client/index.js';
import type { PodInfo } from '../pod-info.js';
import type { ClusterEvent } from './cluster-events.js';
import { KeyedHeap } from './keyed-heap.js';

export interface QueuedPod {
  info: PodInfo;
  readonly key: string;
  /** When the pod last entered the queue; orders equal priorities and starts its back-off. */
  timestamp: number;
  /** When the pod was first popped, for latency figures. */
  initialAttempt?: number;
  /** Scheduling attempts so far (a pop counts one). */
  attempts: number;
  /** Plugins that rejected it last time; empty means "move on any event". */
  unschedulablePlugins: Set<string>;
  /** The scheduling cycle in which it was last popped. */
  cycle: number;
  /** Arrival order, to keep equal priorities and timestamps first-in first-out. */
  sequence: number;
}

export interface SchedulingQueueOptions {
  clock: Clock;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** The longest a pod stays unschedulable without a retry (default 5 minutes). */
  maxUnschedulableMs?: number;
  /** The cluster events each plugin cares about (from Plugin.events). */
  pluginEvents?: ReadonlyMap<string, readonly ClusterEvent[]>;
}

const unschedulableFlushIntervalMs = 30_000;

const priorityOf = (pod: QueuedPod): number => pod.info.pod.spec?.priority ?? 0;

export class SchedulingQueue {
  private readonly clock: Clock;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxUnschedulableMs: number;
  private readonly active = new KeyedHeap<QueuedPod>((a, b) => {
    const pa = priorityOf(a);
    const pb = priorityOf(b);
    if (pa !== pb) return pa > pb;
    return a.timestamp !== b.timestamp ? a.timestamp < b.timestamp : a.sequence < b.sequence;
  });
  private readonly backoff = new KeyedHeap<QueuedPod>((a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  private readonly unschedulable = new Map<string, QueuedPod>();
  /** Popped and not yet done: their latest object, or null once deleted. */
  private readonly inFlight = new Map<string, QueuedPod | null>();
  private schedulingCycle = 0;
  private sequence = 0;
  private moveRequestCycle = -1;
  private waiters: (() => void)[] = [];
  private backoffTimer?: { handle: unknown; at: number };
  private flushTimer?: unknown;
  private closed = false;

  constructor(private readonly options: SchedulingQueueOptions) {
    this.clock = options.clock;
    this.initialBackoffMs = options.initialBackoffMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.maxUnschedulableMs = options.maxUnschedulableMs ?? 300_000;
  }

  /** A new pod waiting to be scheduled. */
  add(info: PodInfo): void {
    if (this.contains(info.key)) return this.update(info);
    const queued: QueuedPod = { info, key: info.key, timestamp: this.clock.now(), attempts: 0, unschedulablePlugins: new Set(), cycle: 0, sequence: 0 };
    this.pushActive(queued);
  }

  /** The pod's object changed; an unschedulable pod whose spec or labels changed gets another try. */
  update(info: PodInfo): void {
    const key = info.key;
    if (this.inFlight.has(key)) {
      const current = this.inFlight.get(key);
      if (current !== null && current !== undefined) current.info = info;
      return;
    }
    const inActive = this.active.get(key);
    if (inActive !== undefined) {
      inActive.info = info;
      return;
    }
    const inBackoff = this.backoff.get(key);
    if (inBackoff !== undefined) {
      inBackoff.info = info;
      return;
    }
    const waiting = this.unschedulable.get(key);
    if (waiting === undefined) return this.add(info);
    const changed = schedulingRelevantChange(waiting.info, info);
    waiting.info = info;
    if (changed) {
      this.unschedulable.delete(key);
      this.moveToActiveOrBackoff(waiting);
    }
  }

  delete(key: string): void {
    if (this.inFlight.has(key)) this.inFlight.set(key, null);
    this.active.delete(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
  }

  /** The next pod to schedule, or undefined when activeQ is empty. */
  pop(): QueuedPod | undefined {
    const queued = this.active.pop();
    if (queued === undefined) return undefined;
    this.schedulingCycle += 1;
    queued.cycle = this.schedulingCycle;
    queued.attempts += 1;
    queued.initialAttempt ??= this.clock.now();
    this.inFlight.set(queued.key, queued);
    return queued;
  }

  /** Resolves once a pod can be popped (or the queue is closed). */
  waitForPod(): Promise<void> {
    if (this.active.size > 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The popped pod fit nowhere: park it until a relevant change (or back off, if one came meanwhile). */
  addUnschedulable(queued: QueuedPod, rejectedBy: ReadonlySet<string>): void {
    const latest = this.finish(queued);
    if (latest === undefined) return;
    latest.unschedulablePlugins = new Set(rejectedBy);
    latest.timestamp = this.clock.now();
    if (this.moveRequestCycle >= latest.cycle) this.pushBackoff(latest);
    else {
      this.unschedulable.set(latest.key, latest);
      this.armFlushTimer();
    }
  }

  /** Scheduling or binding failed with an error: retry after the back-off. */
  addBackoff(queued: QueuedPod): void {
    const latest = this.finish(queued);
    if (latest === undefined) return;
    latest.unschedulablePlugins = new Set();
    latest.timestamp = this.clock.now();
    this.pushBackoff(latest);
  }

  /** The popped pod was bound (or given up): forget it. */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /** A cluster change: unschedulable pods whose rejectors care move to activeQ (or backoffQ if still backing off). */
  moveOnEvent(event: ClusterEvent): void {
    if (this.inFlight.size > 0) this.moveRequestCycle = this.schedulingCycle;
    for (const [key, queued] of this.unschedulable) {
      if (!this.caresAbout(queued, event)) continue;
      this.unschedulable.delete(key);
      this.moveToActiveOrBackoff(queued);
    }
  }

  backoffDuration(queued: QueuedPod): number {
    let duration = this.initialBackoffMs;
    for (let i = 1; i < queued.attempts; i++) {
      duration *= 2;
      if (duration > this.maxBackoffMs) return this.maxBackoffMs;
    }
    return Math.min(duration, this.maxBackoffMs);
  }

  /** How many pods wait in each sub-queue (upstream's scheduler_pending_pods). */
  counts(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size };
  }

  /** Where each pod is, for tests and debugging. */
  pending(): { active: string[]; backoff: string[]; unschedulable: string[] } {
    return { active: this.active.keys().sort(), backoff: this.backoff.keys().sort(), unschedulable: [...this.unschedulable.keys()].sort() };
  }

  close(): void {
    this.closed = true;
    if (this.backoffTimer !== undefined) this.clock.clearTimeout(this.backoffTimer.handle);
    if (this.flushTimer !== undefined) this.clock.clearTimeout(this.flushTimer);
    this.backoffTimer = undefined;
    this.flushTimer = undefined;
    this.wake();
  }

  private contains(key: string): boolean {
    return this.inFlight.has(key) || this.active.has(key) || this.backoff.has(key) || this.unschedulable.has(key);
  }

  /** Ends the in-flight period; returns the pod with its latest object, or undefined if it was deleted. */
  private finish(queued: QueuedPod): QueuedPod | undefined {
    const latest = this.inFlight.get(queued.key);
    this.inFlight.delete(queued.key);
    if (latest === null || this.closed) return undefined;
    return latest ?? queued;
  }

  private caresAbout(queued: QueuedPod, event: ClusterEvent): boolean {
    if (queued.unschedulablePlugins.size === 0 || this.options.pluginEvents === undefined) return true;
    for (const plugin of queued.unschedulablePlugins) {
      const events = this.options.pluginEvents.get(plugin);
      if (events === undefined || events.includes(event)) return true;
    }
    return false;
  }

  private backoffExpiry(queued: QueuedPod): number {
    return queued.timestamp + this.backoffDuration(queued);
  }

  private moveToActiveOrBackoff(queued: QueuedPod): void {
    if (this.backoffExpiry(queued) > this.clock.now()) this.pushBackoff(queued);
    else this.pushActive(queued);
  }

  private pushActive(queued: QueuedPod): void {
    queued.sequence = ++this.sequence;
    this.active.push(queued.key, queued);
    this.wake();
  }

  private pushBackoff(queued: QueuedPod): void {
    this.backoff.push(queued.key, queued);
    this.armBackoffTimer();
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private armBackoffTimer(): void {
    const next = this.backoff.peek();
    if (next === undefined || this.closed) return;
    const at = this.backoffExpiry(next);
    if (this.backoffTimer !== undefined) {
      if (this.backoffTimer.at <= at) return;
      this.clock.clearTimeout(this.backoffTimer.handle);
    }
    const handle = this.clock.setTimeout(() => this.flushBackoff(), Math.max(0, at - this.clock.now()));
    this.backoffTimer = { handle, at };
  }

  private flushBackoff(): void {
    this.backoffTimer = undefined;
    const now = this.clock.now();
    for (let next = this.backoff.peek(); next !== undefined && this.backoffExpiry(next) <= now; next = this.backoff.peek()) {
      this.backoff.pop();
      this.pushActive(next);
    }
    this.armBackoffTimer();
  }

  private armFlushTimer(): void {
    if (this.flushTimer !== undefined || this.closed) return;
    this.flushTimer = this.clock.setTimeout(() => this.flushUnschedulable(), unschedulableFlushIntervalMs);
  }

  /** Pods unschedulable for longer than the limit get another try even without an event. */
  private flushUnschedulable(): void {
    this.flushTimer = undefined;
    const now = this.clock.now();
    for (const [key, queued] of this.unschedulable) {
      if (now - queued.timestamp < this.maxUnschedulableMs) continue;
      this.unschedulable.delete(key);
      this.moveToActiveOrBackoff(queued);
    }
    if (this.unschedulable.size > 0) this.armFlushTimer();
  }
}

/** A change to anything the scheduler reads: spec (not nodeName), labels or annotations. */
function schedulingRelevantChange(before: PodInfo, after: PodInfo): boolean {
  const a = before.pod;
  const b = after.pod;
  return (
    JSON.stringify(a.spec) !== JSON.stringify(b.spec) ||
    JSON.stringify(a.metadata?.labels ?? {}) !== JSON.stringify(b.metadata?.labels ?? {}) ||
    JSON.stringify(a.metadata?.annotations ?? {}) !== JSON.stringify(b.metadata?.annotations ?? {})
  );
}
