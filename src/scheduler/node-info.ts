// One node and what is placed on it, kept up to date incrementally (pod added/removed) so that a
// filter or score over a node is a few lookups, never a scan of the cluster.
import type { Node, Taint } from '../api/index.js';
import { HostPortSet } from './host-ports.js';
import { hasScoringTerms, type PodInfo } from './pod-info.js';
import { addResources, emptyResources, nodeAllocatable, type Allocatable, type ResourceVector } from './resources.js';

export class NodeInfo {
  node?: Node;
  name: string;
  labels: Record<string, string> = {};
  taints: Taint[] = [];
  unschedulable = false;
  allocatable: Allocatable = { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: new Map(), allowedPods: 0 };
  readonly pods = new Map<string, PodInfo>();
  readonly requested: ResourceVector = emptyResources();
  nonZeroMilliCPU = 0;
  nonZeroMemory = 0;
  readonly usedPorts = new HostPortSet();
  /** Pods whose terms weigh on other pods' scores (required affinity, preferred (anti-)affinity). */
  readonly podsWithAffinity = new Set<PodInfo>();
  readonly podsWithRequiredAntiAffinity = new Set<PodInfo>();

  constructor(name: string, node?: Node) {
    this.name = name;
    if (node !== undefined) this.setNode(node);
  }

  setNode(node: Node): void {
    this.node = node;
    this.name = node.metadata?.name ?? this.name;
    this.labels = node.metadata?.labels ?? {};
    this.taints = node.spec?.taints ?? [];
    this.unschedulable = node.spec?.unschedulable === true;
    this.allocatable = nodeAllocatable(node);
  }

  addPod(info: PodInfo): void {
    if (this.pods.has(info.key)) this.removePod(info.key);
    this.pods.set(info.key, info);
    this.account(info, 1);
  }

  /** Returns the removed pod, if it was here. */
  removePod(key: string): PodInfo | undefined {
    const info = this.pods.get(key);
    if (info === undefined) return undefined;
    this.pods.delete(key);
    this.account(info, -1);
    return info;
  }

  private account(info: PodInfo, sign: 1 | -1): void {
    addResources(this.requested, info.requests, sign);
    this.nonZeroMilliCPU += sign * info.nonZeroMilliCPU;
    this.nonZeroMemory += sign * info.nonZeroMemory;
    for (const port of info.hostPorts) {
      if (sign > 0) this.usedPorts.add(port);
      else this.usedPorts.remove(port);
    }
    if (hasScoringTerms(info)) {
      if (sign > 0) this.podsWithAffinity.add(info);
      else this.podsWithAffinity.delete(info);
    }
    if (info.requiredAntiAffinityTerms.length > 0) {
      if (sign > 0) this.podsWithRequiredAntiAffinity.add(info);
      else this.podsWithRequiredAntiAffinity.delete(info);
    }
  }
}
