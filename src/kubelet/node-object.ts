// The Node a simulated kubelet registers and the status it reports, shaped like a kubeadm node's:
// well-known labels, capacity/allocatable, the four conditions with heartbeat times, addresses,
// nodeInfo (kubelet v1.32.0) and the pod CIDR.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import type { Node, NodeCondition, NodeStatus } from '../api/index.js';

export const KUBELET_VERSION = 'v1.32.0';

export interface NodeShape {
  name: string;
  internalIP: string;
  podCIDR: string;
  runtimeVersion: string;
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  labels: Record<string, string>;
  /** Port of the kubelet's HTTPS endpoint (status.daemonEndpoints); default 10250. */
  kubeletPort?: number;
  /** nodeInfo of a node whose runtime runs real processes (default: the simulated node's). */
  host?: { osImage: string; kernelVersion: string };
}

/** The host's OS image (os-release PRETTY_NAME) and kernel, for nodes that run real containers. */
export function hostInfo(): { osImage: string; kernelVersion: string } {
  let osImage = 'Linux';
  try {
    osImage = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? osImage;
  } catch {
    // no os-release: keep "Linux"
  }
  return { osImage, kernelVersion: release() };
}

export const DEFAULT_CAPACITY: Record<string, string> = {
  cpu: '4',
  'ephemeral-storage': '102400Mi',
  'hugepages-1Gi': '0',
  'hugepages-2Mi': '0',
  memory: '16Gi',
  pods: '110',
};

export const DEFAULT_ALLOCATABLE: Record<string, string> = {
  cpu: '4',
  'ephemeral-storage': '94371840Ki',
  'hugepages-1Gi': '0',
  'hugepages-2Mi': '0',
  memory: '16284Mi',
  pods: '110',
};

export function nodeLabels(name: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': 'engenho-sim',
    ...extra,
  };
}

function stableId(name: string, salt: string): string {
  return createHash('sha256').update(`${salt}:${name}`).digest('hex').slice(0, 32);
}

function uuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** What the kubelet creates (status is written separately through nodes/status). */
export function nodeObject(shape: NodeShape): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: shape.name,
      labels: shape.labels,
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: shape.podCIDR, podCIDRs: [shape.podCIDR] },
  };
}

const CONDITIONS: [type: string, status: string, reason: string, message: string][] = [
  ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
];

/** The status at `now`; conditions whose status did not change keep their lastTransitionTime from `previous`. */
export function nodeStatus(shape: NodeShape, now: Date, previous?: NodeStatus): NodeStatus {
  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const conditions: NodeCondition[] = CONDITIONS.map(([type, status, reason, message]) => {
    const before = previous?.conditions?.find((c) => c.type === type);
    const lastTransitionTime = before?.status === status && before.lastTransitionTime ? before.lastTransitionTime : time;
    return { type, status, lastHeartbeatTime: time, lastTransitionTime, reason, message };
  });
  const machineID = stableId(shape.name, 'machine');
  return {
    capacity: shape.capacity,
    allocatable: shape.allocatable,
    conditions,
    addresses: [
      { type: 'InternalIP', address: shape.internalIP },
      { type: 'Hostname', address: shape.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: shape.kubeletPort ?? 10250 } },
    nodeInfo: {
      machineID,
      systemUUID: uuid(stableId(shape.name, 'system')),
      bootID: uuid(stableId(shape.name, 'boot')),
      kernelVersion: shape.host?.kernelVersion ?? '6.1.0-engenho-sim',
      osImage: shape.host?.osImage ?? 'engenho simulated node',
      containerRuntimeVersion: shape.runtimeVersion,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}
