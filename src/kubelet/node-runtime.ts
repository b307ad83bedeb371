// The runtime of one node as `engenho up` runs it: the configured default (sim or podman) behind a
// RuntimeRouter that also sends pods with `runtimeClassName: wasm` to a WASI runtime, plus the
// `wasm` RuntimeClass those pods name, and a clear refusal when podman is asked for but missing.
import { spawnSync } from 'node:child_process';
import type { RuntimeClass } from '../api/index.js';
import { isAlreadyExists, type Client, type Clock } from '../client/index.js';
import type { ContainerRuntime } from './container-runtime.js';
import type { SimSettings } from './kubelet.js';
import { nodeInternalIP, nodePodCIDR } from './pod-cidr.js';
import { createPodmanRuntime, podmanOptionsFromConfig, type PodmanConfig } from './runtimes/podman/index.js';
import { RuntimeRouter } from './runtimes/runtime-router.js';
import { SimRuntime } from './runtimes/sim/sim-runtime.js';
import { configMapBinaryLoader, WasiRuntime } from './runtimes/wasi/index.js';

/** The RuntimeClass handler (and name) of WebAssembly pods. */
export const WASM_RUNTIME_CLASS = 'wasm';

export interface NodeRuntimeOptions {
  kind: 'sim' | 'podman';
  nodeName: string;
  /** The node's position in the process (its pod CIDR and IP, as the Kubelet picks them). */
  index: number;
  /** Reads ConfigMaps for `configmap:` WASI images. */
  client: Client;
  clock?: Clock;
  sim?: SimSettings;
  podman?: PodmanConfig;
}

export async function createNodeRuntime(options: NodeRuntimeOptions): Promise<ContainerRuntime> {
  const base =
    options.kind === 'podman'
      ? await createPodmanRuntime(podmanOptionsFromConfig(options.nodeName, options.podman!))
      : new SimRuntime({ podCIDR: nodePodCIDR(options.index), clock: options.clock, ...options.sim });
  const wasi = new WasiRuntime({ hostIP: nodeInternalIP(options.index), loadConfigMapBinary: configMapBinaryLoader(options.client), clock: options.clock });
  return new RuntimeRouter(base, { [WASM_RUNTIME_CLASS]: wasi });
}

/** Why the podman runtime cannot run here (its binary is missing), or undefined when it can be tried. */
export function podmanUnavailable(podman: PodmanConfig): string | undefined {
  if (podman.socket) return undefined;
  const probe = spawnSync(podman.binary, ['--version'], { stdio: 'ignore', timeout: 30_000 });
  const error = probe.error as NodeJS.ErrnoException | undefined;
  if (error?.code === 'ENOENT') return `kubelet.runtime "podman" needs podman, but "${podman.binary}" was not found on PATH; install podman, set kubelet.podman.binary or kubelet.podman.socket, or use --runtime sim`;
  if (error) return `kubelet.runtime "podman": "${podman.binary} --version" failed: ${error.message}`;
  return undefined;
}

/** Creates the cluster-scoped RuntimeClass `wasm` (handler `wasm`) unless it exists. */
export async function ensureWasmRuntimeClass(client: Client): Promise<void> {
  const runtimeClass: RuntimeClass = { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: WASM_RUNTIME_CLASS }, handler: WASM_RUNTIME_CLASS };
  try {
    await client.resource<RuntimeClass>('node.k8s.io/v1', 'runtimeclasses').create(runtimeClass);
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
}
