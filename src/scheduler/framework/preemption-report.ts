// The PostFilter step's message. engenho does not preempt (no pod is ever evicted to make room),
// so this reports what upstream's DefaultPreemption says when it finds nothing to do: nodes
// rejected for unresolvable reasons are "not helpful", nodes rejected for resolvable reasons
// (resources, ports, anti-affinity) have no victims, since nothing lower-priority is evicted.
import type { NodeInfo } from '../node-info.js';
import type { PodInfo } from '../pod-info.js';
import { fitErrorMessage, type Diagnosis } from './fit-error.js';
import { unresolvable, type Status } from './status.js';

const notHelpful = unresolvable('Preemption is not helpful for scheduling');
const noVictims = unresolvable('No preemption victims found for incoming pod');

export function preemptionMessage(pod: PodInfo, nodes: readonly NodeInfo[], diagnosis: Diagnosis, preFilterStatus?: Status): string {
  if (pod.pod.spec?.preemptionPolicy === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never.';
  const nodeStatuses = new Map<string, Status>();
  for (const node of nodes) {
    const status = preFilterStatus ?? diagnosis.nodeStatuses.get(node.name);
    nodeStatuses.set(node.name, status?.code === 'Unschedulable' ? noVictims : notHelpful);
  }
  return `preemption: ${fitErrorMessage(nodes.length, { nodeStatuses, unschedulablePlugins: new Set() })}`;
}
