// InterPodAffinity. Filter: the pod's required affinity terms must each find a matching pod in the
// node's topology domain (a pod matching its own terms may start a series alone); its required
// anti-affinity terms must find none; and no existing pod's required anti-affinity may select the
// pod within the domain. Score: preferred terms of the pod and of existing pods (and existing pods'
// required affinity, at weight 1) add or subtract their weight per topology domain.
import { maxNodeScore, type CycleState, type Plugin } from '../framework/plugin.js';
import { constantStatus, errorStatus, skip } from '../framework/status.js';
import type { NodeInfo } from '../node-info.js';
import { termMatches, type AffinityTerm, type PodInfo } from '../pod-info.js';

export const affinityRulesReason = "node(s) didn't match pod affinity rules";
export const antiAffinityRulesReason = "node(s) didn't match pod anti-affinity rules";
export const existingAntiAffinityReason = "node(s) didn't satisfy existing pods anti-affinity rules";
const affinityMiss = constantStatus('UnschedulableAndUnresolvable', affinityRulesReason);
const antiAffinityMiss = constantStatus('Unschedulable', antiAffinityRulesReason);
const existingAntiAffinityMiss = constantStatus('Unschedulable', existingAntiAffinityReason);
const hardPodAffinityWeight = 1;
const filterKey = 'InterPodAffinity/filter';
const scoreKey = 'InterPodAffinity/score';

/** Counts per topology key, then per value. */
type PairCounts = Map<string, Map<string, number>>;

function bump(counts: PairCounts, key: string, value: string, by: number): void {
  let values = counts.get(key);
  if (values === undefined) {
    values = new Map();
    counts.set(key, values);
  }
  values.set(value, (values.get(value) ?? 0) + by);
}

function countOf(counts: PairCounts, key: string, value: string): number {
  return counts.get(key)?.get(value) ?? 0;
}

interface FilterState {
  existingAntiAffinity: PairCounts;
  affinity: PairCounts;
  antiAffinity: PairCounts;
}

/** Adds `by` to the term's domain for every placed pod the term selects. */
function countTermMatches(state: CycleState, counts: PairCounts, term: AffinityTerm, by: number): void {
  const snapshot = state.snapshot;
  for (const { info, node } of snapshot.podsMatching(term.selector)) {
    if (node.node === undefined) continue;
    const value = node.labels[term.topologyKey];
    if (value !== undefined && termMatches(term, info, snapshot.namespaceLabels(info.namespace))) bump(counts, term.topologyKey, value, by);
  }
}

function computeFilterState(state: CycleState, pod: PodInfo): FilterState {
  const snapshot = state.snapshot;
  const podNamespaceLabels = snapshot.namespaceLabels(pod.namespace);
  const result: FilterState = { existingAntiAffinity: new Map(), affinity: new Map(), antiAffinity: new Map() };
  for (const { term, node } of snapshot.antiAffinityTermsFor(pod.labels)) {
    if (node.node === undefined) continue;
    const value = node.labels[term.topologyKey];
    if (value !== undefined && termMatches(term, pod, podNamespaceLabels)) bump(result.existingAntiAffinity, term.topologyKey, value, 1);
  }
  for (const term of pod.requiredAffinityTerms) countTermMatches(state, result.affinity, term, 1);
  for (const term of pod.requiredAntiAffinityTerms) countTermMatches(state, result.antiAffinity, term, 1);
  return result;
}

function satisfiesAffinity(state: FilterState, pod: PodInfo, node: NodeInfo, namespaceLabels: Record<string, string> | undefined): boolean {
  let podsExist = true;
  for (const term of pod.requiredAffinityTerms) {
    const value = node.labels[term.topologyKey];
    if (value === undefined) return false;
    if (countOf(state.affinity, term.topologyKey, value) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself: allowed when no pod anywhere matches the terms.
  return state.affinity.size === 0 && pod.requiredAffinityTerms.every((term) => termMatches(term, pod, namespaceLabels));
}

function satisfiesAntiAffinity(state: FilterState, pod: PodInfo, node: NodeInfo): boolean {
  for (const term of pod.requiredAntiAffinityTerms) {
    const value = node.labels[term.topologyKey];
    if (value !== undefined && countOf(state.antiAffinity, term.topologyKey, value) > 0) return false;
  }
  return true;
}

function satisfiesExistingAntiAffinity(state: FilterState, node: NodeInfo): boolean {
  for (const [key, values] of state.existingAntiAffinity) {
    const value = node.labels[key];
    if (value !== undefined && (values.get(value) ?? 0) > 0) return false;
  }
  return true;
}

function addTerms(scores: PairCounts, terms: readonly (AffinityTerm & { weight?: number })[], target: PodInfo, labels: Record<string, string> | undefined, node: NodeInfo, sign: number, fixedWeight?: number): void {
  for (const term of terms) {
    const value = node.labels[term.topologyKey];
    if (value !== undefined && termMatches(term, target, labels)) bump(scores, term.topologyKey, value, sign * (fixedWeight ?? term.weight ?? 0));
  }
}

function computeScores(state: CycleState, pod: PodInfo): PairCounts | undefined {
  const snapshot = state.snapshot;
  const podNamespaceLabels = snapshot.namespaceLabels(pod.namespace);
  const scores: PairCounts = new Map();
  for (const term of pod.preferredAffinityTerms) countTermMatches(state, scores, term, term.weight);
  for (const term of pod.preferredAntiAffinityTerms) countTermMatches(state, scores, term, -term.weight);
  for (const node of snapshot.nodesWithAffinityPods) {
    for (const existing of node.podsWithAffinity) {
      addTerms(scores, existing.requiredAffinityTerms, pod, podNamespaceLabels, node, 1, hardPodAffinityWeight);
      addTerms(scores, existing.preferredAffinityTerms, pod, podNamespaceLabels, node, 1);
      addTerms(scores, existing.preferredAntiAffinityTerms, pod, podNamespaceLabels, node, -1);
    }
  }
  return scores.size === 0 ? undefined : scores;
}

export function interPodAffinity(): Plugin {
  return {
    name: 'InterPodAffinity',
    events: ['AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete', 'NodeAdd', 'NodeUpdate', 'NamespaceChange'],
    preFilter(state, pod) {
      if (pod.parseError !== undefined) return errorStatus(`parsing pod: ${pod.parseError}`);
      const computed = computeFilterState(state, pod);
      const nothingToCheck = pod.requiredAffinityTerms.length === 0 && pod.requiredAntiAffinityTerms.length === 0 && computed.existingAntiAffinity.size === 0;
      if (nothingToCheck) return skip;
      state.write(filterKey, computed);
      return undefined;
    },
    filter(state, pod, node) {
      const computed = state.read<FilterState>(filterKey)!;
      if (!satisfiesAffinity(computed, pod, node, state.snapshot.namespaceLabels(pod.namespace))) return affinityMiss;
      if (!satisfiesAntiAffinity(computed, pod, node)) return antiAffinityMiss;
      if (!satisfiesExistingAntiAffinity(computed, node)) return existingAntiAffinityMiss;
      return undefined;
    },
    preScore(state, pod) {
      const scores = computeScores(state, pod);
      if (scores === undefined) return skip;
      state.write(scoreKey, scores);
      return undefined;
    },
    score(state, _pod, node) {
      const scores = state.read<PairCounts>(scoreKey)!;
      let total = 0;
      for (const [key, values] of scores) {
        const value = node.labels[key];
        if (value !== undefined) total += values.get(value) ?? 0;
      }
      return total;
    },
    normalizeScore(_state, _pod, _nodes, scores) {
      let min = Number.MAX_SAFE_INTEGER;
      let max = Number.MIN_SAFE_INTEGER;
      for (const score of scores) {
        min = Math.min(min, score);
        max = Math.max(max, score);
      }
      const spread = max - min;
      for (let i = 0; i < scores.length; i++) scores[i] = spread > 0 ? Math.trunc((maxNodeScore * (scores[i] - min)) / spread) : 0;
    },
  };
}
