// TaintToleration: NoSchedule and NoExecute taints must be tolerated (Filter); each untolerated
// PreferNoSchedule taint lowers the node's score (Score, normalized in reverse).
import type { Toleration } from '../../api/index.js';
import { defaultNormalizeScore, type Plugin } from '../framework/plugin.js';
import { unresolvable } from '../framework/status.js';
import { findUntoleratedTaint, isHardTaint, tolerated } from './tolerations.js';

const preferTolerationsKey = 'TaintToleration/preferNoSchedule';

export function taintToleration(): Plugin {
  return {
    name: 'TaintToleration',
    events: ['NodeAdd', 'NodeUpdate'],
    filter(_state, pod, node) {
      const taint = findUntoleratedTaint(node.taints, pod.pod.spec?.tolerations ?? [], isHardTaint);
      return taint === undefined ? undefined : unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
    },
    preScore(state, pod) {
      const tolerations = (pod.pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
      state.write(preferTolerationsKey, tolerations);
      return undefined;
    },
    score(state, _pod, node) {
      const tolerations = state.read<Toleration[]>(preferTolerationsKey) ?? [];
      let count = 0;
      for (const taint of node.taints) {
        if (taint.effect === 'PreferNoSchedule' && !tolerated(taint, tolerations)) count += 1;
      }
      return count;
    },
    normalizeScore(_state, _pod, _nodes, scores) {
      defaultNormalizeScore(scores, true);
    },
  };
}
