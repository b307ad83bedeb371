// NodeResourcesBalancedAllocation: prefers nodes whose CPU and memory would be used in equal
// shares after placing the pod (score = (1 - std of the two fractions) * 100, with actual requests).
// Best-effort pods (no CPU or memory requests) are not scored, as upstream since the fix for
// kubernetes#129138, so they do not all pile onto one node.
import { maxNodeScore, type Plugin } from '../framework/plugin.js';
import { skip } from '../framework/status.js';

export function balancedAllocation(): Plugin {
  return {
    name: 'NodeResourcesBalancedAllocation',
    preScore(_state, pod) {
      return pod.requests.milliCPU === 0 && pod.requests.memory === 0 ? skip : undefined;
    },
    score(_state, pod, node) {
      const fractions: number[] = [];
      const cpuCapacity = node.allocatable.milliCPU;
      if (cpuCapacity !== 0) fractions.push(Math.min(1, (node.requested.milliCPU + pod.requests.milliCPU) / cpuCapacity));
      const memoryCapacity = node.allocatable.memory;
      if (memoryCapacity !== 0) fractions.push(Math.min(1, (node.requested.memory + pod.requests.memory) / memoryCapacity));
      const std = fractions.length === 2 ? Math.abs((fractions[0] - fractions[1]) / 2) : 0;
      return Math.trunc((1 - std) * maxNodeScore);
    },
  };
}
