// ContainerConfig -> libpod's SpecGenerator (POST /containers/create), with Kubernetes semantics:
// `command` replaces the image's ENTRYPOINT (and drops its CMD), `args` replace its CMD.
import { posix } from 'node:path';
import type { ContainerConfig } from '../../container-runtime.js';
import { LABEL_CONTAINER_ATTEMPT, LABEL_CONTAINER_NAME, LABEL_INIT, podLabels, podmanContainerName, type PodIdentity } from './labels.js';

/** What the host lets podman enforce (cgroup controllers from GET /info). */
export interface HostLimits {
  memory: boolean;
  cpu: boolean;
}

export interface ContainerSpec {
  spec: Record<string, unknown>;
  /** Limits or settings this host cannot honour, in words for a Warning Event. */
  warnings: string[];
}

const CPU_PERIOD_US = 100_000;

export function containerSpec(node: string, podmanPodId: string, pod: PodIdentity, config: ContainerConfig, host: HostLimits): ContainerSpec {
  const warnings: string[] = [];
  const spec: Record<string, unknown> = {
    name: podmanContainerName(pod, config.name, config.attempt),
    pod: podmanPodId,
    image: config.image,
    labels: {
      ...podLabels(node, pod),
      [LABEL_CONTAINER_NAME]: config.name,
      [LABEL_CONTAINER_ATTEMPT]: String(config.attempt),
      [LABEL_INIT]: String(config.init),
    },
    env: Object.fromEntries((config.env ?? []).map(({ name, value }) => [name, value])),
    stdin: config.stdin ?? false,
    terminal: config.tty ?? false,
  };
  if (config.command && config.command.length > 0) {
    spec.entrypoint = config.command;
    spec.command = config.args ?? [];
  } else if (config.args && config.args.length > 0) {
    spec.command = config.args;
  }
  if (config.workingDir) spec.work_dir = config.workingDir;
  if (config.mounts && config.mounts.length > 0) {
    spec.mounts = config.mounts.map((mount) => ({
      destination: mount.containerPath,
      source: mount.subPath ? posix.join(mount.hostPath, mount.subPath) : mount.hostPath,
      type: 'bind',
      options: ['rbind', mount.readOnly ? 'ro' : 'rw'],
    }));
  }
  const limits = resourceLimits(config, host, warnings);
  if (limits) spec.resource_limits = limits;
  const security = config.securityContext ?? {};
  if (security.runAsUser !== undefined) spec.user = security.runAsGroup !== undefined ? `${security.runAsUser}:${security.runAsGroup}` : String(security.runAsUser);
  else if (security.runAsGroup !== undefined) warnings.push(`runAsGroup ${security.runAsGroup} without runAsUser is not applied by the podman runtime`);
  if (security.readOnlyRootFilesystem) spec.read_only_filesystem = true;
  if (security.privileged) spec.privileged = true;
  return { spec, warnings };
}

function resourceLimits(config: ContainerConfig, host: HostLimits, warnings: string[]): Record<string, unknown> | undefined {
  const resources = config.resources ?? {};
  const limits: Record<string, unknown> = {};
  if (resources.memoryLimitBytes !== undefined) {
    if (host.memory) limits.memory = { limit: resources.memoryLimitBytes };
    else warnings.push(`memory limit ${resources.memoryLimitBytes} bytes not enforced: this host's cgroups have no memory controller for podman`);
  }
  if (resources.cpuLimitMillis !== undefined || resources.cpuRequestMillis !== undefined) {
    if (host.cpu) {
      const cpu: Record<string, number> = {};
      if (resources.cpuLimitMillis !== undefined) {
        cpu.quota = Math.max(1000, Math.round((resources.cpuLimitMillis * CPU_PERIOD_US) / 1000));
        cpu.period = CPU_PERIOD_US;
      }
      // as upstream's kubelet: shares = milliCPU * 1024 / 1000, at least 2
      if (resources.cpuRequestMillis !== undefined) cpu.shares = Math.max(2, Math.floor((resources.cpuRequestMillis * 1024) / 1000));
      limits.cpu = cpu;
    } else if (resources.cpuLimitMillis !== undefined) {
      warnings.push(`cpu limit ${resources.cpuLimitMillis}m not enforced: this host's cgroups have no cpu controller for podman`);
    }
  }
  return Object.keys(limits).length > 0 ? limits : undefined;
}
