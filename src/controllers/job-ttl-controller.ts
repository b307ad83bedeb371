// Upstream's TTL-after-finished controller: a finished Job with spec.ttlSecondsAfterFinished is
// deleted (propagation Background, so its pods go through the garbage collector) once the TTL
// has passed since it finished.
import type { Job } from '../api/index.js';
import { isNotFound, splitKey } from '../client/index.js';
import type { ControllerContext } from './controller-context.js';
import { isJobFinished, jobFinishTime } from './job-sync.js';
import type { Controller } from './runtime/index.js';

export function jobTtlController({ manager, client, clock }: ControllerContext): Controller {
  const jobs = manager.informer<Job>('batch/v1', 'jobs');
  const jobClient = client.resource<Job>('batch/v1', 'jobs');
  return {
    name: 'ttl-after-finished',
    watches: [{ informer: jobs }],
    async reconcile(key) {
      const job = jobs.cache.get(key);
      const ttl = job?.spec?.ttlSecondsAfterFinished;
      if (job === undefined || ttl === undefined || job.metadata?.deletionTimestamp || !isJobFinished(job)) return;
      const finished = jobFinishTime(job);
      if (finished === undefined) return;
      const expiresAt = finished + ttl * 1000;
      if (clock.now() < expiresAt) return { requeueAfter: expiresAt - clock.now() };
      const { namespace, name } = splitKey(key);
      try {
        // The uid precondition keeps a new Job of the same name safe.
        await jobClient.delete(name, { namespace, propagationPolicy: 'Background', preconditions: { uid: job.metadata?.uid } });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
  };
}
