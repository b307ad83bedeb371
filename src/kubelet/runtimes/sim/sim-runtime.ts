// The simulated runtime: no processes, only state and timers on an injected clock. A container is
// `created` for `startDelayMs`, then `running` (a start line in its log, a heartbeat line every
// `logIntervalMs`), and exits when its annotations say so (see sim-behaviour.ts) or when stopped
// (the sim's processes handle SIGTERM: exit code 0). Sandboxes get IPs from the node's pod CIDR.
import { randomBytes } from 'node:crypto';
import { realClock, type Clock } from '../../../client/index.js';
import type {
  ContainerConfig,
  ContainerRecord,
  ContainerRuntime,
  ExecResult,
  LogOptions,
  RuntimeChange,
  SandboxConfig,
  SandboxStatus,
} from '../../container-runtime.js';
import { LogRing } from '../../log-ring.js';
import { PodIPAllocator } from '../../pod-cidr.js';
import { normalizeImage, simImageID } from './image-names.js';
import { simBehaviour } from './sim-behaviour.js';

export interface SimRuntimeOptions {
  podCIDR: string;
  clock?: Clock;
  /** How long a container stays `created` before it runs (default 500 ms). */
  startDelayMs?: number;
  /** A heartbeat log line this often while running (0 = none; default 30 s). */
  logIntervalMs?: number;
  /** Log lines kept per container (default 1000). */
  logLines?: number;
  newId?: () => string;
}

interface SimContainer {
  record: ContainerRecord;
  config: ContainerConfig;
  podUid: string;
  log: LogRing;
  timers: Set<unknown>;
}

export const SIM_RUNTIME_VERSION = 'sim://1.0.0';

export class SimRuntime implements ContainerRuntime {
  readonly version = SIM_RUNTIME_VERSION;
  private readonly clock: Clock;
  private readonly ips: PodIPAllocator;
  private readonly sandboxes = new Map<string, SandboxStatus>();
  private readonly sandboxByPod = new Map<string, string>();
  private readonly containers = new Map<string, SimContainer>();
  private readonly listeners = new Set<(change: RuntimeChange) => void>();
  private readonly newId: () => string;
  private closed = false;

  constructor(private readonly options: SimRuntimeOptions) {
    this.clock = options.clock ?? realClock;
    this.ips = new PodIPAllocator(options.podCIDR);
    this.newId = options.newId ?? (() => randomBytes(32).toString('hex'));
  }

  async runPodSandbox(config: SandboxConfig): Promise<SandboxStatus> {
    const existing = this.sandboxFor(config.podUid);
    if (existing) return existing;
    const sandbox: SandboxStatus = { id: this.newId(), podUid: config.podUid, ip: this.ips.allocate(), state: 'ready', createdAt: this.clock.now() };
    this.sandboxes.set(sandbox.id, sandbox);
    this.sandboxByPod.set(config.podUid, sandbox.id);
    return sandbox;
  }

  async stopPodSandbox(sandboxId: string): Promise<void> {
    const sandbox = this.sandboxes.get(sandboxId);
    if (!sandbox) return;
    for (const container of this.containersOf(sandboxId)) this.exit(container, 0, false);
    if (sandbox.state === 'ready') this.ips.release(sandbox.ip);
    sandbox.state = 'notready';
  }

  async removePodSandbox(sandboxId: string): Promise<void> {
    const sandbox = this.sandboxes.get(sandboxId);
    if (!sandbox) return;
    await this.stopPodSandbox(sandboxId);
    for (const container of this.containersOf(sandboxId)) this.containers.delete(container.record.id);
    this.sandboxes.delete(sandboxId);
    this.sandboxByPod.delete(sandbox.podUid);
  }

  sandboxFor(podUid: string): SandboxStatus | undefined {
    const id = this.sandboxByPod.get(podUid);
    return id === undefined ? undefined : this.sandboxes.get(id);
  }

  async startContainer(sandboxId: string, config: ContainerConfig): Promise<ContainerRecord> {
    const sandbox = this.sandboxes.get(sandboxId);
    if (!sandbox || sandbox.state !== 'ready') throw new Error(`sandbox ${sandboxId} is not ready`);
    const now = this.clock.now();
    const container: SimContainer = {
      record: {
        id: this.newId(),
        sandboxId,
        name: config.name,
        attempt: config.attempt,
        image: normalizeImage(config.image),
        imageID: simImageID(config.image),
        state: 'created',
        createdAt: now,
      },
      config,
      podUid: sandbox.podUid,
      log: new LogRing(this.options.logLines ?? 1000),
      timers: new Set(),
    };
    this.containers.set(container.record.id, container);
    this.after(container, this.options.startDelayMs ?? 500, () => this.run(container));
    return { ...container.record };
  }

  async stopContainer(containerId: string): Promise<void> {
    const container = this.containers.get(containerId);
    if (container) this.exit(container, 0, false);
  }

  async removeContainer(containerId: string): Promise<void> {
    const container = this.containers.get(containerId);
    if (!container) return;
    this.exit(container, 0, false);
    this.containers.delete(containerId);
  }

  listContainers(sandboxId: string): ContainerRecord[] {
    return this.containersOf(sandboxId).map((container) => ({ ...container.record }));
  }

  async *logs(containerId: string, options: LogOptions = {}): AsyncIterable<string> {
    const container = this.containers.get(containerId);
    if (!container) throw new Error(`container ${containerId} not found`);
    let budget = options.limitBytes ?? Infinity;
    for await (const line of container.log.read(options)) {
      let text = `${options.timestamps ? `${new Date(line.at).toISOString().replace('Z', '000000Z')} ` : ''}${line.text}\n`;
      if (Buffer.byteLength(text) > budget) text = Buffer.from(text).subarray(0, budget).toString();
      budget -= Buffer.byteLength(text);
      if (text !== '') yield text;
      if (budget <= 0) return;
    }
  }

  async exec(containerId: string, command: string[]): Promise<ExecResult> {
    const container = this.containers.get(containerId);
    if (!container || container.record.state !== 'running') throw new Error(`container ${containerId} is not running`);
    if (command[0] === 'echo') return { exitCode: 0, stdout: `${command.slice(1).join(' ')}\n`, stderr: '' };
    if (command[0] === 'hostname') return { exitCode: 0, stdout: `${container.podUid}\n`, stderr: '' };
    return { exitCode: 0, stdout: '', stderr: '' };
  }

  onChange(listener: (change: RuntimeChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const container of this.containers.values()) this.clearTimers(container);
    this.listeners.clear();
  }

  private containersOf(sandboxId: string): SimContainer[] {
    return [...this.containers.values()].filter((container) => container.record.sandboxId === sandboxId);
  }

  private run(container: SimContainer): void {
    const record = container.record;
    if (record.state !== 'created') return;
    record.state = 'running';
    record.startedAt = this.clock.now();
    const command = [...(container.config.command ?? []), ...(container.config.args ?? [])];
    container.log.append(record.startedAt, `sim: container ${record.name} started (image ${record.image})`);
    if (command.length > 0) container.log.append(record.startedAt, `sim: running ${command.join(' ')}`);
    const behaviour = simBehaviour(container.config);
    if (behaviour.exitAfterSeconds !== undefined) {
      this.after(container, behaviour.exitAfterSeconds * 1000, () => this.exit(container, behaviour.exitCode, true));
    }
    this.heartbeat(container);
    this.notify(container);
  }

  private heartbeat(container: SimContainer): void {
    const interval = this.options.logIntervalMs ?? 30_000;
    if (interval <= 0) return;
    this.after(container, interval, () => {
      if (container.record.state !== 'running') return;
      const seconds = Math.round((this.clock.now() - (container.record.startedAt ?? 0)) / 1000);
      container.log.append(this.clock.now(), `sim: ${container.record.name} running for ${seconds}s`);
      this.heartbeat(container);
    });
  }

  private exit(container: SimContainer, exitCode: number, notify: boolean): void {
    const record = container.record;
    if (record.state === 'exited') return;
    this.clearTimers(container);
    const now = this.clock.now();
    record.startedAt ??= now;
    record.state = 'exited';
    record.finishedAt = now;
    record.exitCode = exitCode;
    record.reason = exitCode === 0 ? 'Completed' : 'Error';
    container.log.append(now, `sim: container ${record.name} exited with code ${exitCode}`);
    container.log.close();
    if (notify) this.notify(container);
  }

  private after(container: SimContainer, ms: number, run: () => void): void {
    if (this.closed) return;
    const handle = this.clock.setTimeout(() => {
      container.timers.delete(handle);
      if (!this.closed) run();
    }, ms);
    container.timers.add(handle);
  }

  private clearTimers(container: SimContainer): void {
    for (const handle of container.timers) this.clock.clearTimeout(handle);
    container.timers.clear();
  }

  private notify(container: SimContainer): void {
    const change = { sandboxId: container.record.sandboxId, podUid: container.podUid, containerId: container.record.id };
    for (const listener of this.listeners) listener(change);
  }
}
