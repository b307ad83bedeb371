// The scheduler's Prometheus text (for the API server's /metrics in `engenho up`), named as
// kube-scheduler's: pods waiting per sub-queue, attempts by result, and bindings in flight.
import type { Scheduler } from './scheduler.js';

export function renderSchedulerMetrics(scheduler: Scheduler, profile = 'default-scheduler'): string {
  const pending = scheduler.queue.counts();
  const { scheduled, unschedulable, errors } = scheduler.stats;
  return [
    '# HELP scheduler_pending_pods Number of pending pods, by the queue type.',
    '# TYPE scheduler_pending_pods gauge',
    `scheduler_pending_pods{queue="active"} ${pending.active}`,
    `scheduler_pending_pods{queue="backoff"} ${pending.backoff}`,
    `scheduler_pending_pods{queue="unschedulable"} ${pending.unschedulable}`,
    '# HELP scheduler_schedule_attempts_total Number of attempts to schedule pods, by the result.',
    '# TYPE scheduler_schedule_attempts_total counter',
    `scheduler_schedule_attempts_total{profile="${profile}",result="scheduled"} ${scheduled}`,
    `scheduler_schedule_attempts_total{profile="${profile}",result="unschedulable"} ${unschedulable}`,
    `scheduler_schedule_attempts_total{profile="${profile}",result="error"} ${errors}`,
    '# HELP scheduler_bindings_in_flight Bindings sent to the API server and not yet answered.',
    '# TYPE scheduler_bindings_in_flight gauge',
    `scheduler_bindings_in_flight ${scheduler.bindingsInFlight}`,
    '',
  ].join('\n');
}
