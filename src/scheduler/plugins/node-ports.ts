// NodePorts: the host ports a pod asks for must be free on the node.
import type { Plugin } from '../framework/plugin.js';
import { constantStatus, skip } from '../framework/status.js';

export const nodePortsReason = "node(s) didn't have free ports for the requested pod ports";
const rejected = constantStatus('Unschedulable', nodePortsReason);

export function nodePorts(): Plugin {
  return {
    name: 'NodePorts',
    events: ['AssignedPodDelete', 'NodeAdd'],
    preFilter(_state, pod) {
      return pod.hostPorts.length === 0 ? skip : undefined;
    },
    filter(_state, pod, node) {
      if (node.usedPorts.size === 0) return undefined;
      for (const port of pod.hostPorts) if (node.usedPorts.conflicts(port)) return rejected;
      return undefined;
    },
  };
}
