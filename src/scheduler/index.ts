// The scheduler: a framework of plugins at upstream's extension points, the default profile, a
// NodeInfo cache, a scheduling queue with back-off, and a loop that binds through pods/binding.
export { runScheduler, type RunningScheduler, type RunSchedulerOptions } from './run-scheduler.js';
export { renderSchedulerMetrics } from './scheduler-metrics.js';
export { Scheduler, type SchedulerLogger, type SchedulerOptions, type SchedulerStats } from './scheduler.js';
export { clientSchedulerApi, type ClientSchedulerApiOptions, type EventType, type SchedulerApi } from './scheduler-api.js';
export { SchedulerCache, type Snapshot } from './scheduler-cache.js';
export { NodeInfo } from './node-info.js';
export { newPodInfo, type AffinityTerm, type PodInfo } from './pod-info.js';
export { CycleState, defaultNormalizeScore, maxNodeScore, type Plugin } from './framework/plugin.js';
export { Profile, type ProfileEntry } from './framework/profile.js';
export { PodScheduler, SchedulingError, numFeasibleNodesToFind, type ScheduleResult, type SchedulingOptions } from './framework/schedule-pod.js';
export { FitError, NoNodesAvailableError, fitErrorMessage, type Diagnosis } from './framework/fit-error.js';
export { errorStatus, skip, unresolvable, unschedulable, type Result, type Status, type StatusCode } from './framework/status.js';
export { SchedulingQueue, type QueuedPod, type SchedulingQueueOptions } from './queue/scheduling-queue.js';
export { allClusterEvents, type ClusterEvent } from './queue/cluster-events.js';
export * from './plugins/index.js';
