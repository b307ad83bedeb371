// The kubelet's only view of a container runtime (a small CRI): pod sandboxes (network identity),
// containers inside them, their status, logs and exec. `sim` implements it now; podman and wasm later.
// Every implementation reports changes it makes on its own (a container started after a delay, a
// process exited) through `onChange`, so the kubelet re-syncs that pod instead of polling.

export interface SandboxConfig {
  podUid: string;
  namespace: string;
  name: string;
  annotations: Record<string, string>;
}

export interface SandboxStatus {
  id: string;
  podUid: string;
  ip: string;
  state: 'ready' | 'notready';
  createdAt: number;
}

export interface ContainerConfig {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  /** The pod's annotations (the sim reads its behaviour from them). */
  annotations: Record<string, string>;
  /** Previous instances of this container in the pod (0 for the first start). */
  attempt: number;
  /** An init container (runs to completion before the others start). */
  init: boolean;
}

export type ContainerRunState = 'created' | 'running' | 'exited';

export interface ContainerRecord {
  id: string;
  sandboxId: string;
  name: string;
  attempt: number;
  /** The image as the runtime resolved it (e.g. docker.io/library/nginx:latest). */
  image: string;
  imageID: string;
  state: ContainerRunState;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  /** Why it exited, as upstream reports it: Completed (exit 0) or Error. */
  reason?: string;
}

export interface LogOptions {
  follow?: boolean;
  tailLines?: number;
  limitBytes?: number;
  /** Only lines written at or after this time (ms since the epoch). */
  since?: number;
  timestamps?: boolean;
  signal?: AbortSignal;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RuntimeChange {
  sandboxId: string;
  podUid: string;
  containerId: string;
}

export interface ContainerRuntime {
  /** Name and version as nodeInfo.containerRuntimeVersion shows it, e.g. `sim://1.0.0`. */
  readonly version: string;
  runPodSandbox(config: SandboxConfig): Promise<SandboxStatus>;
  /** Stops every container of the sandbox and releases its network. */
  stopPodSandbox(sandboxId: string): Promise<void>;
  removePodSandbox(sandboxId: string): Promise<void>;
  sandboxFor(podUid: string): SandboxStatus | undefined;
  /** Creates and starts a container; it may report `created` until the runtime has started it. */
  startContainer(sandboxId: string, config: ContainerConfig): Promise<ContainerRecord>;
  stopContainer(containerId: string, gracePeriodSeconds: number): Promise<void>;
  removeContainer(containerId: string): Promise<void>;
  /** Every container of the sandbox, oldest first (exited instances stay until removed). */
  listContainers(sandboxId: string): ContainerRecord[];
  logs(containerId: string, options?: LogOptions): AsyncIterable<string>;
  exec(containerId: string, command: string[]): Promise<ExecResult>;
  onChange(listener: (change: RuntimeChange) => void): () => void;
  /** Stops all timers; the runtime is unusable afterwards. */
  close(): Promise<void>;
}
