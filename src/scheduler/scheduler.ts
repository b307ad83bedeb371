// The scheduler loop: cluster events feed the cache and the queue; each cycle pops one pod, picks a
// node synchronously (so no event interleaves), assumes the pod there, runs Reserve, and binds in
// the background while the next pod is scheduled. Failures set PodScheduled=False, record a
// FailedScheduling Event and park the pod in the queue until a relevant change or its back-off.
import type { Namespace, Node, Pod, PodCondition } from '../api/index.js';
import { realClock, type Clock } from '../client/index.js';
import { FitError, NoNodesAvailableError } from './framework/fit-error.js';
import { CycleState, type Plugin } from './framework/plugin.js';
import type { Profile } from './framework/profile.js';
import { PodScheduler } from './framework/schedule-pod.js';
import { statusMessage } from './framework/status.js';
import { defaultProfile, defaultSchedulerName } from './plugins/index.js';
import { newPodInfo, podKey, type PodInfo } from './pod-info.js';
import type { ClusterEvent } from './queue/cluster-events.js';
import { SchedulingQueue, type QueuedPod } from './queue/scheduling-queue.js';
import { SchedulerCache } from './scheduler-cache.js';
import type { SchedulerApi } from './scheduler-api.js';
import { jsonEqual } from './json-equal.js';

export interface SchedulerLogger {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface SchedulerOptions {
  api: SchedulerApi;
  clock?: Clock;
  /** In [0, 1); breaks ties between equally scored nodes. */
  random?: () => number;
  /** Pods naming this schedulerName (or none) are ours. Default "default-scheduler". */
  schedulerName?: string;
  /** Replaces the default profile (built with `api.bind`). */
  profile?: Profile;
  percentageOfNodesToScore?: number;
  backoff?: { initialMs?: number; maxMs?: number };
  /** Bindings allowed in flight at once before the loop waits (default 256). */
  maxInFlightBindings?: number;
  logger?: SchedulerLogger;
}

export interface SchedulerStats {
  scheduled: number;
  unschedulable: number;
  errors: number;
}

const SCHEDULING_SLICE_MS = 10;

const silentLogger: SchedulerLogger = { debug() {}, info() {}, warn() {}, error() {} };

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Pods with scheduling gates wait outside the queue until the last gate is removed (upstream's SchedulingGates). */
function isGated(pod: Pod): boolean {
  return (pod.spec?.schedulingGates ?? []).length > 0;
}

function isAssigned(pod: Pod): boolean {
  return (pod.spec?.nodeName ?? '') !== '';
}

/** Equal as JSON, a missing value equal to null. */
function same(a: unknown, b: unknown): boolean {
  return jsonEqual(a ?? null, b ?? null);
}

function nodeChangeMatters(before: Node, after: Node): boolean {
  return (
    !same(before.metadata?.labels, after.metadata?.labels) ||
    !same(before.spec?.taints, after.spec?.taints) ||
    (before.spec?.unschedulable ?? false) !== (after.spec?.unschedulable ?? false) ||
    !same(before.status?.allocatable, after.status?.allocatable)
  );
}

/** Status-only updates of a running pod (the kubelet's) change nothing another pod's fit depends on. */
function assignedPodChangeMatters(before: Pod, after: Pod): boolean {
  return (
    !same(before.metadata?.labels, after.metadata?.labels) ||
    !same(before.spec, after.spec) ||
    Boolean(before.metadata?.deletionTimestamp) !== Boolean(after.metadata?.deletionTimestamp)
  );
}

export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly profile: Profile;
  readonly stats: SchedulerStats = { scheduled: 0, unschedulable: 0, errors: 0 };
  private readonly algorithm: PodScheduler;
  private readonly clock: Clock;
  private readonly logger: SchedulerLogger;
  private readonly schedulerName: string;
  private readonly bindings = new Set<Promise<void>>();
  private readonly sideWrites = new Set<Promise<void>>();
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? realClock;
    this.logger = options.logger ?? silentLogger;
    this.schedulerName = options.schedulerName ?? defaultSchedulerName;
    this.profile = options.profile ?? defaultProfile((pod, nodeName) => options.api.bind(pod.pod, nodeName), this.schedulerName);
    this.algorithm = new PodScheduler(this.profile, { random: options.random, percentageOfNodesToScore: options.percentageOfNodesToScore });
    const pluginEvents = new Map(this.profile.plugins.filter((p) => p.events !== undefined).map((p) => [p.name, p.events!] as const));
    this.queue = new SchedulingQueue({
      clock: this.clock,
      initialBackoffMs: options.backoff?.initialMs,
      maxBackoffMs: options.backoff?.maxMs,
      pluginEvents,
    });
  }

  // ---- cluster events (from informers, or called directly in tests) ----

  onPodAdd(pod: Pod): void {
    if (isTerminal(pod)) return;
    if (isAssigned(pod)) {
      this.cache.setPod(pod);
      this.queue.moveOnEvent('AssignedPodAdd');
    } else if (this.isOurs(pod) && !isGated(pod)) {
      this.queue.add(newPodInfo(pod));
    }
  }

  onPodUpdate(previous: Pod, pod: Pod): void {
    if (isAssigned(pod)) {
      if (!isAssigned(previous)) this.queue.delete(podKey(pod));
      if (isTerminal(pod)) return this.onPodDelete(pod);
      const matters = !isAssigned(previous) || assignedPodChangeMatters(previous, pod);
      // A status update (the kubelet's) only swaps the pod object the cache holds.
      if (!matters && this.cache.refreshPod(pod)) return;
      this.cache.setPod(pod);
      if (!isAssigned(previous)) this.queue.moveOnEvent('AssignedPodAdd');
      else if (matters) this.queue.moveOnEvent('AssignedPodUpdate');
    } else if (this.isOurs(pod) && !isTerminal(pod) && !isGated(pod)) {
      this.queue.update(newPodInfo(pod));
    } else {
      this.queue.delete(podKey(pod));
    }
  }

  onPodDelete(pod: Pod): void {
    const key = podKey(pod);
    this.queue.delete(key);
    if (this.cache.nodeNameOf(key) !== undefined) {
      this.cache.removePod(pod);
      this.queue.moveOnEvent('AssignedPodDelete');
    }
  }

  onNodeAdd(node: Node): void {
    this.cache.setNode(node);
    this.queue.moveOnEvent('NodeAdd');
  }

  onNodeUpdate(previous: Node, node: Node): void {
    this.cache.setNode(node);
    if (nodeChangeMatters(previous, node)) this.queue.moveOnEvent('NodeUpdate');
  }

  onNodeDelete(node: Node): void {
    this.cache.removeNode(node);
    this.queue.moveOnEvent('NodeDelete');
  }

  onNamespaceChange(namespace: Namespace, deleted = false): void {
    if (deleted) this.cache.removeNamespace(namespace);
    else this.cache.setNamespace(namespace);
    this.queue.moveOnEvent('NamespaceChange');
  }

  // ---- the loop ----

  /** Runs cycles until stop(); resolves when stopped. */
  start(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.close();
    await this.running;
    await this.settled();
  }

  /** Bindings sent and not yet answered. */
  get bindingsInFlight(): number {
    return this.bindings.size;
  }

  /** Resolves once every binding and status/event write in flight has finished. */
  async settled(): Promise<void> {
    while (this.bindings.size + this.sideWrites.size > 0) await Promise.allSettled([...this.bindings, ...this.sideWrites]);
  }

  private async loop(): Promise<void> {
    const limit = this.options.maxInFlightBindings ?? 256;
    let sliceStart = performance.now();
    while (!this.stopped) {
      await this.queue.waitForPod();
      if (this.stopped) return;
      while (this.bindings.size >= limit) await Promise.race(this.bindings);
      try {
        this.scheduleOne();
      } catch (error) {
        this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'scheduling cycle failed');
      }
      // Let informer events in every few milliseconds of cycles: yielding after each one cost a whole
      // event-loop turn per pod, which on a busy process capped scheduling at a few dozen pods/s.
      if (performance.now() - sliceStart >= SCHEDULING_SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  }

  /** One scheduling cycle for the next pod in activeQ; false when there was none. */
  scheduleOne(): boolean {
    const queued = this.queue.pop();
    if (queued === undefined) return false;
    const pod = queued.info;
    if (pod.pod.metadata?.deletionTimestamp || this.cache.nodeNameOf(pod.key) !== undefined) {
      this.queue.done(pod.key);
      return true;
    }
    const state = new CycleState(this.cache);
    let nodeName: string;
    try {
      nodeName = this.algorithm.schedule(state, pod).nodeName;
    } catch (error) {
      this.handleFailure(queued, error);
      return true;
    }
    this.cache.assumePod(pod, nodeName);
    const reserved: Plugin[] = [];
    for (const plugin of this.profile.reservePlugins) {
      let status;
      try {
        status = plugin.reserve!(state, pod, nodeName);
      } catch (error) {
        status = { code: 'Error' as const, reasons: [error instanceof Error ? error.message : String(error)] };
      }
      reserved.push(plugin);
      if (status !== undefined) {
        this.unreserve(state, pod, nodeName, reserved);
        this.handleFailure(queued, new Error(`running Reserve plugin "${plugin.name}": ${statusMessage(status)}`));
        return true;
      }
    }
    const binding: Promise<void> = this.bind(state, queued, nodeName)
      .catch((error: unknown) => this.logger.error({ pod: pod.key, err: error instanceof Error ? error.message : String(error) }, 'binding cycle failed'))
      .finally(() => this.bindings.delete(binding));
    this.bindings.add(binding);
    return true;
  }

  private async bind(state: CycleState, queued: QueuedPod, nodeName: string): Promise<void> {
    const pod = queued.info;
    let failure: string | undefined;
    for (const plugin of this.profile.bindPlugins) {
      let status;
      try {
        status = await plugin.bind!(state, pod, nodeName);
      } catch (error) {
        status = { code: 'Error' as const, reasons: [error instanceof Error ? error.message : String(error)] };
      }
      if (status?.code === 'Skip') continue;
      if (status !== undefined) failure = `binding rejected: running Bind plugin "${plugin.name}": ${statusMessage(status)}`;
      break;
    }
    if (failure === undefined) {
      this.stats.scheduled += 1;
      this.queue.done(pod.key);
      this.logger.debug({ pod: pod.key, node: nodeName }, 'pod bound');
      const namespace = pod.pod.metadata?.namespace ?? '';
      this.write(this.options.api.recordEvent(pod.pod, 'Normal', 'Scheduled', 'Binding', `Successfully assigned ${namespace}/${pod.pod.metadata?.name} to ${nodeName}`));
      return;
    }
    this.unreserve(state, pod, nodeName, this.profile.reservePlugins);
    this.cache.forgetPod(pod.key);
    this.queue.moveOnEvent('AssignedPodDelete');
    this.handleFailure(queued, new Error(failure));
  }

  private unreserve(state: CycleState, pod: PodInfo, nodeName: string, plugins: readonly Plugin[]): void {
    for (const plugin of [...plugins].reverse()) plugin.unreserve?.(state, pod, nodeName);
    this.cache.forgetPod(pod.key);
  }

  private handleFailure(queued: QueuedPod, error: unknown): void {
    const unschedulable = error instanceof FitError || error instanceof NoNodesAvailableError;
    const message = error instanceof Error ? error.message : String(error);
    if (unschedulable) {
      this.stats.unschedulable += 1;
      this.queue.addUnschedulable(queued, error instanceof FitError ? error.diagnosis.unschedulablePlugins : new Set());
    } else {
      this.stats.errors += 1;
      this.logger.warn({ pod: queued.key, err: message }, 'scheduling failed');
      this.queue.addBackoff(queued);
    }
    const pod = queued.info.pod;
    this.write(this.options.api.recordEvent(pod, 'Warning', 'FailedScheduling', 'Scheduling', message));
    const reason = unschedulable ? 'Unschedulable' : 'SchedulerError';
    const current = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled');
    if (current?.status === 'False' && current.reason === reason && current.message === message) return;
    const condition: PodCondition = {
      type: 'PodScheduled',
      status: 'False',
      reason,
      message,
      lastProbeTime: null as unknown as string,
      lastTransitionTime: current?.status === 'False' && current.lastTransitionTime ? current.lastTransitionTime : new Date(this.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    this.write(this.options.api.setPodScheduledCondition(pod, condition));
  }

  /** Status and event writes are best effort: failures are logged, never retried here. */
  private write(promise: Promise<void>): void {
    const tracked: Promise<void> = promise
      .catch((error: unknown) => this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'scheduler write failed'))
      .finally(() => this.sideWrites.delete(tracked));
    this.sideWrites.add(tracked);
  }

  private isOurs(pod: Pod): boolean {
    return (pod.spec?.schedulerName || defaultSchedulerName) === this.schedulerName;
  }
}

export type { ClusterEvent };
