// The scheduler's view of the cluster: NodeInfos fed by node and pod events, plus "assumed" pods
// (placed by the scheduler, binding in flight) so the next pod already sees them. An assumed pod is
// confirmed when the informer reports it bound, or forgotten when its binding fails.
import type { Namespace, Node, Pod } from '../api/index.js';
import { NodeInfo } from './node-info.js';
import { newPodInfo, podKey, type PodInfo } from './pod-info.js';

interface PodState {
  info: PodInfo;
  nodeName: string;
  assumed: boolean;
}

/** Read access the plugins get during a scheduling cycle. */
export interface Snapshot {
  /** Nodes that exist (placeholders for pods on unknown nodes are left out), in a stable order. */
  readonly nodes: readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
  namespaceLabels(namespace: string): Record<string, string> | undefined;
}

export class SchedulerCache implements Snapshot {
  private readonly nodeInfos = new Map<string, NodeInfo>();
  private readonly podStates = new Map<string, PodState>();
  private readonly namespaces = new Map<string, Record<string, string>>();
  private nodeList?: NodeInfo[];

  get nodes(): readonly NodeInfo[] {
    this.nodeList ??= [...this.nodeInfos.values()].filter((info) => info.node !== undefined);
    return this.nodeList;
  }

  get(nodeName: string): NodeInfo | undefined {
    const info = this.nodeInfos.get(nodeName);
    return info?.node === undefined ? undefined : info;
  }

  namespaceLabels(namespace: string): Record<string, string> | undefined {
    return this.namespaces.get(namespace);
  }

  setNamespace(namespace: Namespace): void {
    this.namespaces.set(namespace.metadata?.name ?? '', namespace.metadata?.labels ?? {});
  }

  removeNamespace(namespace: Namespace): void {
    this.namespaces.delete(namespace.metadata?.name ?? '');
  }

  setNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const existing = this.nodeInfos.get(name);
    if (existing === undefined) {
      this.nodeInfos.set(name, new NodeInfo(name, node));
      this.nodeList = undefined;
    } else {
      if (existing.node === undefined) this.nodeList = undefined;
      existing.setNode(node);
    }
  }

  removeNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const info = this.nodeInfos.get(name);
    if (info === undefined) return;
    // Pods still bound to the node keep a placeholder until they are deleted, as upstream.
    if (info.pods.size > 0) info.node = undefined;
    else this.nodeInfos.delete(name);
    this.nodeList = undefined;
  }

  /** An assigned pod added or updated (from the informer); confirms it if it was assumed. */
  setPod(pod: Pod): PodInfo {
    const key = podKey(pod);
    const nodeName = pod.spec?.nodeName ?? '';
    this.removePodKey(key);
    const info = newPodInfo(pod);
    this.placePod(key, { info, nodeName, assumed: false });
    return info;
  }

  removePod(pod: Pod): void {
    this.removePodKey(podKey(pod));
  }

  /** Places a pod on a node before its binding is written. */
  assumePod(info: PodInfo, nodeName: string): void {
    this.removePodKey(info.key);
    this.placePod(info.key, { info, nodeName, assumed: true });
  }

  /** Takes an assumed pod back off its node (its binding failed). Confirmed pods are left alone. */
  forgetPod(key: string): void {
    if (this.podStates.get(key)?.assumed === true) this.removePodKey(key);
  }

  isAssumed(key: string): boolean {
    return this.podStates.get(key)?.assumed === true;
  }

  nodeNameOf(key: string): string | undefined {
    return this.podStates.get(key)?.nodeName;
  }

  get podCount(): number {
    return this.podStates.size;
  }

  private placePod(key: string, state: PodState): void {
    this.podStates.set(key, state);
    let node = this.nodeInfos.get(state.nodeName);
    if (node === undefined) {
      node = new NodeInfo(state.nodeName);
      this.nodeInfos.set(state.nodeName, node);
    }
    node.addPod(state.info);
  }

  private removePodKey(key: string): void {
    const state = this.podStates.get(key);
    if (state === undefined) return;
    this.podStates.delete(key);
    const node = this.nodeInfos.get(state.nodeName);
    if (node === undefined) return;
    node.removePod(key);
    if (node.node === undefined && node.pods.size === 0) this.nodeInfos.delete(state.nodeName);
  }
}
