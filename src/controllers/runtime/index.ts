// The controller runtime: work queue, rate limiters, the Controller shape and its runner, the
// manager, leader election on a Lease, the event recorder and Prometheus metrics.
export { requeueAfter, TerminalError, watch, type Controller, type KeyMapper, type ReconcileContext, type ReconcileResult, type Watch } from './controller.js';
export { ControllerRunner, type ControllerRunnerOptions, type ReconcileOutcome } from './controller-runner.js';
export { controllerOwnerKey, selfKey } from './key-mappers.js';
export { WorkQueue, type WorkQueueOptions } from './work-queue.js';
export {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ItemExponentialRateLimiter,
  MaxOfRateLimiter,
  type RateLimiter,
  type RateLimiterOptions,
} from './rate-limiter.js';
export { Manager, type InformerSelector, type ManagerOptions } from './manager.js';
export { LeaderElector, microTime, type LeaderElectionOptions } from './leader-election.js';
// The event recorder lives in the client (the scheduler and kubelet use it too); re-exported here.
export { EventRecorder, type EventDetails, type EventRecorderOptions, type EventType } from '../../client/index.js';
export { Counter, defaultBuckets, Gauge, Histogram, MetricsRegistry } from './metrics.js';
export { Expectations, type ExpectationsOptions } from './expectations.js';
export { LastWritten } from './last-written.js';
