// One simulated node: registers its Node (and reports its status every few minutes), renews its
// Lease every 10 s, and syncs the pods bound to it, read from a pod cache it is handed (shared by
// all nodes of the process), through its ContainerRuntime.
import type { Node, Pod } from '../api/index.js';
import { EventRecorder, type EventRecorderCache, isAlreadyExists, isConflict, realClock, splitKey, type CacheReader, type Client, type Clock } from '../client/index.js';
import type { ContainerRuntime } from './container-runtime.js';
import { NodeLease } from './node-lease.js';
import { DEFAULT_ALLOCATABLE, DEFAULT_CAPACITY, hostInfo, nodeLabels, nodeObject, nodeStatus, type NodeShape } from './node-object.js';
import { nodeInternalIP, nodePodCIDR } from './pod-cidr.js';
import { syncPod, type PodSyncContext } from './pod-sync.js';
import { PodWorkers } from './pod-workers.js';
import { RestartBackoff, type BackoffSettings } from './restart-backoff.js';
import { ProbeManager } from './prober/probe-manager.js';
import { SimRuntime } from './runtimes/sim/sim-runtime.js';
import { VolumeManager } from './volumes/volume-manager.js';

export interface KubeletLogger {
  debug?(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface SimSettings {
  /** How long containers stay ContainerCreating (default 500 ms). */
  startDelayMs?: number;
  /** A heartbeat log line this often while a container runs (default 30 s; 0 = none). */
  logIntervalMs?: number;
  /** Log lines kept per container (default 1000). */
  logLines?: number;
}

export interface KubeletOptions {
  client: Client;
  nodeName: string;
  /** Pods of every node, indexed by `nodeName` (one informer for all the process's nodes). */
  pods: CacheReader<Pod>;
  /** Position among the process's nodes: picks the node's IP and pod CIDR unless given. */
  index?: number;
  internalIP?: string;
  podCIDR?: string;
  runtime?: ContainerRuntime;
  sim?: SimSettings;
  clock?: Clock;
  logger?: KubeletLogger;
  leaseRenewIntervalMs?: number;
  /**
   * Each lease renewal waits up to this fraction of the interval more (upstream's JitterUntil
   * factor 0.04), so nodes started together do not all renew in one tick. Default 0.04 on the
   * real clock; 0 when a clock is given (tests step time exactly).
   */
  leaseJitter?: number;
  /** In [0, 1): draws the lease jitter (default Math.random). */
  random?: () => number;
  /** How often the Node status (heartbeat times) is written even when unchanged (upstream: 5 min). */
  nodeStatusReportIntervalMs?: number;
  restartBackoff?: BackoffSettings;
  /** Back-off of failed image pulls (default 10 s doubling to 5 min, as upstream). */
  imageBackoff?: BackoffSettings;
  /** Retry delay of a container whose config or creation failed, or a volume that failed to mount (default 10 s). */
  startRetryMs?: number;
  /** Where pod volumes are materialised (`<rootDir>/pods/<uid>/volumes/<name>`); required when the runtime mounts volumes. */
  rootDir?: string;
  /** How often ConfigMap, Secret, downwardAPI and projected volume contents are written again (default 60 s). */
  volumeRefreshMs?: number;
  /** Retry delay after a failed pod sync or node write (default 1 s). */
  retryMs?: number;
  /** Record Pulled / Created / Started / BackOff / Killing Events (default true). */
  recordEvents?: boolean;
  /** The event correlation memory, shared by the nodes of one process (default: this node's own). */
  eventCache?: EventRecorderCache;
  capacity?: Record<string, string>;
  allocatable?: Record<string, string>;
  labels?: Record<string, string>;
  /** Port of the kubelet's HTTPS endpoint, advertised in status.daemonEndpoints (default 10250). */
  serverPort?: number;
}

export class Kubelet {
  readonly nodeName: string;
  readonly runtime: ContainerRuntime;
  readonly shape: NodeShape;
  private readonly clock: Clock;
  private readonly workers: PodWorkers;
  private readonly lease: NodeLease;
  private readonly syncContext: PodSyncContext;
  /** uid of each pod key this node has synced, to clean up after the pod is gone from the cache. */
  private readonly known = new Map<string, string>();
  private node?: Node;
  private timers = new Set<unknown>();
  private stopped = false;
  private unsubscribeRuntime?: () => void;

  constructor(private readonly options: KubeletOptions) {
    this.nodeName = options.nodeName;
    this.clock = options.clock ?? realClock;
    const index = options.index ?? 0;
    const podCIDR = options.podCIDR ?? nodePodCIDR(index);
    this.runtime = options.runtime ?? new SimRuntime({ podCIDR, clock: this.clock, ...options.sim });
    this.shape = {
      name: options.nodeName,
      internalIP: options.internalIP ?? nodeInternalIP(index),
      podCIDR,
      runtimeVersion: this.runtime.version,
      capacity: options.capacity ?? DEFAULT_CAPACITY,
      allocatable: options.allocatable ?? DEFAULT_ALLOCATABLE,
      labels: nodeLabels(options.nodeName, options.labels),
      kubeletPort: options.serverPort,
      ...(this.runtime.version.startsWith('sim://') ? {} : { host: hostInfo() }),
    };
    this.workers = new PodWorkers(this.clock, (key) => this.sync(key));
    this.lease = new NodeLease(options.client, () => this.node, options.nodeName);
    if (this.runtime.mountsVolumes && !options.rootDir) throw new Error(`node ${options.nodeName}: the ${this.runtime.version} runtime mounts volumes, so the kubelet needs a rootDir`);
    const events = options.recordEvents === false ? undefined : this.eventRecorder();
    const record = (pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void => void events?.event(pod, type, reason, message);
    this.syncContext = {
      client: options.client,
      runtime: this.runtime,
      clock: this.clock,
      backoff: new RestartBackoff(options.restartBackoff),
      imageBackoff: new RestartBackoff(options.imageBackoff),
      startFailures: new Map(),
      startRetryMs: options.startRetryMs ?? 10_000,
      nodeName: options.nodeName,
      hostIP: this.shape.internalIP,
      allocatable: this.shape.allocatable,
      volumes: this.runtime.mountsVolumes ? new VolumeManager({ rootDir: options.rootDir!, client: options.client, allocatable: this.shape.allocatable, clock: this.clock, refreshMs: options.volumeRefreshMs }) : undefined,
      // Used only for pods whose runtime runs probes (a RuntimeRouter may mix runtimes that do and don't).
      probes: new ProbeManager({
        runtime: this.runtime,
        clock: this.clock,
        warn: (pod, reason, message) => record(pod, 'Warning', reason, message),
        changed: (uid) => this.podUidChanged(uid),
      }),
      announced: new Map(),
      written: new Map(),
      record,
    };
  }

  private eventRecorder(): EventRecorder {
    const options = this.options;
    return new EventRecorder({
      client: options.client,
      component: 'kubelet',
      host: options.nodeName,
      clock: this.clock,
      ...(options.eventCache ? { cache: options.eventCache } : {}),
      onError: (error) => options.logger?.warn({ node: options.nodeName, err: error instanceof Error ? error.message : String(error) }, 'event not recorded'),
    });
  }

  private podUidChanged(uid: string): void {
    for (const [key, known] of this.known) if (known === uid) this.workers.enqueue(key);
  }

  /** Registers the node and its lease, then keeps both fresh; pods sync from now on. */
  async start(): Promise<void> {
    this.unsubscribeRuntime = this.runtime.onChange((change) => this.podUidChanged(change.podUid));
    const live = new Set(this.options.pods.byIndex('nodeName', this.nodeName).flatMap((pod) => (pod.metadata?.uid ? [pod.metadata.uid] : [])));
    await this.runtime.recover?.(live);
    this.syncContext.volumes?.cleanOrphans(live);
    await this.registerNode();
    await this.renewLease();
    const renewMs = this.options.leaseRenewIntervalMs ?? 10_000;
    const jitter = this.options.leaseJitter ?? (this.options.clock ? 0 : 0.04);
    const random = this.options.random ?? Math.random;
    this.every(() => renewMs * (1 + jitter * random()), () => this.renewLease());
    const reportMs = this.options.nodeStatusReportIntervalMs ?? 300_000;
    this.every(() => reportMs, () => this.reportNodeStatus());
    for (const pod of this.options.pods.byIndex('nodeName', this.nodeName)) this.podChanged(pod);
  }

  podChanged(pod: Pod): void {
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    if (pod.metadata?.uid) this.known.set(key, pod.metadata.uid);
    this.workers.enqueue(key);
  }

  /** Resolves when no pod sync is running (tests). */
  idle(): Promise<void> {
    return this.workers.idle();
  }

  /** The kubelet's clock reading (ms since the epoch). */
  now(): number {
    return this.clock.now();
  }

  get registeredNode(): Node | undefined {
    return this.node;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const handle of this.timers) this.clock.clearTimeout(handle);
    this.timers.clear();
    this.unsubscribeRuntime?.();
    this.syncContext.probes?.stop();
    await this.workers.stop();
    await this.runtime.close();
  }

  private every(intervalMs: () => number, run: () => Promise<void>): void {
    const schedule = (): void => {
      if (this.stopped) return;
      const handle = this.clock.setTimeout(() => {
        this.timers.delete(handle);
        run().finally(schedule);
      }, intervalMs());
      this.timers.add(handle);
    };
    schedule();
  }

  private async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.options.pods.getByName(namespace ?? '', name);
    const pod = cached?.spec?.nodeName === this.nodeName ? cached : undefined;
    try {
      const uid = this.known.get(key);
      if (uid !== undefined && uid !== pod?.metadata?.uid) await this.forgetPod(key, uid);
      if (!pod?.metadata?.uid) return;
      this.known.set(key, pod.metadata.uid);
      const outcome = await syncPod(this.syncContext, pod);
      if (outcome.gone) await this.forgetPod(key, pod.metadata.uid);
      else if (outcome.resyncAt !== undefined) this.workers.wakeAt(key, outcome.resyncAt);
    } catch (error) {
      this.options.logger?.warn({ node: this.nodeName, pod: key, err: error instanceof Error ? error.message : String(error) }, 'pod sync failed; retrying');
      this.workers.wakeAt(key, this.clock.now() + (this.options.retryMs ?? 1000));
    }
  }

  private async forgetPod(key: string, uid: string | undefined): Promise<void> {
    this.known.delete(key);
    this.workers.forget(key);
    if (uid === undefined) return;
    const sandbox = this.runtime.sandboxFor(uid);
    if (sandbox) await this.runtime.removePodSandbox(sandbox.id);
    this.syncContext.backoff.forgetPrefix(`${uid}/`);
    this.syncContext.imageBackoff.forgetPrefix(`${uid}/`);
    for (const failed of this.syncContext.startFailures.keys()) if (failed.startsWith(`${uid}/`)) this.syncContext.startFailures.delete(failed);
    this.syncContext.announced.delete(uid);
    this.syncContext.written.delete(uid);
    this.syncContext.probes?.forgetPod(uid);
    this.syncContext.volumes?.cleanUp(uid);
  }

  private async registerNode(): Promise<void> {
    const nodes = this.options.client.resource<Node>('v1', 'nodes');
    for (;;) {
      try {
        try {
          this.node = await nodes.create(nodeObject(this.shape));
        } catch (error) {
          if (!isAlreadyExists(error)) throw error;
          this.node = await nodes.get(this.nodeName);
        }
        await this.reportNodeStatus();
        this.options.logger?.debug?.({ node: this.nodeName }, 'node registered');
        return;
      } catch (error) {
        if (this.stopped) throw error;
        this.options.logger?.warn({ node: this.nodeName, err: error instanceof Error ? error.message : String(error) }, 'node registration failed; retrying');
        await new Promise<void>((resolve) => this.clock.setTimeout(resolve, this.options.retryMs ?? 1000));
      }
    }
  }

  private async reportNodeStatus(): Promise<void> {
    const nodes = this.options.client.resource<Node>('v1', 'nodes');
    for (let attempt = 0; ; attempt++) {
      try {
        const base = this.node ?? (await nodes.get(this.nodeName));
        this.node = await nodes.updateStatus({ ...base, status: nodeStatus(this.shape, new Date(this.clock.now()), base.status) });
        return;
      } catch (error) {
        this.node = undefined;
        if (!isConflict(error) || attempt >= 4) {
          this.options.logger?.warn({ node: this.nodeName, err: error instanceof Error ? error.message : String(error) }, 'node status update failed');
          return;
        }
      }
    }
  }

  private async renewLease(): Promise<void> {
    try {
      await this.lease.renew(this.clock.now());
    } catch (error) {
      this.options.logger?.warn({ node: this.nodeName, err: error instanceof Error ? error.message : String(error) }, 'lease renewal failed');
    }
  }
}
