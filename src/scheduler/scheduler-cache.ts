// The scheduler's view of the cluster: NodeInfos fed by node and pod events, plus "assumed" pods
// (placed by the scheduler, binding in flight) so the next pod already sees them. An assumed pod is
// confirmed when the informer reports it bound, or forgotten when its binding fails.
import type { Namespace, Node, Pod } from '../api/index.js';
import type { LabelSelector } from '../machinery/index.js';
import { AntiAffinityIndex, type PlacedTerm } from './anti-affinity-index.js';
import { LabelIndex, type PlacedPod } from './label-index.js';
import { NodeInfo } from './node-info.js';
import { hasScoringTerms, newPodInfo, podKey, type PodInfo } from './pod-info.js';

interface PodState extends PlacedPod {
  nodeName: string;
  assumed: boolean;
}

/** Read access the plugins get during a scheduling cycle. */
export interface Snapshot {
  /** Nodes that exist (placeholders for pods on unknown nodes are left out), in a stable order. */
  readonly nodes: readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
  namespaceLabels(namespace: string): Record<string, string> | undefined;
  /** Existing nodes holding pods whose terms weigh on scores (required affinity, preferred (anti-)affinity). */
  readonly nodesWithAffinityPods: readonly NodeInfo[];
  /** Existing nodes holding pods with required anti-affinity terms. */
  readonly nodesWithRequiredAntiAffinityPods: readonly NodeInfo[];
  /** Placed pods that may match the selector (a superset: check it), each with its node. */
  podsMatching(selector: LabelSelector): Iterable<PlacedPod>;
  /** Required anti-affinity terms of placed pods that may select a pod with these labels (a superset). */
  antiAffinityTermsFor(labels: Record<string, string>): Iterable<PlacedTerm>;
}

export class SchedulerCache implements Snapshot {
  private readonly nodeInfos = new Map<string, NodeInfo>();
  private readonly podStates = new Map<string, PodState>();
  private readonly namespaces = new Map<string, Record<string, string>>();
  private nodeList?: NodeInfo[];
  private readonly labelIndex = new LabelIndex();
  private readonly antiAffinityIndex = new AntiAffinityIndex();
  private readonly affinityHolders = new Map<NodeInfo, number>();
  private readonly antiAffinityHolders = new Map<NodeInfo, number>();
  private affinityList?: NodeInfo[];
  private antiAffinityList?: NodeInfo[];

  get nodes(): readonly NodeInfo[] {
    this.nodeList ??= [...this.nodeInfos.values()].filter((info) => info.node !== undefined);
    return this.nodeList;
  }

  get(nodeName: string): NodeInfo | undefined {
    const info = this.nodeInfos.get(nodeName);
    return info?.node === undefined ? undefined : info;
  }

  get nodesWithAffinityPods(): readonly NodeInfo[] {
    this.affinityList ??= [...this.affinityHolders.keys()].filter((info) => info.node !== undefined);
    return this.affinityList;
  }

  get nodesWithRequiredAntiAffinityPods(): readonly NodeInfo[] {
    this.antiAffinityList ??= [...this.antiAffinityHolders.keys()].filter((info) => info.node !== undefined);
    return this.antiAffinityList;
  }

  podsMatching(selector: LabelSelector): Iterable<PlacedPod> {
    return this.labelIndex.candidates(selector);
  }

  antiAffinityTermsFor(labels: Record<string, string>): Iterable<PlacedTerm> {
    return this.antiAffinityIndex.candidates(labels);
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
      this.nodesChanged();
    } else {
      if (existing.node === undefined) this.nodesChanged();
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
    this.nodesChanged();
  }

  private nodesChanged(): void {
    this.nodeList = undefined;
    this.affinityList = undefined;
    this.antiAffinityList = undefined;
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

  /**
   * Swaps in a newer version of a confirmed pod when nothing its placement was computed from changed
   * (labels, spec, deletion): no re-indexing. False when the pod is not confirmed on that node.
   */
  refreshPod(pod: Pod): boolean {
    const state = this.podStates.get(podKey(pod));
    if (state === undefined || state.assumed || state.nodeName !== (pod.spec?.nodeName ?? '') || state.info.uid !== (pod.metadata?.uid ?? '')) return false;
    state.info.pod = pod;
    return true;
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

  private placePod(key: string, placement: { info: PodInfo; nodeName: string; assumed: boolean }): void {
    let node = this.nodeInfos.get(placement.nodeName);
    if (node === undefined) {
      node = new NodeInfo(placement.nodeName);
      this.nodeInfos.set(placement.nodeName, node);
    }
    const state: PodState = { ...placement, node };
    this.podStates.set(key, state);
    node.addPod(state.info);
    this.labelIndex.add(state);
    this.countHolder(state, 1);
  }

  private countHolder(state: PodState, sign: 1 | -1): void {
    const update = (holders: Map<NodeInfo, number>) => {
      const count = (holders.get(state.node) ?? 0) + sign;
      if (count > 0) holders.set(state.node, count);
      else holders.delete(state.node);
    };
    if (hasScoringTerms(state.info)) {
      update(this.affinityHolders);
      this.affinityList = undefined;
    }
    if (state.info.requiredAntiAffinityTerms.length > 0) {
      update(this.antiAffinityHolders);
      this.antiAffinityList = undefined;
      if (sign > 0) this.antiAffinityIndex.add(state.info, state.node);
      else this.antiAffinityIndex.remove(state.info);
    }
  }

  private removePodKey(key: string): void {
    const state = this.podStates.get(key);
    if (state === undefined) return;
    this.podStates.delete(key);
    this.labelIndex.remove(state);
    this.countHolder(state, -1);
    const node = state.node;
    node.removePod(key);
    if (node.node === undefined && node.pods.size === 0 && this.nodeInfos.get(state.nodeName) === node) this.nodeInfos.delete(state.nodeName);
  }
}
