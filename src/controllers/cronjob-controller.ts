// The CronJob controller (upstream's cronjob_controllerv2): creates the Job due by the schedule,
// honours suspend, startingDeadlineSeconds and concurrencyPolicy (Allow, Forbid, Replace), keeps
// status.active / lastScheduleTime / lastSuccessfulTime, trims finished Jobs to the history limits
// and asks to be woken at the next scheduled time. Time comes from the injected clock.
import type { CronJob, Job, ObjectReference } from '../api/index.js';
import { isAlreadyExists, isNotFound } from '../client/index.js';
import type { ControllerContext, ControllerFactory } from './controller-context.js';
import { dueRun, MAX_MISSED_SCHEDULES, parseSchedule, scheduledJobName, ScheduleError } from './cronjob-schedule.js';
import { sameJson } from './job-controller.js';
import { hasCondition, isJobFinished, metaTime } from './job-sync.js';
import { controllerOwnerKey, Expectations, type Controller } from './runtime/index.js';

export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export function jobFromTemplate(cronJob: CronJob, scheduledAt: number): Job {
  const template = cronJob.spec?.jobTemplate ?? {};
  const name = cronJob.metadata?.name ?? '';
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: scheduledJobName(name, scheduledAt),
      namespace: cronJob.metadata?.namespace,
      labels: { ...template.metadata?.labels },
      annotations: { ...template.metadata?.annotations, [SCHEDULED_TIMESTAMP_ANNOTATION]: metaTime(scheduledAt) },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name, uid: cronJob.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    spec: structuredClone(template.spec ?? { template: {} }),
  };
}

const jobRef = (job: Job): ObjectReference => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  name: job.metadata?.name,
  namespace: job.metadata?.namespace,
  uid: job.metadata?.uid,
  resourceVersion: job.metadata?.resourceVersion,
});

const startOf = (job: Job) => Date.parse(job.status?.startTime ?? job.metadata?.creationTimestamp ?? '') || 0;

export function cronJobController({ manager, client, clock, recorder }: ControllerContext): Controller {
  const cronJobs = manager.informer<CronJob>('batch/v1', 'cronjobs');
  const jobs = manager.informer<Job>('batch/v1', 'jobs');
  const cronJobClient = client.resource<CronJob>('batch/v1', 'cronjobs');
  const jobClient = client.resource<Job>('batch/v1', 'jobs');
  const ownerKey = controllerOwnerKey({ apiVersion: 'batch/v1', kind: 'CronJob' });
  const expectations = new Expectations({ clock });
  jobs.addEventHandler({ onAdd: (job) => ownerKey(job).forEach((key) => expectations.creationObserved(key)) });

  const deleteJob = async (cronJob: CronJob, job: Job) => {
    try {
      await jobClient.delete(job.metadata?.name ?? '', { namespace: job.metadata?.namespace, propagationPolicy: 'Background' });
      await recorder.normal(cronJob, 'SuccessfulDelete', `Deleted job ${job.metadata?.name}`);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  };

  return {
    name: 'cronjob',
    watches: [{ informer: cronJobs }, { informer: jobs, map: ownerKey }],
    async reconcile(key) {
      const cronJob = cronJobs.cache.get(key);
      if (cronJob === undefined) {
        expectations.delete(key);
        return;
      }
      if (cronJob.metadata?.deletionTimestamp || !expectations.satisfied(key)) return;
      const spec = cronJob.spec!;
      const now = clock.now();
      const owned = jobs.cache
        .byIndex('ownerUid', cronJob.metadata?.uid ?? '')
        .filter((job) => (job.metadata?.ownerReferences ?? []).some((o) => o.controller && o.uid === cronJob.metadata?.uid) && !job.metadata?.deletionTimestamp);
      const previous = cronJob.status ?? {};
      // Active: the unfinished jobs this controller started (listed, or carrying its scheduled-time
      // annotation should the status write have been lost). Others, like `kubectl create job
      // --from=cronjob/...`, are owned but not counted, as upstream ("UnexpectedJob").
      const listed = new Set((previous.active ?? []).map((ref) => ref.uid));
      const isOurs = (job: Job) => listed.has(job.metadata?.uid) || job.metadata?.annotations?.[SCHEDULED_TIMESTAMP_ANNOTATION] !== undefined;
      let active = owned.filter((job) => !isJobFinished(job) && isOurs(job));
      for (const job of owned.filter((j) => !isJobFinished(j) && !isOurs(j))) {
        await recorder.warning(cronJob, 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${job.metadata?.name}`);
      }
      for (const ref of previous.active ?? []) {
        const job = owned.find((j) => j.metadata?.uid === ref.uid);
        if (job !== undefined && isJobFinished(job)) await recorder.normal(cronJob, 'SawCompletedJob', `Saw completed job: ${job.metadata?.name}, condition: ${hasCondition(job, 'Complete') ? 'Complete' : 'Failed'}`);
      }
      const completions = owned.filter((job) => hasCondition(job, 'Complete') && job.status?.completionTime).map((job) => Date.parse(job.status!.completionTime!));
      const lastSuccess = Math.max(previous.lastSuccessfulTime ? Date.parse(previous.lastSuccessfulTime) : -Infinity, ...completions);
      let lastScheduleTime = previous.lastScheduleTime;
      let requeueAfter: number | undefined;

      if (!spec.suspend) {
        try {
          const schedule = parseSchedule(spec.schedule, spec.timeZone);
          let earliest = lastScheduleTime ? Date.parse(lastScheduleTime) : Date.parse(cronJob.metadata?.creationTimestamp ?? '') || now;
          if (spec.startingDeadlineSeconds !== undefined) earliest = Math.max(earliest, now - spec.startingDeadlineSeconds * 1000);
          const due = dueRun(schedule, earliest, now);
          requeueAfter = Math.max(1, due.nextAt - now);
          if (due.count > MAX_MISSED_SCHEDULES) {
            await recorder.warning(cronJob, 'TooManyMissedTimes', `too many missed start times: ${due.count}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
          }
          if (due.scheduledAt !== undefined) {
            if (spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
              // Not recorded as scheduled: once the running job finishes, this run still starts (within the deadline).
              await recorder.normal(cronJob, 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
            } else {
              if (spec.concurrencyPolicy === 'Replace') {
                for (const job of active) await deleteJob(cronJob, job);
                active = [];
              }
              const desired = jobFromTemplate(cronJob, due.scheduledAt);
              expectations.expectCreations(key, 1);
              try {
                const created = await jobClient.create(desired);
                active.push(created);
                await recorder.normal(cronJob, 'SuccessfulCreate', `Created job ${created.metadata?.name}`);
              } catch (error) {
                expectations.creationObserved(key);
                if (!isAlreadyExists(error)) {
                  await recorder.warning(cronJob, 'FailedCreate', `Error creating job: ${error instanceof Error ? error.message : String(error)}`);
                  throw error;
                }
              }
              lastScheduleTime = metaTime(due.scheduledAt);
            }
          }
        } catch (error) {
          if (!(error instanceof ScheduleError)) throw error;
          await recorder.warning(cronJob, error.reason, error.message);
          requeueAfter = undefined;
        }
      }

      const finished = owned.filter((job) => isJobFinished(job) && !active.includes(job));
      const trim = async (list: Job[], limit: number | undefined) => {
        if (limit === undefined) return;
        const oldestFirst = [...list].sort((a, b) => startOf(a) - startOf(b));
        for (const job of oldestFirst.slice(0, Math.max(0, oldestFirst.length - limit))) await deleteJob(cronJob, job);
      };
      await trim(finished.filter((job) => hasCondition(job, 'Complete')), spec.successfulJobsHistoryLimit ?? 3);
      await trim(finished.filter((job) => hasCondition(job, 'Failed')), spec.failedJobsHistoryLimit ?? 1);

      const status = {
        ...(active.length > 0 ? { active: active.map(jobRef).sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '')) } : {}),
        ...(lastScheduleTime ? { lastScheduleTime } : {}),
        ...(Number.isFinite(lastSuccess) ? { lastSuccessfulTime: metaTime(lastSuccess) } : {}),
      };
      const comparable = (s: NonNullable<CronJob['status']>) => ({ ...s, active: (s.active ?? []).map(({ resourceVersion: _ignored, ...ref }) => ref) });
      if (!sameJson(comparable(status), comparable(previous))) {
        await cronJobClient.updateStatus({ ...cronJob, status });
      }
      return requeueAfter !== undefined ? { requeueAfter } : undefined;
    },
  };
}

/** config name "cronjob". */
export const cronJobFactory: ControllerFactory = (context) => cronJobController(context);
