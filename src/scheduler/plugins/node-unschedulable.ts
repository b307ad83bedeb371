// NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods that tolerate the
// node.kubernetes.io/unschedulable:NoSchedule taint.
import type { Plugin } from '../framework/plugin.js';
import { constantStatus } from '../framework/status.js';
import { tolerated } from './tolerations.js';

export const nodeUnschedulableReason = 'node(s) were unschedulable';
const rejected = constantStatus('UnschedulableAndUnresolvable', nodeUnschedulableReason);
const unschedulableTaint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export function nodeUnschedulable(): Plugin {
  return {
    name: 'NodeUnschedulable',
    events: ['NodeAdd', 'NodeUpdate'],
    filter(_state, pod, node) {
      if (!node.unschedulable) return undefined;
      if (tolerated(unschedulableTaint, pod.pod.spec?.tolerations ?? [])) return undefined;
      return rejected;
    },
  };
}
