// Small builders of pods and nodes for the scheduler's tests and benchmark.
import type { Container, Node, Pod, PodSpec, Taint } from '../../api/index.js';

export interface NodeOptions {
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  cpu?: string;
  memory?: string;
  pods?: string;
  allocatable?: Record<string, string>;
}

export function makeNode(name: string, options: NodeOptions = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...options.labels } },
    spec: { taints: options.taints, unschedulable: options.unschedulable },
    status: { allocatable: { cpu: options.cpu ?? '4', memory: options.memory ?? '8Gi', pods: options.pods ?? '110', ...options.allocatable } },
  };
}

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  /** Requests of one app container. */
  requests?: Record<string, string>;
  containers?: Container[];
  spec?: Partial<PodSpec>;
  nodeName?: string;
  uid?: string;
}

export function makePod(name: string, options: PodOptions = {}): Pod {
  const containers = options.containers ?? [{ name: 'app', image: 'app', resources: options.requests ? { requests: options.requests } : undefined }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: options.namespace ?? 'default', uid: options.uid ?? `uid-${name}`, labels: options.labels },
    spec: { containers, ...options.spec, ...(options.nodeName ? { nodeName: options.nodeName } : {}) },
  };
}
