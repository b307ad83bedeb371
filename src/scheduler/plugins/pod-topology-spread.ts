// PodTopologySpread: spread matching pods evenly over topology domains. A DoNotSchedule constraint
// rejects a node when placing the pod there would make (matching pods in its domain + 1 if the pod
// matches itself - the fewest in any domain) exceed maxSkew; ScheduleAnyway constraints score nodes
// in emptier domains higher. Only nodes passing the constraint's node inclusion policies (nodeAffinityPolicy
// Honor, nodeTaintsPolicy Ignore by default) count towards the domains.
import type { Pod, TopologySpreadConstraint } from '../../api/index.js';
import { isEverything, labelSelectorFromObject, matchesLabels, newRequirement, type LabelSelector } from '../../machinery/index.js';
import { maxNodeScore, type CycleState, type Plugin } from '../framework/plugin.js';
import { constantStatus, errorStatus, skip } from '../framework/status.js';
import type { NodeInfo } from '../node-info.js';
import { isTerminating, type PodInfo } from '../pod-info.js';
import { matchesRequiredNodeAffinity, requiredNodeAffinity, type RequiredNodeAffinity } from './node-selector.js';
import { findUntoleratedTaint, isHardTaint } from './tolerations.js';

export const spreadConstraintsReason = "node(s) didn't match pod topology spread constraints";
export const spreadMissingLabelReason = `${spreadConstraintsReason} (missing required label)`;
const skewTooLarge = constantStatus('Unschedulable', spreadConstraintsReason);
const missingLabel = constantStatus('UnschedulableAndUnresolvable', spreadMissingLabelReason);
const hostnameKey = 'kubernetes.io/hostname';
const filterKey = 'PodTopologySpread/filter';
const scoreKey = 'PodTopologySpread/score';

interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelector;
  minDomains: number;
  honorNodeAffinity: boolean;
  honorTaints: boolean;
}

function selectorOf(pod: Pod, constraint: TopologySpreadConstraint): LabelSelector {
  const selector = labelSelectorFromObject(constraint.labelSelector);
  const labels = pod.metadata?.labels ?? {};
  const extra = (constraint.matchLabelKeys ?? []).filter((key) => key in labels).map((key) => newRequirement(key, 'in', [labels[key]]));
  if (extra.length === 0 || selector.matchesNothing === true) return selector;
  return { requirements: [...selector.requirements, ...extra] };
}

function constraintsOf(pod: Pod, whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
  return (pod.spec?.topologySpreadConstraints ?? [])
    .filter((c) => c.whenUnsatisfiable === whenUnsatisfiable)
    .map((c) => ({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector: selectorOf(pod, c),
      minDomains: c.minDomains ?? 1,
      honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
      honorTaints: c.nodeTaintsPolicy === 'Honor',
    }));
}

function hasAllKeys(node: NodeInfo, constraints: readonly SpreadConstraint[]): boolean {
  for (const c of constraints) if (node.labels[c.topologyKey] === undefined) return false;
  return true;
}

function includesNode(c: SpreadConstraint, pod: PodInfo, node: NodeInfo, affinity: RequiredNodeAffinity): boolean {
  if (c.honorNodeAffinity && !matchesRequiredNodeAffinity(affinity, node)) return false;
  if (c.honorTaints && findUntoleratedTaint(node.taints, pod.pod.spec?.tolerations ?? [], isHardTaint) !== undefined) return false;
  return true;
}

/** Pods on the node in `namespace` matching the selector, terminating pods left out (as upstream). */
export function countMatchingPods(node: NodeInfo, selector: LabelSelector, namespace: string): number {
  if (isEverything(selector)) return 0;
  let count = 0;
  for (const other of node.pods.values()) {
    if (other.namespace === namespace && !isTerminating(other) && matchesLabels(selector, other.labels)) count += 1;
  }
  return count;
}

interface FilterState {
  constraints: SpreadConstraint[];
  /** Per constraint: matching pods per topology value. */
  counts: Map<string, number>[];
  /** Per constraint: the global minimum the skew is measured from. */
  minimums: number[];
}

/**
 * Matching pods per topology value of each constraint, over the nodes that pass its inclusion
 * policies and carry every constraint's key. `only` limits counting to the values already present.
 */
function countDomains(state: CycleState, pod: PodInfo, constraints: readonly SpreadConstraint[], only?: Map<string, number>[]): Map<string, number>[] {
  const affinity = requiredNodeAffinity(pod.pod);
  const counts = only ?? constraints.map(() => new Map<string, number>());
  const eligible = constraints.map(() => new Set<NodeInfo>());
  for (const node of state.snapshot.nodes) {
    if (!hasAllKeys(node, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i];
      if (!includesNode(c, pod, node, affinity)) continue;
      const value = node.labels[c.topologyKey];
      if (!counts[i].has(value)) {
        if (only !== undefined) continue;
        counts[i].set(value, 0);
      }
      eligible[i].add(node);
    }
  }
  constraints.forEach((c, i) => {
    if (isEverything(c.selector) || eligible[i].size === 0) return;
    for (const { info, node } of state.snapshot.podsMatching(c.selector)) {
      if (!eligible[i].has(node) || info.namespace !== pod.namespace || isTerminating(info) || !matchesLabels(c.selector, info.labels)) continue;
      const value = node.labels[c.topologyKey];
      counts[i].set(value, (counts[i].get(value) ?? 0) + 1);
    }
  });
  return counts;
}

function preFilter(state: CycleState, pod: PodInfo): FilterState | undefined {
  const constraints = constraintsOf(pod.pod, 'DoNotSchedule');
  if (constraints.length === 0) return undefined;
  const counts = countDomains(state, pod, constraints);
  const minimums = constraints.map((c, i) => {
    if (counts[i].size < c.minDomains) return 0;
    let min = Number.MAX_SAFE_INTEGER;
    for (const count of counts[i].values()) if (count < min) min = count;
    return min;
  });
  return { constraints, counts, minimums };
}

interface ScoreState {
  constraints: SpreadConstraint[];
  ignored: Set<string>;
  counts: Map<string, number>[];
  weights: number[];
}

function preScore(state: CycleState, pod: PodInfo, filtered: readonly NodeInfo[]): ScoreState | undefined {
  const constraints = constraintsOf(pod.pod, 'ScheduleAnyway');
  if (constraints.length === 0) return undefined;
  const ignored = new Set<string>();
  const counts = constraints.map(() => new Map<string, number>());
  for (const node of filtered) {
    if (!hasAllKeys(node, constraints)) {
      ignored.add(node.name);
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey !== hostnameKey) counts[i].set(node.labels[c.topologyKey], 0);
    });
  }
  const weights = constraints.map((c, i) => Math.log((c.topologyKey === hostnameKey ? filtered.length - ignored.size : counts[i].size) + 2));
  countDomains(state, pod, constraints, counts);
  return { constraints, ignored, counts, weights };
}

export function podTopologySpread(): Plugin {
  return {
    name: 'PodTopologySpread',
    events: ['AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete', 'NodeAdd', 'NodeUpdate', 'NodeDelete'],
    preFilter(state, pod) {
      try {
        const computed = preFilter(state, pod);
        if (computed === undefined) return skip;
        state.write(filterKey, computed);
        return undefined;
      } catch (error) {
        return errorStatus((error as Error).message);
      }
    },
    filter(state, pod, node) {
      const computed = state.read<FilterState>(filterKey);
      if (computed === undefined) return undefined;
      for (let i = 0; i < computed.constraints.length; i++) {
        const c = computed.constraints[i];
        const value = node.labels[c.topologyKey];
        if (value === undefined) return missingLabel;
        const self = matchesLabels(c.selector, pod.labels) ? 1 : 0;
        const skew = (computed.counts[i].get(value) ?? 0) + self - computed.minimums[i];
        if (skew > c.maxSkew) return skewTooLarge;
      }
      return undefined;
    },
    preScore(state, pod, nodes) {
      try {
        const computed = preScore(state, pod, nodes);
        if (computed === undefined) return skip;
        state.write(scoreKey, computed);
        return undefined;
      } catch (error) {
        return errorStatus((error as Error).message);
      }
    },
    score(state, pod, node) {
      const computed = state.read<ScoreState>(scoreKey)!;
      if (computed.ignored.has(node.name)) return 0;
      let score = 0;
      computed.constraints.forEach((c, i) => {
        const value = node.labels[c.topologyKey];
        if (value === undefined) return;
        const count = c.topologyKey === hostnameKey ? countMatchingPods(node, c.selector, pod.namespace) : (computed.counts[i].get(value) ?? 0);
        score += count * computed.weights[i] + (c.maxSkew - 1);
      });
      return Math.round(score);
    },
    normalizeScore(state, _pod, nodes, scores) {
      const computed = state.read<ScoreState>(scoreKey)!;
      let min = Number.MAX_SAFE_INTEGER;
      let max = 0;
      nodes.forEach((node, i) => {
        if (computed.ignored.has(node.name)) return;
        min = Math.min(min, scores[i]);
        max = Math.max(max, scores[i]);
      });
      nodes.forEach((node, i) => {
        if (computed.ignored.has(node.name)) scores[i] = 0;
        else if (max === 0) scores[i] = maxNodeScore;
        else scores[i] = Math.trunc((maxNodeScore * (max + min - scores[i])) / max);
      });
    },
  };
}
