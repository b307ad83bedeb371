// Why a pod fits no node, worded as upstream's FitError: "0/3 nodes are available: 1 node(s) had
// untolerated taint {k: v}, 2 Insufficient cpu. preemption: 0/3 nodes are available: ...". Each
// reason is counted over the nodes that gave it; the "<count> <reason>" strings are sorted as
// plain strings (Go's sort.Strings), exactly as upstream does.
import type { Status } from './status.js';

export interface Diagnosis {
  /** The status of each node that a filter rejected. */
  nodeStatuses: Map<string, Status>;
  /** Set when a PreFilter plugin rejected the pod before any node was looked at. */
  preFilterMessage?: string;
  /** What the PostFilter (preemption) step said. */
  postFilterMessage?: string;
  /** Plugins that rejected the pod; the queue retries it when something they care about changes. */
  unschedulablePlugins: Set<string>;
}


function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "<count> <reason>" for each distinct reason, sorted as upstream's sortReasonsHistogram. */
export function reasonHistogram(statuses: Iterable<Status>): string[] {
  const counts = new Map<string, number>();
  for (const status of statuses) {
    for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].map(([reason, count]) => `${count} ${reason}`).sort(compareStrings);
}

export function fitErrorMessage(numAllNodes: number, diagnosis: Diagnosis): string {
  let message = `0/${numAllNodes} nodes are available:`;
  if (diagnosis.preFilterMessage !== undefined && diagnosis.preFilterMessage !== '') {
    message += ` ${diagnosis.preFilterMessage}.`;
  } else {
    const histogram = reasonHistogram(diagnosis.nodeStatuses.values());
    if (histogram.length > 0) message += ` ${histogram.join(', ')}.`;
  }
  if (diagnosis.postFilterMessage !== undefined && diagnosis.postFilterMessage !== '') message += ` ${diagnosis.postFilterMessage}`;
  return message;
}

export class FitError extends Error {
  constructor(
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {
    super(fitErrorMessage(numAllNodes, diagnosis));
    this.name = 'FitError';
  }
}

/** The cluster has no node at all. */
export class NoNodesAvailableError extends Error {
  constructor() {
    super('no nodes available to schedule pods');
    this.name = 'NoNodesAvailableError';
  }
}
