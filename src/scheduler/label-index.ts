// Placed pods indexed by "key=value" of each label, so a selector with an equality (or `in`)
// requirement visits only the pods that can match it instead of every pod in the cluster.
import type { LabelSelector } from '../machinery/index.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';

export interface PlacedPod {
  info: PodInfo;
  node: NodeInfo;
}

export class LabelIndex {
  private readonly byLabel = new Map<string, Set<PlacedPod>>();
  private readonly all = new Set<PlacedPod>();

  add(placed: PlacedPod): void {
    this.all.add(placed);
    for (const key in placed.info.labels) {
      const entry = `${key}=${placed.info.labels[key]}`;
      let set = this.byLabel.get(entry);
      if (set === undefined) {
        set = new Set();
        this.byLabel.set(entry, set);
      }
      set.add(placed);
    }
  }

  remove(placed: PlacedPod): void {
    this.all.delete(placed);
    for (const key in placed.info.labels) {
      const entry = `${key}=${placed.info.labels[key]}`;
      const set = this.byLabel.get(entry);
      set?.delete(placed);
      if (set?.size === 0) this.byLabel.delete(entry);
    }
  }

  /**
   * A superset of the placed pods the selector can match (callers still check the selector): the
   * pods carrying the rarest required label value, or every pod when no requirement pins a value.
   */
  candidates(selector: LabelSelector): Iterable<PlacedPod> {
    if (selector.matchesNothing === true) return [];
    let best: Set<PlacedPod>[] | undefined;
    let bestSize = Infinity;
    for (const requirement of selector.requirements) {
      if (requirement.operator !== '=' && requirement.operator !== '==' && requirement.operator !== 'in') continue;
      const sets = requirement.values.map((value) => this.byLabel.get(`${requirement.key}=${value}`)).filter((s): s is Set<PlacedPod> => s !== undefined);
      const size = sets.reduce((sum, set) => sum + set.size, 0);
      if (size < bestSize) {
        best = sets;
        bestSize = size;
      }
    }
    if (best === undefined) return this.all;
    return best.length === 1 ? best[0] : best.flatMap((set) => [...set]);
  }
}
