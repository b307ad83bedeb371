// NodeResourcesFit: the pod's requests (max of init containers vs the sum of app containers, plus
// overhead) must fit in allocatable minus what is already requested (Filter); the LeastAllocated
// strategy prefers nodes with more room left for CPU and memory (Score, weights 1 and 1).
import { maxNodeScore, type Plugin } from '../framework/plugin.js';
import { unschedulable } from '../framework/status.js';
import type { NodeInfo } from '../node-info.js';
import type { PodInfo } from '../pod-info.js';

export const tooManyPodsReason = 'Too many pods';

/** The reasons the pod does not fit, in upstream's order: pods, cpu, memory, storage, the rest. */
export function insufficientResources(pod: PodInfo, node: NodeInfo): string[] {
  const reasons: string[] = [];
  if (node.pods.size + 1 > node.allocatable.allowedPods) reasons.push(tooManyPodsReason);
  if (fitsQuickly(pod, node)) return reasons;
  const request = pod.requests;
  if (request.milliCPU === 0 && request.memory === 0 && request.ephemeralStorage === 0 && request.scalar.size === 0) return reasons;
  const free = node.allocatable;
  const used = node.requested;
  if (request.milliCPU > 0 && request.milliCPU > free.milliCPU - used.milliCPU) reasons.push('Insufficient cpu');
  if (request.memory > 0 && request.memory > free.memory - used.memory) reasons.push('Insufficient memory');
  if (request.ephemeralStorage > 0 && request.ephemeralStorage > free.ephemeralStorage - used.ephemeralStorage) {
    reasons.push('Insufficient ephemeral-storage');
  }
  if (request.scalar.size > 0) {
    for (const [name, amount] of request.scalar) {
      if (amount > 0 && amount > (free.scalar.get(name) ?? 0) - (used.scalar.get(name) ?? 0)) reasons.push(`Insufficient ${name}`);
    }
  }
  return reasons;
}

/** The common case without extended resources, checked without allocating. */
function fitsQuickly(pod: PodInfo, node: NodeInfo): boolean {
  const request = pod.requests;
  const free = node.allocatable;
  const used = node.requested;
  return (
    request.scalar.size === 0 &&
    (request.milliCPU === 0 || request.milliCPU <= free.milliCPU - used.milliCPU) &&
    (request.memory === 0 || request.memory <= free.memory - used.memory) &&
    (request.ephemeralStorage === 0 || request.ephemeralStorage <= free.ephemeralStorage - used.ephemeralStorage)
  );
}

function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * maxNodeScore) / capacity);
}

export function nodeResourcesFit(): Plugin {
  return {
    name: 'NodeResourcesFit',
    events: ['AssignedPodDelete', 'AssignedPodUpdate', 'NodeAdd', 'NodeUpdate'],
    filter(_state, pod, node) {
      if (node.pods.size + 1 <= node.allocatable.allowedPods && fitsQuickly(pod, node)) return undefined;
      const reasons = insufficientResources(pod, node);
      return reasons.length === 0 ? undefined : unschedulable(...reasons);
    },
    score(_state, pod, node) {
      let total = 0;
      let weights = 0;
      const cpuCapacity = node.allocatable.milliCPU;
      if (cpuCapacity !== 0) {
        total += leastRequestedScore(node.nonZeroMilliCPU + pod.nonZeroMilliCPU, cpuCapacity);
        weights += 1;
      }
      const memoryCapacity = node.allocatable.memory;
      if (memoryCapacity !== 0) {
        total += leastRequestedScore(node.nonZeroMemory + pod.nonZeroMemory, memoryCapacity);
        weights += 1;
      }
      return weights === 0 ? 0 : Math.trunc(total / weights);
    },
  };
}
