// The kubelet's only view of a container runtime (a small CRI): pod sandboxes (network identity),
// containers inside them, their status, logs, exec and port-forward. `sim`, `podman` and `wasi`
// implement it; the kubelet resolves everything that needs the API (env valueFrom, volume contents)
// before it calls the runtime, so a runtime never talks to the API server.
import type { Duplex, Readable, Writable } from 'node:stream';
// Every implementation reports changes it makes on its own (a container started after a delay, a
// process exited) through `onChange`, so the kubelet re-syncs that pod instead of polling.

export interface SandboxConfig {
  podUid: string;
  namespace: string;
  name: string;
  annotations: Record<string, string>;
  /** The pod's labels (runtimes that persist state label their objects with the pod uid too). */
  labels?: Record<string, string>;
  /** spec.hostname or the pod name. */
  hostname?: string;
  /** spec.runtimeClassName, e.g. `wasm` (the runtime router picks the runtime by it). */
  runtimeClassName?: string;
  /** Every container's ports (a sandbox owns the network namespace). */
  ports?: ContainerPortConfig[];
}

export interface ContainerPortConfig {
  containerPort: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  hostPort?: number;
  hostIP?: string;
}

/** A volume the kubelet has materialised on the node (a directory or file), mounted into a container. */
export interface MountConfig {
  containerPath: string;
  /** What to bind-mount: the kubelet has already joined `subPath` onto the volume's directory (and created it). */
  hostPath: string;
  readOnly: boolean;
  /** The spec's subPath, for information only (never join it again). */
  subPath?: string;
}

export interface SecurityConfig {
  runAsUser?: number;
  runAsGroup?: number;
  readOnlyRootFilesystem?: boolean;
  privileged?: boolean;
}

/** Limits as numbers (cpu in millicores, memory in bytes); requests too, for runtimes that weigh them. */
export interface ResourceConfig {
  cpuLimitMillis?: number;
  memoryLimitBytes?: number;
  cpuRequestMillis?: number;
  memoryRequestBytes?: number;
}

/** Thrown by startContainer when the image cannot be had; the kubelet reports it as upstream. */
export class ImagePullError extends Error {
  constructor(
    /** `ErrImagePull`, `ErrImageNeverPull` or `InvalidImageName`. */
    readonly reason: 'ErrImagePull' | 'ErrImageNeverPull' | 'InvalidImageName',
    message: string,
  ) {
    super(message);
    this.name = 'ImagePullError';
  }
}

/** Thrown by startContainer when the container cannot be created (bad command, bad mount...). */
export class CreateContainerError extends Error {
  constructor(
    /** `CreateContainerError`, `CreateContainerConfigError` or `RunContainerError`. */
    readonly reason: 'CreateContainerError' | 'CreateContainerConfigError' | 'RunContainerError',
    message: string,
  ) {
    super(message);
    this.name = 'CreateContainerError';
  }
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
  /** Resolved environment, in spec order (valueFrom already read by the kubelet). */
  env?: { name: string; value: string }[];
  workingDir?: string;
  ports?: ContainerPortConfig[];
  mounts?: MountConfig[];
  resources?: ResourceConfig;
  securityContext?: SecurityConfig;
  /** Default as upstream: `Always` for `:latest` or no tag, else `IfNotPresent`. */
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
  /** The pod's uid, namespace and name (for labels and log paths). */
  pod?: { uid: string; namespace: string; name: string };
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
  /** Why it exited, as upstream reports it: Completed (exit 0), Error, OOMKilled, or a runtime's own. */
  reason?: string;
  /** A message for the terminated state (e.g. a WASI trap's description). */
  message?: string;
  /** What the runtime could not honour (e.g. a memory limit); the kubelet records each as a Warning Event. */
  warnings?: string[];
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

export interface ExecStreamOptions {
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** A running exec: write stdin, read stdout/stderr (stderr is merged into stdout with a tty). */
export interface ExecSession {
  stdin?: Writable;
  stdout?: Readable;
  stderr?: Readable;
  /** Terminal size changes (tty only). */
  resize(width: number, height: number): void;
  /** Resolves with the command's exit code once it ends. */
  exitCode: Promise<number>;
  /** Ends the command early (the client went away). */
  kill(): void;
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
  /** Runs a command to its end and returns its output (probes). */
  exec(containerId: string, command: string[], options?: { timeoutMs?: number }): Promise<ExecResult>;
  /** An interactive exec for `kubectl exec` (runtimes without it leave it out: the kubelet answers 400). */
  execStream?(containerId: string, options: ExecStreamOptions): Promise<ExecSession>;
  /** A TCP connection to `port` inside the sandbox's network namespace (`kubectl port-forward`). */
  portForward?(sandboxId: string, port: number): Promise<Duplex>;
  /**
   * Called once before the kubelet syncs pods: a runtime with state outside this process (podman)
   * loads the sandboxes and containers it already has, so the kubelet adopts them rather than
   * starting duplicates. `livePodUids` are the pods bound to this node; sandboxes of other pods are
   * removed (orphans).
   */
  recover?(livePodUids: ReadonlySet<string>): Promise<void>;
  /** Whether the kubelet should run liveness/readiness/startup probes against this runtime's containers (sim: false, they always pass). */
  readonly runsProbes?: boolean;
  /** Whether containers see volumes (the kubelet materialises them only then). */
  readonly mountsVolumes?: boolean;
  onChange(listener: (change: RuntimeChange) => void): () => void;
  /** Stops all timers; the runtime is unusable afterwards. */
  close(): Promise<void>;
}
