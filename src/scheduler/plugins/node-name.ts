// NodeName: a pod that names its node (spec.nodeName) fits only that node.
import type { Plugin } from '../framework/plugin.js';
import { unresolvable } from '../framework/status.js';

export const nodeNameReason = "node(s) didn't match the requested node name";

export function nodeName(): Plugin {
  return {
    name: 'NodeName',
    events: ['NodeAdd'],
    filter(_state, pod, node) {
      const wanted = pod.pod.spec?.nodeName;
      return wanted === undefined || wanted === '' || wanted === node.name ? undefined : unresolvable(nodeNameReason);
    },
  };
}
