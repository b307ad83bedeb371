// The simulated runtime: no processes, only state and timers on an injected clock. A container is
// `created` for `startDelayMs`, then `running` (a start line in its log, a heartbeat line every
// `logIntervalMs`, see sim-log.ts), and exits when its annotations say so (see sim-behaviour.ts) or
// when stopped (the sim's processes handle SIGTERM: exit code 0). Sandboxes get IPs from the node's
// pod CIDR. A container keeps only its record and at most one timer (start, then exit).
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
import { PodIPAllocator } from '../../pod-cidr.js';
import { normalizeImage, simImageID } from './image-names.js';
import { simBehaviour, type SimBehaviour } from './sim-behaviour.js';
import { readSimLog, wakeSimLog, type SimLogSettings, type SimLogSource } from './sim-log.js';

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

interface SimContainer extends SimLogSource {
  podUid: string;
  behaviour: SimBehaviour;
  /** The start timer while `created`, the exit timer while `running`. */
  timer?: unknown;
}

export const SIM_RUNTIME_VERSION = 'sim://1.0.0';

export class SimRuntime implements ContainerRuntime {
  readonly version = SIM_RUNTIME_VERSION;
  private readonly clock: Clock;
  private readonly ips: PodIPAllocator;
  private readonly sandboxes = new Map<string, SandboxStatus>();
  private readonly sandboxByPod = new Map<string, string>();
  private readonly containers = new Map<string, SimContainer>();
  /** Each sandbox's containers, oldest first. */
  private readonly bySandbox = new Map<string, SimContainer[]>();
  private readonly log: SimLogSettings;
  private readonly listeners = new Set<(change: RuntimeChange) => void>();
  private readonly newId: () => string;
  private closed = false;

  constructor(private readonly options: SimRuntimeOptions) {
    this.clock = options.clock ?? realClock;
    this.ips = new PodIPAllocator(options.podCIDR);
    this.newId = options.newId ?? (() => randomBytes(32).toString('hex'));
    this.log = { clock: this.clock, intervalMs: options.logIntervalMs ?? 30_000, capacity: options.logLines ?? 1000 };
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
    this.bySandbox.delete(sandboxId);
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
    const command = [...(config.command ?? []), ...(config.args ?? [])];
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
      ...(command.length > 0 ? { commandLine: command.join(' ') } : {}),
      ran: false,
      podUid: sandbox.podUid,
      behaviour: simBehaviour(config),
    };
    this.containers.set(container.record.id, container);
    let list = this.bySandbox.get(sandboxId);
    if (!list) this.bySandbox.set(sandboxId, (list = []));
    list.push(container);
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
    const list = this.bySandbox.get(container.record.sandboxId);
    if (list) list.splice(list.indexOf(container), 1);
  }

  listContainers(sandboxId: string): ContainerRecord[] {
    return this.containersOf(sandboxId).map((container) => ({ ...container.record }));
  }

  async *logs(containerId: string, options: LogOptions = {}): AsyncIterable<string> {
    const container = this.containers.get(containerId);
    if (!container) throw new Error(`container ${containerId} not found`);
    let budget = options.limitBytes ?? Infinity;
    for await (const line of readSimLog(container, this.log, options)) {
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
    for (const container of this.containers.values()) this.clearTimer(container);
    this.listeners.clear();
  }

  private containersOf(sandboxId: string): SimContainer[] {
    return this.bySandbox.get(sandboxId) ?? [];
  }

  private run(container: SimContainer): void {
    const record = container.record;
    if (record.state !== 'created') return;
    record.state = 'running';
    record.startedAt = this.clock.now();
    container.ran = true;
    const { exitAfterSeconds, exitCode } = container.behaviour;
    if (exitAfterSeconds !== undefined) this.after(container, exitAfterSeconds * 1000, () => this.exit(container, exitCode, true));
    wakeSimLog(container);
    this.notify(container);
  }

  private exit(container: SimContainer, exitCode: number, notify: boolean): void {
    const record = container.record;
    if (record.state === 'exited') return;
    this.clearTimer(container);
    const now = this.clock.now();
    record.startedAt ??= now;
    record.state = 'exited';
    record.finishedAt = now;
    record.exitCode = exitCode;
    record.reason = exitCode === 0 ? 'Completed' : 'Error';
    wakeSimLog(container);
    if (notify) this.notify(container);
  }

  private after(container: SimContainer, ms: number, run: () => void): void {
    if (this.closed) return;
    container.timer = this.clock.setTimeout(() => {
      container.timer = undefined;
      if (!this.closed) run();
    }, ms);
  }

  private clearTimer(container: SimContainer): void {
    if (container.timer !== undefined) this.clock.clearTimeout(container.timer);
    container.timer = undefined;
  }

  private notify(container: SimContainer): void {
    const change = { sandboxId: container.record.sandboxId, podUid: container.podUid, containerId: container.record.id };
    for (const listener of this.listeners) listener(change);
  }
}
