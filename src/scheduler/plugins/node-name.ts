// NodeName: a pod that names its node (spec.nodeName) fits only that node.
import type { Plugin } from '../framework/plugin.js';
import { constantStatus } from '../framework/status.js';

export const nodeNameReason = "node(s) didn't match the requested node name";
const rejected = constantStatus('UnschedulableAndUnresolvable', nodeNameReason);

export function nodeName(): Plugin {
  return {
    name: 'NodeName',
    events: ['NodeAdd'],
    filter(_state, pod, node) {
      const wanted = pod.pod.spec?.nodeName;
      return wanted === undefined || wanted === '' || wanted === node.name ? undefined : rejected;
    },
  };
}
