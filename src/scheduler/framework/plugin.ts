// The extension points. A plugin is an object implementing the points it needs; the profile
// registers it (with a weight if it scores). Every method is synchronous except bind, so one
// scheduling cycle runs to completion without interleaving with cluster events.
import type { NodeInfo } from '../node-info.js';
import type { PodInfo } from '../pod-info.js';
import type { Snapshot } from '../scheduler-cache.js';
import type { ClusterEvent } from '../queue/cluster-events.js';
import type { Result } from './status.js';

export const maxNodeScore = 100;

/** Per-cycle scratch space: plugins keep what PreFilter/PreScore computed for Filter/Score here. */
export class CycleState {
  private readonly data = new Map<string, unknown>();

  constructor(readonly snapshot: Snapshot) {}

  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
}

export interface Plugin {
  readonly name: string;
  /** Cluster changes after which a pod this plugin rejected may fit (drives the queue's moves). */
  readonly events?: readonly ClusterEvent[];
  /** Once per pod; may reject the pod outright, or return skip to have its filter skipped. */
  preFilter?(state: CycleState, pod: PodInfo): Result;
  filter?(state: CycleState, pod: PodInfo, node: NodeInfo): Result;
  /** Once per pod with the feasible nodes; skip leaves its score out. */
  preScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result;
  score?(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Rewrites `scores` (one per node, same order) into 0..maxNodeScore. */
  normalizeScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void;
  reserve?(state: CycleState, pod: PodInfo, nodeName: string): Result;
  unreserve?(state: CycleState, pod: PodInfo, nodeName: string): void;
  bind?(state: CycleState, pod: PodInfo, nodeName: string): Promise<Result>;
}

/** Upstream's DefaultNormalizeScore: scale to 0..max by the highest score, optionally reversed. */
export function defaultNormalizeScore(scores: number[], reverse: boolean, max = maxNodeScore): void {
  let highest = 0;
  for (const score of scores) if (score > highest) highest = score;
  if (highest === 0) {
    if (reverse) scores.fill(max);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const scaled = Math.trunc((max * scores[i]) / highest);
    scores[i] = reverse ? max - scaled : scaled;
  }
}
