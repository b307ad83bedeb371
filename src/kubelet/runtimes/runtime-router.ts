// One ContainerRuntime made of several: a default one (sim or podman) and named ones by RuntimeClass
// handler (e.g. `{ wasm: wasiRuntime }`). A pod's sandbox is created by the runtime its
// runtimeClassName names (none: the default), and from then on every call about that sandbox or its
// containers goes to that runtime. Capabilities differ per runtime, so `runtimeFor(className)` lets
// the kubelet ask the owning runtime whether it runs probes, mounts volumes or streams exec.
import type { Duplex } from 'node:stream';
import type {
  ContainerConfig,
  ContainerRecord,
  ContainerRuntime,
  ExecResult,
  ExecSession,
  ExecStreamOptions,
  LogOptions,
  RuntimeChange,
  SandboxConfig,
  SandboxStatus,
} from '../container-runtime.js';

/** A pod asks for a RuntimeClass this node has no runtime for. */
export class UnknownRuntimeClassError extends Error {
  constructor(
    readonly runtimeClassName: string,
    known: string[],
  ) {
    super(`no runtime for RuntimeClass "${runtimeClassName}" is configured on this node (known: ${known.length > 0 ? known.join(', ') : 'none'})`);
    this.name = 'UnknownRuntimeClassError';
  }
}

export class RuntimeRouter implements ContainerRuntime {
  readonly version: string;
  /** The default runtime's answer; per pod, ask `runtimeFor(pod.spec.runtimeClassName).runsProbes`. */
  readonly runsProbes?: boolean;
  /** True when any runtime mounts volumes (materialising them for a pod that ignores them costs little). */
  readonly mountsVolumes: boolean;
  readonly execStream?: (containerId: string, options: ExecStreamOptions) => Promise<ExecSession>;
  readonly portForward?: (sandboxId: string, port: number) => Promise<Duplex>;
  private readonly runtimes: ContainerRuntime[];
  private readonly bySandbox = new Map<string, ContainerRuntime>();
  private readonly byContainer = new Map<string, { runtime: ContainerRuntime; sandboxId: string }>();

  constructor(
    private readonly defaultRuntime: ContainerRuntime,
    private readonly named: Readonly<Record<string, ContainerRuntime>> = {},
  ) {
    this.runtimes = [defaultRuntime, ...Object.values(named).filter((runtime) => runtime !== defaultRuntime)];
    this.version = defaultRuntime.version;
    this.runsProbes = defaultRuntime.runsProbes;
    this.mountsVolumes = this.runtimes.some((runtime) => runtime.mountsVolumes === true);
    // Present only when some runtime has them, so `runtime.execStream === undefined` still means "none here".
    if (this.runtimes.some((runtime) => runtime.execStream)) {
      this.execStream = (containerId, options) => {
        const owner = this.containerOwner(containerId);
        if (!owner.execStream) return Promise.reject(new Error(`container ${containerId} runs on ${owner.version}, which has no interactive exec`));
        return owner.execStream(containerId, options);
      };
    }
    if (this.runtimes.some((runtime) => runtime.portForward)) {
      this.portForward = (sandboxId, port) => {
        const owner = this.sandboxOwner(sandboxId);
        if (!owner.portForward) return Promise.reject(new Error(`sandbox ${sandboxId} runs on ${owner.version}, which has no port-forward`));
        return owner.portForward(sandboxId, port);
      };
    }
  }

  /** The runtime that runs pods of this RuntimeClass (none or empty: the default). */
  runtimeFor(runtimeClassName: string | undefined): ContainerRuntime {
    if (!runtimeClassName) return this.defaultRuntime;
    const runtime = Object.hasOwn(this.named, runtimeClassName) ? this.named[runtimeClassName] : undefined;
    if (!runtime) throw new UnknownRuntimeClassError(runtimeClassName, Object.keys(this.named));
    return runtime;
  }

  async runPodSandbox(config: SandboxConfig): Promise<SandboxStatus> {
    const runtime = this.runtimeFor(config.runtimeClassName);
    const sandbox = await runtime.runPodSandbox(config);
    this.bySandbox.set(sandbox.id, runtime);
    return sandbox;
  }

  async stopPodSandbox(sandboxId: string): Promise<void> {
    await this.bySandbox.get(sandboxId)?.stopPodSandbox(sandboxId);
  }

  async removePodSandbox(sandboxId: string): Promise<void> {
    const runtime = this.bySandbox.get(sandboxId);
    if (!runtime) return;
    await runtime.removePodSandbox(sandboxId);
    this.bySandbox.delete(sandboxId);
    for (const [containerId, owner] of this.byContainer) if (owner.sandboxId === sandboxId) this.byContainer.delete(containerId);
  }

  /** Asks each runtime (the default first); a sandbox found is remembered with its owner (e.g. one a runtime recovered). */
  sandboxFor(podUid: string): SandboxStatus | undefined {
    for (const runtime of this.runtimes) {
      const sandbox = runtime.sandboxFor(podUid);
      if (sandbox) {
        this.bySandbox.set(sandbox.id, runtime);
        return sandbox;
      }
    }
    return undefined;
  }

  async startContainer(sandboxId: string, config: ContainerConfig): Promise<ContainerRecord> {
    const runtime = this.sandboxOwner(sandboxId);
    const record = await runtime.startContainer(sandboxId, config);
    this.byContainer.set(record.id, { runtime, sandboxId });
    return record;
  }

  async stopContainer(containerId: string, gracePeriodSeconds: number): Promise<void> {
    await this.containerOwner(containerId).stopContainer(containerId, gracePeriodSeconds);
  }

  async removeContainer(containerId: string): Promise<void> {
    const owner = this.byContainer.get(containerId);
    if (!owner) return;
    await owner.runtime.removeContainer(containerId);
    this.byContainer.delete(containerId);
  }

  listContainers(sandboxId: string): ContainerRecord[] {
    const runtime = this.bySandbox.get(sandboxId);
    if (!runtime) return [];
    const records = runtime.listContainers(sandboxId);
    for (const record of records) this.byContainer.set(record.id, { runtime, sandboxId });
    return records;
  }

  logs(containerId: string, options?: LogOptions): AsyncIterable<string> {
    return this.containerOwner(containerId).logs(containerId, options);
  }

  exec(containerId: string, command: string[], options?: { timeoutMs?: number }): Promise<ExecResult> {
    return this.containerOwner(containerId).exec(containerId, command, options);
  }

  async recover(livePodUids: ReadonlySet<string>): Promise<void> {
    await Promise.all(this.runtimes.map((runtime) => runtime.recover?.(livePodUids)));
  }

  onChange(listener: (change: RuntimeChange) => void): () => void {
    const unsubscribes = this.runtimes.map((runtime) =>
      runtime.onChange((change) => {
        this.bySandbox.set(change.sandboxId, runtime);
        this.byContainer.set(change.containerId, { runtime, sandboxId: change.sandboxId });
        listener(change);
      }),
    );
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.runtimes.map((runtime) => runtime.close()));
  }

  private sandboxOwner(sandboxId: string): ContainerRuntime {
    const runtime = this.bySandbox.get(sandboxId);
    if (!runtime) throw new Error(`sandbox ${sandboxId} not found`);
    return runtime;
  }

  private containerOwner(containerId: string): ContainerRuntime {
    const owner = this.byContainer.get(containerId);
    if (!owner) throw new Error(`container ${containerId} not found`);
    return owner.runtime;
  }
}
