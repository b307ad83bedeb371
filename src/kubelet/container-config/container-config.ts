// The runtime-agnostic ContainerConfig for one container of a pod spec: command and args with
// `$(VAR)` expanded against its environment (as upstream's ExpandContainerCommandAndArgs), ports,
// limits and requests as numbers, the effective security context (container over pod), and the
// image pull policy defaulted as upstream.
import type { Container, Pod } from '../../api/index.js';
import { parseQuantity, quantityMilliValue, quantityValue } from '../../machinery/index.js';
import type { ContainerConfig, ContainerPortConfig, MountConfig, ResourceConfig, SecurityConfig } from '../container-runtime.js';
import { expand, mappingFor } from './expand.js';

export interface ContainerConfigInput {
  pod: Pod;
  spec: Container;
  init: boolean;
  attempt: number;
  env: { name: string; value: string }[];
  mounts?: MountConfig[];
}

/** `Always` for an untagged or `:latest` image without a digest, else `IfNotPresent` (upstream's defaulting). */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const tag = colon > lastSlash ? image.slice(colon + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

export function containerPorts(spec: Container): ContainerPortConfig[] {
  return (spec.ports ?? []).map((port) => ({
    containerPort: port.containerPort,
    protocol: (port.protocol ?? 'TCP') as ContainerPortConfig['protocol'],
    ...(port.hostPort ? { hostPort: port.hostPort } : {}),
    ...(port.hostIP ? { hostIP: port.hostIP } : {}),
  }));
}

function number(value: string | number | undefined, milli: boolean): number | undefined {
  if (value === undefined) return undefined;
  const quantity = parseQuantity(String(value));
  return Number(milli ? quantityMilliValue(quantity) : quantityValue(quantity));
}

export function resourceConfig(spec: Container): ResourceConfig | undefined {
  const resources = spec.resources as { limits?: Record<string, string | number>; requests?: Record<string, string | number> } | undefined;
  const config: ResourceConfig = {
    cpuLimitMillis: number(resources?.limits?.cpu, true),
    memoryLimitBytes: number(resources?.limits?.memory, false),
    cpuRequestMillis: number(resources?.requests?.cpu, true),
    memoryRequestBytes: number(resources?.requests?.memory, false),
  };
  const set = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)) as ResourceConfig;
  return Object.keys(set).length > 0 ? set : undefined;
}

/** The pod's securityContext with the container's on top (upstream's DetermineEffectiveSecurityContext). */
export function securityConfig(pod: Pod, spec: Container): SecurityConfig | undefined {
  const podLevel = pod.spec?.securityContext;
  const own = spec.securityContext;
  const config: SecurityConfig = {
    runAsUser: own?.runAsUser ?? podLevel?.runAsUser,
    runAsGroup: own?.runAsGroup ?? podLevel?.runAsGroup,
    readOnlyRootFilesystem: own?.readOnlyRootFilesystem,
    privileged: own?.privileged,
  };
  const set = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)) as SecurityConfig;
  return Object.keys(set).length > 0 ? set : undefined;
}

export function containerConfig(input: ContainerConfigInput): ContainerConfig {
  const { pod, spec } = input;
  const mapping = mappingFor(new Map(input.env.map(({ name, value }) => [name, value])));
  const image = spec.image ?? '';
  const config: ContainerConfig = {
    name: spec.name,
    image,
    command: spec.command?.map((part) => expand(part, mapping)),
    args: spec.args?.map((part) => expand(part, mapping)),
    annotations: pod.metadata?.annotations ?? {},
    attempt: input.attempt,
    init: input.init,
    env: input.env,
    workingDir: spec.workingDir || undefined,
    ports: containerPorts(spec),
    mounts: input.mounts ?? [],
    resources: resourceConfig(spec),
    securityContext: securityConfig(pod, spec),
    imagePullPolicy: (spec.imagePullPolicy as ContainerConfig['imagePullPolicy']) ?? defaultPullPolicy(image),
    stdin: spec.stdin,
    stdinOnce: spec.stdinOnce,
    tty: spec.tty,
    pod: { uid: pod.metadata?.uid ?? '', namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '' },
  };
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)) as unknown as ContainerConfig;
}
