// The podman runtime: one podman pod per Kubernetes pod (its infra container holds the network
// namespace, hostPorts are published on it), one podman container per container attempt, all
// labelled with the pod's identity and this node's name. State lives in podman; this class keeps a
// cache for the kubelet's synchronous reads, refreshed by inspects and by podman's event stream.
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  CreateContainerError,
  type ContainerConfig,
  type ContainerRecord,
  type ContainerRuntime,
  type ExecResult,
  type ExecSession,
  type ExecStreamOptions,
  type LogOptions,
  type RuntimeChange,
  type SandboxConfig,
  type SandboxStatus,
} from '../../container-runtime.js';
import { recordFromInspect, type ContainerInspect } from './container-record.js';
import { containerSpec, type HostLimits } from './container-spec.js';
import { LABEL_NODE, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID, podLabels, podmanPodName, type PodIdentity } from './labels.js';
import { LibpodError, type LibpodClient } from './libpod-client.js';
import { PodmanEvents } from './podman-events.js';
import { execBuffered, execStream } from './podman-exec.js';
import { ensureImage } from './podman-images.js';
import { containerLogs } from './podman-logs.js';

export interface PodmanRuntimeOptions {
  client: LibpodClient;
  /** Labels every object (several kubelets may share one podman; recovery only touches its own). */
  nodeName: string;
  /** The podman network pods join (default `podman`, the bridge podman creates). */
  network?: string;
  /** Podman's version, for nodeInfo.containerRuntimeVersion. */
  version: string;
  hostLimits: HostLimits;
  pullTimeoutMs?: number;
  /** Runs on close (stops the service the runtime started). */
  onClose?: () => Promise<void>;
}

interface PodEntry {
  status: SandboxStatus;
  identity: PodIdentity;
}

interface ContainerEntry {
  record: ContainerRecord;
  podUid: string;
  warnings: string[];
}

interface PodListEntry {
  Id: string;
  Labels?: Record<string, string> | null;
  Status: string;
  InfraId: string;
  Containers?: { Id: string }[] | null;
}

interface InfraInspect {
  NetworkSettings?: { IPAddress?: string; Networks?: Record<string, { IPAddress?: string }> };
  State: { Status: string };
}

export class PodmanRuntime implements ContainerRuntime {
  readonly version: string;
  readonly runsProbes = true;
  readonly mountsVolumes = true;
  private readonly client: LibpodClient;
  private readonly network: string;
  private readonly pods = new Map<string, PodEntry>();
  private readonly podByUid = new Map<string, string>();
  private readonly containers = new Map<string, ContainerEntry>();
  private readonly listeners = new Set<(change: RuntimeChange) => void>();
  private readonly events: PodmanEvents;
  private closed = false;

  constructor(private readonly options: PodmanRuntimeOptions) {
    this.client = options.client;
    this.network = options.network ?? 'podman';
    this.version = `podman://${options.version}`;
    this.events = new PodmanEvents(
      this.client,
      (event) => {
        if (['start', 'died', 'stop', 'cleanup'].includes(event.action) && this.containers.has(event.id)) void this.refresh(event.id);
      },
      () => {
        for (const id of this.containers.keys()) void this.refresh(id);
      },
    );
  }

  /** Resolves once the event stream is connected (exits from then on are reported). */
  get ready(): Promise<void> {
    return this.events.connected;
  }

  async runPodSandbox(config: SandboxConfig): Promise<SandboxStatus> {
    const existing = this.sandboxFor(config.podUid);
    if (existing) return existing;
    const identity: PodIdentity = { uid: config.podUid, namespace: config.namespace, name: config.name };
    const name = podmanPodName(identity);
    let id: string;
    try {
      ({ Id: id } = await this.client.json<{ Id: string }>('POST', '/pods/create', {
        body: {
          name,
          hostname: config.hostname ?? config.name,
          labels: podLabels(this.options.nodeName, identity),
          netns: { nsmode: 'bridge' },
          Networks: { [this.network]: {} },
          portmappings: (config.ports ?? [])
            .filter((port) => port.hostPort !== undefined && port.hostPort > 0)
            .map((port) => ({ container_port: port.containerPort, host_port: port.hostPort, host_ip: port.hostIP ?? '', protocol: port.protocol.toLowerCase() })),
        },
      }));
    } catch (error) {
      if (!(error instanceof LibpodError && error.status === 409)) throw error;
      ({ Id: id } = await this.client.json<{ Id: string }>('GET', `/pods/${name}/json`));
    }
    await this.client.json('POST', `/pods/${id}/start`).catch(ignoreStatus(304));
    const pod = await this.client.json<PodListEntry>('GET', `/pods/${id}/json`);
    const infraId = (pod as unknown as { InfraContainerID: string }).InfraContainerID;
    const status: SandboxStatus = { id, podUid: config.podUid, ip: await this.infraIP(infraId), state: 'ready', createdAt: Date.now() };
    this.pods.set(id, { status, identity });
    this.podByUid.set(config.podUid, id);
    return { ...status };
  }

  async stopPodSandbox(sandboxId: string): Promise<void> {
    const pod = this.pods.get(sandboxId);
    if (!pod) return;
    // as CRI's StopPodSandbox: containers still running are killed (the kubelet stops them with grace first)
    await this.client.json('POST', `/pods/${sandboxId}/stop`, { query: { t: 0 } }).catch(ignoreStatus(304, 404));
    pod.status.state = 'notready';
    await Promise.all(this.containersOf(sandboxId).map((entry) => this.refresh(entry.record.id, false)));
  }

  async removePodSandbox(sandboxId: string): Promise<void> {
    const pod = this.pods.get(sandboxId);
    await removePod(this.client, sandboxId);
    for (const entry of this.containersOf(sandboxId)) this.containers.delete(entry.record.id);
    this.pods.delete(sandboxId);
    if (pod && this.podByUid.get(pod.status.podUid) === sandboxId) this.podByUid.delete(pod.status.podUid);
  }

  sandboxFor(podUid: string): SandboxStatus | undefined {
    const id = this.podByUid.get(podUid);
    const pod = id === undefined ? undefined : this.pods.get(id);
    return pod ? { ...pod.status } : undefined;
  }

  async startContainer(sandboxId: string, config: ContainerConfig): Promise<ContainerRecord> {
    const pod = this.pods.get(sandboxId);
    if (!pod || pod.status.state !== 'ready') throw new Error(`sandbox ${sandboxId} is not ready`);
    await ensureImage(this.client, config.image, config.imagePullPolicy, this.options.pullTimeoutMs);
    const { spec, warnings } = containerSpec(this.options.nodeName, sandboxId, pod.identity, config, this.options.hostLimits);
    let id: string;
    try {
      ({ Id: id } = await this.client.json<{ Id: string }>('POST', '/containers/create', { body: spec }));
    } catch (error) {
      if (error instanceof LibpodError && error.status === 409) {
        // this attempt was created before (a retried sync): adopt it rather than fail
        const inspect = await this.client.json<ContainerInspect>('GET', `/containers/${String(spec.name)}/json`);
        return { ...this.remember(recordFromInspect(inspect, warnings), pod.status.podUid, warnings) };
      }
      throw new CreateContainerError('CreateContainerError', messageOf(error));
    }
    this.remember(recordFromInspect(await this.inspect(id), warnings), pod.status.podUid, warnings);
    try {
      await this.client.json('POST', `/containers/${id}/start`);
    } catch (error) {
      this.containers.delete(id);
      await this.client.json('DELETE', `/containers/${id}`, { query: { force: true } }).catch(() => undefined);
      throw new CreateContainerError('RunContainerError', messageOf(error));
    }
    await this.refresh(id, false);
    return { ...this.containers.get(id)!.record };
  }

  async stopContainer(containerId: string, gracePeriodSeconds: number): Promise<void> {
    // podman sends the stop signal (SIGTERM unless the image says otherwise), then SIGKILL after `timeout`
    await this.client
      .json('POST', `/containers/${containerId}/stop`, { query: { timeout: Math.max(0, Math.round(gracePeriodSeconds)) } })
      .catch(ignoreStatus(304, 404));
    await this.refresh(containerId, false);
  }

  async removeContainer(containerId: string): Promise<void> {
    this.containers.delete(containerId);
    await this.client.json('DELETE', `/containers/${containerId}`, { query: { force: true } }).catch(ignoreStatus(404));
  }

  listContainers(sandboxId: string): ContainerRecord[] {
    return this.containersOf(sandboxId)
      .map((entry) => ({ ...entry.record }))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  logs(containerId: string, options?: LogOptions): AsyncIterable<string> {
    if (!this.containers.has(containerId)) throw new Error(`container ${containerId} not found`);
    return containerLogs(this.client, containerId, options);
  }

  async exec(containerId: string, command: string[], options: { timeoutMs?: number } = {}): Promise<ExecResult> {
    this.requireRunning(containerId);
    return execBuffered(this.client, containerId, command, options.timeoutMs);
  }

  async execStream(containerId: string, options: ExecStreamOptions): Promise<ExecSession> {
    this.requireRunning(containerId);
    return execStream(this.client, containerId, options);
  }

  /** The pod IP on podman's bridge is reachable from the host (root podman), so a plain TCP connect does it. */
  portForward(sandboxId: string, port: number): Promise<Duplex> {
    const pod = this.pods.get(sandboxId);
    if (!pod || pod.status.state !== 'ready') return Promise.reject(new Error(`sandbox ${sandboxId} is not ready`));
    return new Promise((resolve, reject) => {
      const socket = connect({ host: pod.status.ip, port });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
    });
  }

  async recover(livePodUids: ReadonlySet<string>): Promise<void> {
    const pods = await this.client.json<PodListEntry[]>('GET', '/pods/json', {
      query: { filters: JSON.stringify({ label: [`${LABEL_NODE}=${this.options.nodeName}`] }) },
    });
    for (const pod of pods ?? []) {
      const labels = pod.Labels ?? {};
      const uid = labels[LABEL_POD_UID] ?? '';
      const infra = pod.InfraId ? await this.client.json<InfraInspect>('GET', `/containers/${pod.InfraId}/json`).catch(() => undefined) : undefined;
      // an orphan, or a sandbox whose network holder is gone (the kubelet makes a new one, as upstream)
      if (!livePodUids.has(uid) || this.podByUid.has(uid) || infra?.State.Status !== 'running') {
        await removePod(this.client, pod.Id);
        continue;
      }
      const identity: PodIdentity = { uid, namespace: labels[LABEL_POD_NAMESPACE] ?? '', name: labels[LABEL_POD_NAME] ?? '' };
      this.pods.set(pod.Id, { status: { id: pod.Id, podUid: uid, ip: this.ipOf(infra), state: 'ready', createdAt: Date.now() }, identity });
      this.podByUid.set(uid, pod.Id);
      for (const container of pod.Containers ?? []) {
        if (container.Id === pod.InfraId) continue;
        const inspect = await this.inspect(container.Id).catch(() => undefined);
        if (inspect) this.remember(recordFromInspect(inspect), uid, []);
      }
    }
  }

  onChange(listener: (change: RuntimeChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.events.close();
    this.listeners.clear();
    await this.options.onClose?.();
  }

  private containersOf(sandboxId: string): ContainerEntry[] {
    return [...this.containers.values()].filter((entry) => entry.record.sandboxId === sandboxId);
  }

  private remember(record: ContainerRecord, podUid: string, warnings: string[]): ContainerRecord {
    this.containers.set(record.id, { record, podUid, warnings });
    return record;
  }

  private inspect(containerId: string): Promise<ContainerInspect> {
    return this.client.json<ContainerInspect>('GET', `/containers/${containerId}/json`);
  }

  /** Re-reads a container and, unless told not to, reports it through onChange (podman told us something happened). */
  private async refresh(containerId: string, notify = true): Promise<void> {
    const entry = this.containers.get(containerId);
    if (!entry) return;
    const inspect = await this.inspect(containerId).catch(() => undefined);
    if (!inspect || this.containers.get(containerId) !== entry) return;
    const record = recordFromInspect(inspect, entry.warnings);
    entry.record = record;
    if (notify && !this.closed) {
      const change = { sandboxId: record.sandboxId, podUid: entry.podUid, containerId };
      for (const listener of this.listeners) listener(change);
    }
  }

  private requireRunning(containerId: string): void {
    const entry = this.containers.get(containerId);
    if (!entry || entry.record.state !== 'running') throw new Error(`container ${containerId} is not running`);
  }

  private async infraIP(infraId: string): Promise<string> {
    return this.ipOf(await this.client.json<InfraInspect>('GET', `/containers/${infraId}/json`));
  }

  private ipOf(infra: InfraInspect): string {
    const settings = infra.NetworkSettings ?? {};
    return settings.Networks?.[this.network]?.IPAddress || settings.IPAddress || '';
  }
}

/** Kills what still runs (a forced delete would wait out each container's stop timeout), then deletes. */
async function removePod(client: LibpodClient, podId: string): Promise<void> {
  await client.json('POST', `/pods/${podId}/kill`, { query: { signal: 'SIGKILL' } }).catch(() => undefined);
  await client.json('DELETE', `/pods/${podId}`, { query: { force: true } }).catch(ignoreStatus(404));
}

function ignoreStatus(...statuses: number[]): (error: unknown) => void {
  return (error) => {
    if (!(error instanceof LibpodError && statuses.includes(error.status))) throw error;
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
