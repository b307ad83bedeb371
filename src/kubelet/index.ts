// The node agent: simulated kubelets (many per process) and the ContainerRuntime interface they run
// pods through (`sim` today). Design: docs/kubelet.md.
export type {
  ContainerConfig,
  ContainerRecord,
  ContainerRunState,
  ContainerRuntime,
  ExecResult,
  LogOptions,
  RuntimeChange,
  SandboxConfig,
  SandboxStatus,
} from './container-runtime.js';
export { Kubelet, type KubeletLogger, type KubeletOptions, type SimSettings } from './kubelet.js';
export { runKubelets, type RunKubeletsOptions, type RunningKubelets } from './run-kubelets.js';
export { createNodeRuntime, ensureWasmRuntimeClass, podmanUnavailable, WASM_RUNTIME_CLASS, type NodeRuntimeOptions } from './node-runtime.js';
export { podLogs, type PodLogRequest } from './pod-logs.js';
export { SimRuntime, SIM_RUNTIME_VERSION, type SimRuntimeOptions } from './runtimes/sim/sim-runtime.js';
export { EXIT_AFTER_ANNOTATION, EXIT_CODE_ANNOTATION } from './runtimes/sim/sim-behaviour.js';
export { KUBELET_VERSION } from './node-object.js';
export { LEASE_DURATION_SECONDS, NODE_LEASE_NAMESPACE } from './node-lease.js';
export { DEFAULT_RESTART_BACKOFF, type BackoffSettings } from './restart-backoff.js';
