// Builds a PodmanRuntime: connects to the given libpod socket, or starts `podman system service`
// on a socket of its own (stopped again on close); reads podman's version and what cgroups allow.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibpodClient } from './libpod-client.js';
import { PodmanRuntime } from './podman-runtime.js';
import { startPodmanService, type PodmanService } from './podman-service.js';

export interface CreatePodmanRuntimeOptions {
  nodeName: string;
  /** An existing libpod socket (`kubelet.podman.socket`); empty = start a service. */
  socket?: string;
  binary?: string;
  /** Where a started service listens (default: a socket under the temp dir named after the node and process). */
  serviceSocket?: string;
  containersConf?: string;
  root?: string;
  runRoot?: string;
  ociRuntime?: string;
  network?: string;
  pullTimeoutMs?: number;
}

interface PodmanInfo {
  host: { cgroupControllers?: string[] | null };
  version: { Version: string };
}

/** The `kubelet.podman` config section, as createPodmanRuntime takes it (empty strings = podman's defaults). */
export interface PodmanConfig {
  binary: string;
  socket: string;
  network: string;
  containersConf: string;
  ociRuntime: string;
  root: string;
  runRoot: string;
}

export function podmanOptionsFromConfig(nodeName: string, config: PodmanConfig): CreatePodmanRuntimeOptions {
  const set = (value: string) => (value === '' ? undefined : value);
  return {
    nodeName,
    binary: config.binary,
    socket: set(config.socket),
    network: config.network,
    containersConf: set(config.containersConf),
    ociRuntime: set(config.ociRuntime),
    root: set(config.root),
    runRoot: set(config.runRoot),
  };
}

export async function createPodmanRuntime(options: CreatePodmanRuntimeOptions): Promise<PodmanRuntime> {
  let service: PodmanService | undefined;
  let client: LibpodClient;
  if (options.socket) {
    client = new LibpodClient(options.socket);
  } else {
    service = await startPodmanService({
      binary: options.binary,
      socketPath: options.serviceSocket ?? join(tmpdir(), `engenho-podman-${options.nodeName}-${process.pid}.sock`),
      containersConf: options.containersConf,
      root: options.root,
      runRoot: options.runRoot,
      ociRuntime: options.ociRuntime,
    });
    client = service.client;
  }
  try {
    const info = await client.json<PodmanInfo>('GET', '/info');
    const controllers = new Set(info.host.cgroupControllers ?? []);
    const runtime = new PodmanRuntime({
      client,
      nodeName: options.nodeName,
      network: options.network,
      version: info.version.Version,
      hostLimits: { memory: controllers.has('memory'), cpu: controllers.has('cpu') },
      pullTimeoutMs: options.pullTimeoutMs,
      onClose: service ? () => service.stop() : undefined,
    });
    await runtime.ready;
    return runtime;
  } catch (error) {
    await service?.stop();
    throw new Error(`podman at ${client.socketPath} cannot be used: ${error instanceof Error ? error.message : String(error)}`);
  }
}
