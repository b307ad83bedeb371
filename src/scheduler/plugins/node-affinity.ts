// NodeAffinity: the node must match the pod's spec.nodeSelector and its required node affinity
// (Filter); each matching preferred term adds its weight (Score, normalized by the highest).
import { defaultNormalizeScore, type Plugin } from '../framework/plugin.js';
import { constantStatus, skip } from '../framework/status.js';
import { compileTerm, matchesRequiredNodeAffinity, requiredNodeAffinity, termMatchesNode, type CompiledTerm, type RequiredNodeAffinity } from './node-selector.js';

export const nodeAffinityReason = "node(s) didn't match Pod's node affinity/selector";
const rejected = constantStatus('UnschedulableAndUnresolvable', nodeAffinityReason);
const requiredKey = 'NodeAffinity/required';
const preferredKey = 'NodeAffinity/preferred';

export function nodeAffinity(): Plugin {
  return {
    name: 'NodeAffinity',
    events: ['NodeAdd', 'NodeUpdate'],
    preFilter(state, pod) {
      const required = requiredNodeAffinity(pod.pod);
      if (required.nodeSelector === undefined && required.terms === undefined) return skip;
      state.write(requiredKey, required);
      return undefined;
    },
    filter(state, _pod, node) {
      const required = state.read<RequiredNodeAffinity>(requiredKey);
      if (required === undefined || matchesRequiredNodeAffinity(required, node)) return undefined;
      return rejected;
    },
    preScore(state, pod) {
      const preferred: { term: CompiledTerm; weight: number }[] = [];
      for (const entry of pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
        const term = entry.weight === 0 ? undefined : compileTerm(entry.preference);
        if (term !== undefined) preferred.push({ term, weight: entry.weight });
      }
      if (preferred.length === 0) return skip;
      state.write(preferredKey, preferred);
      return undefined;
    },
    score(state, _pod, node) {
      let total = 0;
      for (const { term, weight } of state.read<{ term: CompiledTerm; weight: number }[]>(preferredKey) ?? []) {
        if (termMatchesNode(term, node)) total += weight;
      }
      return total;
    },
    normalizeScore(_state, _pod, _nodes, scores) {
      defaultNormalizeScore(scores, false);
    },
  };
}
