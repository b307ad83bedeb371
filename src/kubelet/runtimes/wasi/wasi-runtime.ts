// The WASI runtime: each container is a WebAssembly module (see module-source.ts for where it comes
// from) run by node:wasi (preview1) in its own worker thread, so a busy module neither blocks the
// kubelet nor outlives a stop. args are [container name, ...command, ...args], env is the resolved
// env, each mount a preopened directory; stdout and stderr are the container's log. The exit code
// is the terminated state (0 Completed, else Error); a trap is an Error with the trap in the
// message; a module that needs more memory than the cap is OOMKilled (see docs/kubelet.md).
// There is no network namespace: a sandbox reports the node's IP, like a hostNetwork pod.
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { realClock, type Clock } from '../../../client/index.js';
import {
  CreateContainerError,
  type ContainerConfig,
  type ContainerRecord,
  type ContainerRuntime,
  type ExecResult,
  type LogOptions,
  type RuntimeChange,
  type SandboxConfig,
  type SandboxStatus,
} from '../../container-runtime.js';
import { ContainerLog } from './container-log.js';
import { ModuleCache } from './module-cache.js';
import { loadModuleBytes, type ConfigMapBinaryLoader } from './module-source.js';
import { WASM_PAGE_BYTES } from './wasm-memory.js';
import { WASI_WORKER_SOURCE, wasiWorkerOptions, type WasiWorkerData, type WasiWorkerMessage } from './wasi-worker.js';

export const WASI_RUNTIME_VERSION = 'wasi://0.1.0';
export const DEFAULT_WASM_MEMORY_CAP_BYTES = 256 * 1024 * 1024;
// As containerd reports them: killed (SIGKILL), OOM-killed, could not start; a trap as wasmtime exits (SIGABRT).
const KILLED_EXIT_CODE = 137;
const OOM_EXIT_CODE = 137;
const START_ERROR_EXIT_CODE = 128;
const TRAP_EXIT_CODE = 134;

export interface WasiRuntimeOptions {
  /** The IP every sandbox reports (the node's; default empty). */
  hostIP?: string;
  /** Linear memory cap per module (default 256 MiB); a container's memory limit applies when lower. */
  memoryCapBytes?: number;
  /** JS heap of each container's worker, MiB (the WASI host code; module memory is separate). Default 64. */
  workerHeapMb?: number;
  /** Reads `configmap:<name>/<key>` images (the kubelet fills it in with its client). */
  loadConfigMapBinary?: ConfigMapBinaryLoader;
  /** Log lines kept per container (default 10000). */
  logLines?: number;
  /** How long a stop waits for the worker thread to end before it reports the container killed anyway (default 5 s). */
  terminateTimeoutMs?: number;
  /** Compiled modules kept (default 64). */
  cachedModules?: number;
  clock?: Clock;
  newId?: () => string;
}

/** How a worker ended: what it reported, or its JS heap ran out. */
type Outcome = Extract<WasiWorkerMessage, { type: 'exited' | 'trapped' | 'failed' }> | { type: 'heapExhausted'; message: string };

interface Sandbox {
  status: SandboxStatus;
  namespace: string;
}

interface WasiContainer {
  record: ContainerRecord;
  podUid: string;
  log: ContainerLog;
  worker?: Worker;
  /** Memory cap in pages, and whether it (not the module's own maximum) is what bounds the memory. */
  capPages: number;
  capBinds: boolean;
  result?: Outcome;
  /** Shared with the worker: set to wake a sleeping module before terminating it. */
  wake: Int32Array;
  stopping?: boolean;
}

function mib(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 100) / 100} MiB`;
}

export class WasiRuntime implements ContainerRuntime {
  readonly version = WASI_RUNTIME_VERSION;
  readonly runsProbes = false;
  readonly mountsVolumes = true;
  private readonly clock: Clock;
  private readonly cache: ModuleCache;
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly sandboxByPod = new Map<string, string>();
  private readonly containers = new Map<string, WasiContainer>();
  private readonly listeners = new Set<(change: RuntimeChange) => void>();
  private readonly newId: () => string;
  private closed = false;

  constructor(private readonly options: WasiRuntimeOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.cache = new ModuleCache(options.cachedModules ?? 64);
    this.newId = options.newId ?? (() => randomBytes(32).toString('hex'));
  }

  /** Compiled modules in the cache (tests, metrics). */
  get cachedModules(): number {
    return this.cache.size;
  }

  async runPodSandbox(config: SandboxConfig): Promise<SandboxStatus> {
    const existing = this.sandboxFor(config.podUid);
    if (existing) return existing;
    const status: SandboxStatus = { id: this.newId(), podUid: config.podUid, ip: this.options.hostIP ?? '', state: 'ready', createdAt: this.clock.now() };
    this.sandboxes.set(status.id, { status, namespace: config.namespace });
    this.sandboxByPod.set(config.podUid, status.id);
    return status;
  }

  async stopPodSandbox(sandboxId: string): Promise<void> {
    const sandbox = this.sandboxes.get(sandboxId);
    if (!sandbox) return;
    await Promise.all(this.containersOf(sandboxId).map((container) => this.kill(container)));
    sandbox.status.state = 'notready';
  }

  async removePodSandbox(sandboxId: string): Promise<void> {
    const sandbox = this.sandboxes.get(sandboxId);
    if (!sandbox) return;
    await this.stopPodSandbox(sandboxId);
    for (const container of this.containersOf(sandboxId)) this.containers.delete(container.record.id);
    this.sandboxes.delete(sandboxId);
    this.sandboxByPod.delete(sandbox.status.podUid);
  }

  sandboxFor(podUid: string): SandboxStatus | undefined {
    const id = this.sandboxByPod.get(podUid);
    return id === undefined ? undefined : this.sandboxes.get(id)?.status;
  }

  async startContainer(sandboxId: string, config: ContainerConfig): Promise<ContainerRecord> {
    const sandbox = this.sandboxes.get(sandboxId);
    if (!sandbox || sandbox.status.state !== 'ready') throw new Error(`sandbox ${sandboxId} is not ready`);
    const bytes = await loadModuleBytes(config.image, sandbox.namespace, this.options.loadConfigMapBinary);
    const capBytes = Math.min(this.options.memoryCapBytes ?? DEFAULT_WASM_MEMORY_CAP_BYTES, config.resources?.memoryLimitBytes ?? Infinity);
    const capPages = Math.floor(capBytes / WASM_PAGE_BYTES);
    const prepared = await this.cache.prepare(bytes, capPages).catch((error: unknown) => {
      throw new CreateContainerError('CreateContainerError', `image "${config.image}": ${error instanceof Error ? error.message : String(error)}`);
    });
    const preopens = await this.preopens(config);
    const now = this.clock.now();
    const container: WasiContainer = {
      record: {
        id: this.newId(),
        sandboxId,
        name: config.name,
        attempt: config.attempt,
        image: config.image,
        imageID: prepared.imageID,
        state: 'created',
        createdAt: now,
        ...(preopens.warnings.length + this.unsupported(config).length > 0 ? { warnings: [...preopens.warnings, ...this.unsupported(config)] } : {}),
      },
      podUid: sandbox.status.podUid,
      log: new ContainerLog(this.options.logLines ?? 10_000),
      capPages,
      wake: new Int32Array(new SharedArrayBuffer(4)),
      capBinds: 'module' in prepared && prepared.memories.some((memory) => (memory.maximum ?? Infinity) >= capPages),
    };
    this.containers.set(container.record.id, container);
    if ('tooLarge' in prepared) {
      const needs = prepared.tooLarge.initialPages * WASM_PAGE_BYTES;
      this.finish(container, OOM_EXIT_CODE, 'OOMKilled', `the module needs ${mib(needs)} of memory at start, above the memory cap of ${mib(capPages * WASM_PAGE_BYTES)}`);
      queueMicrotask(() => this.notify(container));
      return { ...container.record };
    }
    const data: WasiWorkerData = {
      module: prepared.module,
      args: [config.name, ...(config.command ?? []), ...(config.args ?? [])],
      env: Object.fromEntries((config.env ?? []).map(({ name, value }) => [name, value])),
      preopens: preopens.map,
      readOnly: preopens.readOnly,
      wake: container.wake,
    };
    this.run(container, data);
    return { ...container.record };
  }

  async stopContainer(containerId: string, _gracePeriodSeconds = 0): Promise<void> {
    const container = this.containers.get(containerId);
    if (container) await this.kill(container);
  }

  async removeContainer(containerId: string): Promise<void> {
    const container = this.containers.get(containerId);
    if (!container) return;
    await this.kill(container);
    this.containers.delete(containerId);
  }

  listContainers(sandboxId: string): ContainerRecord[] {
    return this.containersOf(sandboxId).map((container) => ({ ...container.record, ...(container.record.warnings ? { warnings: [...container.record.warnings] } : {}) }));
  }

  logs(containerId: string, options: LogOptions = {}): AsyncIterable<string> {
    const container = this.containers.get(containerId);
    if (!container) throw new Error(`container ${containerId} not found`);
    return container.log.read(options);
  }

  async exec(containerId: string, _command: string[]): Promise<ExecResult> {
    throw new Error(`cannot exec in container ${containerId}: a WebAssembly (WASI) container runs one module and has no commands to exec`);
  }

  onChange(listener: (change: RuntimeChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await Promise.all([...this.containers.values()].map((container) => this.kill(container)));
  }

  private containersOf(sandboxId: string): WasiContainer[] {
    return [...this.containers.values()].filter((container) => container.record.sandboxId === sandboxId);
  }

  /** Each mount as a preopened directory (subPath joined; readOnly ones enforced in the worker); what WASI cannot honour becomes a warning. */
  private async preopens(config: ContainerConfig): Promise<{ map: Record<string, string>; readOnly: string[]; warnings: string[] }> {
    const map: Record<string, string> = {};
    const readOnly: string[] = [];
    const warnings: string[] = [];
    for (const mount of config.mounts ?? []) {
      const hostPath = mount.subPath ? join(mount.hostPath, mount.subPath) : mount.hostPath;
      const info = await stat(hostPath).catch(() => undefined);
      if (!info) throw new CreateContainerError('CreateContainerConfigError', `volume mount ${mount.containerPath}: ${hostPath} does not exist on the node`);
      if (!info.isDirectory()) {
        warnings.push(`mount ${mount.containerPath} skipped: WASI preopens directories only, and ${hostPath} is a file`);
        continue;
      }
      if (mount.readOnly) readOnly.push(mount.containerPath);
      map[mount.containerPath] = hostPath;
    }
    return { map, readOnly, warnings };
  }

  private unsupported(config: ContainerConfig): string[] {
    const warnings: string[] = [];
    if (config.workingDir) warnings.push(`workingDir ${config.workingDir} ignored: WASI preview1 has no working directory`);
    if (config.resources?.cpuLimitMillis !== undefined) warnings.push('cpu limit not enforced: a WebAssembly module runs on one worker thread without CPU quota');
    return warnings;
  }

  private run(container: WasiContainer, data: WasiWorkerData): void {
    const worker = new Worker(WASI_WORKER_SOURCE, wasiWorkerOptions(data, { maxOldGenerationSizeMb: this.options.workerHeapMb ?? 64 }));
    container.worker = worker;
    worker.on('message', (message: WasiWorkerMessage) => {
      if (container.record.state === 'exited') return;
      if (message.type === 'output') container.log.write(message.stream, message.bytes, this.clock.now());
      else if (message.type === 'started') {
        container.record.state = 'running';
        container.record.startedAt = this.clock.now();
        this.notify(container);
      } else container.result ??= message;
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (container.result) return;
      container.result =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { type: 'heapExhausted', message: `the worker running the module ran out of its ${this.options.workerHeapMb ?? 64} MiB JS heap` }
          : { type: 'failed', message: `the worker running the module failed: ${error.message}` };
    });
    worker.on('exit', () => {
      container.worker = undefined;
      if (container.record.state === 'exited') return;
      this.settle(container);
      // A stop is the kubelet's own doing: it needs no news of it.
      if (!container.stopping) this.notify(container);
    });
  }

  /** The terminated state from how the worker ended (see the exit codes in docs/kubelet.md). */
  private settle(container: WasiContainer): void {
    const result = container.result;
    if (!result) {
      this.finish(container, KILLED_EXIT_CODE, 'Error', container.stopping ? undefined : 'the worker running the module ended without a result');
      return;
    }
    if (result.type === 'exited' && result.exitCode === 0) return this.finish(container, 0, 'Completed');
    if (result.type === 'failed') return this.finish(container, START_ERROR_EXIT_CODE, 'StartError', result.message);
    if (result.type === 'heapExhausted') return this.finish(container, OOM_EXIT_CODE, 'OOMKilled', result.message);
    const failure = result.type === 'trapped' ? result.message : `exit code ${result.exitCode}`;
    if (container.capBinds && result.memoryBytes >= container.capPages * WASM_PAGE_BYTES) {
      const message = `the module's memory reached the cap of ${mib(container.capPages * WASM_PAGE_BYTES)} and it failed (${failure})`;
      return this.finish(container, OOM_EXIT_CODE, 'OOMKilled', message);
    }
    if (result.type === 'trapped') return this.finish(container, TRAP_EXIT_CODE, 'Error', result.message);
    this.finish(container, result.exitCode, 'Error');
  }

  private finish(container: WasiContainer, exitCode: number, reason: string, message?: string): void {
    const record = container.record;
    const now = this.clock.now();
    record.startedAt ??= now;
    record.state = 'exited';
    record.finishedAt = now;
    record.exitCode = exitCode;
    record.reason = reason;
    if (message !== undefined) record.message = message;
    container.log.close(now);
  }

  /** Ends the module at once (a module has no signal handlers, so the grace period does not apply). */
  private async kill(container: WasiContainer): Promise<void> {
    if (container.record.state === 'exited') return;
    const worker = container.worker;
    if (!worker) {
      this.finish(container, KILLED_EXIT_CODE, 'Error');
      return;
    }
    container.stopping = true;
    Atomics.store(container.wake, 0, 1);
    Atomics.notify(container.wake, 0);
    await new Promise<void>((resolve) => {
      // A module inside a blocking host call other than a sleep ends when that call returns: do not
      // wait for it; the container counts as killed now and the thread goes when it can.
      const giveUp = setTimeout(() => {
        worker.unref();
        if (container.record.state !== 'exited') this.finish(container, KILLED_EXIT_CODE, 'Error');
        resolve();
      }, this.options.terminateTimeoutMs ?? 5000);
      worker.once('exit', () => {
        clearTimeout(giveUp);
        resolve();
      });
      void worker.terminate();
    });
  }

  private notify(container: WasiContainer): void {
    if (this.closed) return;
    const change = { sandboxId: container.record.sandboxId, podUid: container.podUid, containerId: container.record.id };
    for (const listener of this.listeners) listener(change);
  }
}
