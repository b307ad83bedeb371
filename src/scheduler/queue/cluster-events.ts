// Changes in the cluster that can make an unschedulable pod schedulable. Each plugin lists the ones
// that matter to it; the queue moves a pod back only on an event one of its rejectors cares about.
export type ClusterEvent =
  | 'NodeAdd'
  /** A node's labels, taints, unschedulable flag or allocatable changed (not heartbeats). */
  | 'NodeUpdate'
  | 'NodeDelete'
  | 'AssignedPodAdd'
  | 'AssignedPodUpdate'
  | 'AssignedPodDelete'
  | 'NamespaceChange';

export const allClusterEvents: readonly ClusterEvent[] = [
  'NodeAdd',
  'NodeUpdate',
  'NodeDelete',
  'AssignedPodAdd',
  'AssignedPodUpdate',
  'AssignedPodDelete',
  'NamespaceChange',
];
