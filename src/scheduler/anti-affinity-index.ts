// The required anti-affinity terms of placed pods, indexed by a label value each term requires, so
// checking an incoming pod against them visits only terms that could select it (plus the few terms
// that pin no value) instead of every such term in the cluster.
import type { NodeInfo } from './node-info.js';
import type { AffinityTerm, PodInfo } from './pod-info.js';

export interface PlacedTerm {
  term: AffinityTerm;
  owner: PodInfo;
  node: NodeInfo;
}

export class AntiAffinityIndex {
  private readonly byLabel = new Map<string, Set<PlacedTerm>>();
  private readonly unpinned = new Set<PlacedTerm>();
  private readonly byOwner = new Map<PodInfo, { entry: PlacedTerm; keys: string[] }[]>();

  add(owner: PodInfo, node: NodeInfo): void {
    const entries = owner.requiredAntiAffinityTerms.map((term) => {
      const entry: PlacedTerm = { term, owner, node };
      const pin = term.selector.requirements.find((r) => r.operator === '=' || r.operator === '==' || r.operator === 'in');
      const keys = term.selector.matchesNothing === true ? [] : pin === undefined ? [] : pin.values.map((value) => `${pin.key}=${value}`);
      if (pin === undefined && term.selector.matchesNothing !== true) this.unpinned.add(entry);
      for (const key of keys) {
        let set = this.byLabel.get(key);
        if (set === undefined) {
          set = new Set();
          this.byLabel.set(key, set);
        }
        set.add(entry);
      }
      return { entry, keys };
    });
    if (entries.length > 0) this.byOwner.set(owner, entries);
  }

  remove(owner: PodInfo): void {
    for (const { entry, keys } of this.byOwner.get(owner) ?? []) {
      this.unpinned.delete(entry);
      for (const key of keys) {
        const set = this.byLabel.get(key);
        set?.delete(entry);
        if (set?.size === 0) this.byLabel.delete(key);
      }
    }
    this.byOwner.delete(owner);
  }

  /** Terms that may select a pod with these labels (check them: this is a superset). */
  *candidates(labels: Record<string, string>): Iterable<PlacedTerm> {
    yield* this.unpinned;
    for (const key in labels) {
      const set = this.byLabel.get(`${key}=${labels[key]}`);
      if (set !== undefined) yield* set;
    }
  }
}
