// The CronJob controller against the real in-process API server with a fake clock: the test
// finishes Jobs by writing their status (as the Job controller would) and moves time forward.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreV1Event, CronJob, Job } from '../api/index.js';
import { Client } from '../client/index.js';
import { FakeClock } from '../client/testing/index.js';
import { eventually, startRealApiServer, type RealApiServer } from '../client/testing/real-api-server.js';
import { cronJobFactory } from './cronjob-controller.js';
import { runControllers, type RunningControllers } from './index.js';
import { metaTime } from './job-sync.js';

const MINUTE = 60_000;
let cluster: RealApiServer;
let client: Client;
let clock: FakeClock;
let controllers: RunningControllers;

beforeAll(async () => {
  cluster = await startRealApiServer();
  client = new Client(cluster.inProcess());
  // Just past the next minute boundary of real time, so CronJobs created now (stamped with real
  // time by the server) have their first run due at once.
  clock = new FakeClock(Math.ceil(Date.now() / MINUTE) * MINUTE + 1_000);
  controllers = runControllers({ client, clock, factories: { cronjob: cronJobFactory } });
  await controllers.ready;
});

afterAll(async () => {
  await controllers?.stop();
  await cluster?.stop();
});

const cronJobs = () => client.resource<CronJob>('batch/v1', 'cronjobs');
const jobs = () => client.resource<Job>('batch/v1', 'jobs');
const minuteOf = (ms: number) => Math.floor(ms / MINUTE);
const lastMinute = () => Math.floor(clock.now() / MINUTE) * MINUTE;

async function createCronJob(name: string, spec: Partial<NonNullable<CronJob['spec']>>): Promise<CronJob> {
  return cronJobs().create({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      schedule: '* * * * *',
      jobTemplate: { metadata: { labels: { owner: name } }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } } } },
      ...spec,
    },
  });
}

async function jobsOf(name: string): Promise<Job[]> {
  return (await jobs().list({ namespace: 'default', labelSelector: `owner=${name}` })).items.filter((j) => !j.metadata?.deletionTimestamp).sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
}

async function namesOf(name: string, expected: string[]): Promise<void> {
  await eventually(async () => JSON.stringify((await jobsOf(name)).map((j) => j.metadata!.name!)) === JSON.stringify(expected), `${name} jobs ${expected.join(',')}`);
}

async function cronStatus(name: string, check: (c: CronJob) => boolean, what: string): Promise<CronJob> {
  let found: CronJob | undefined;
  await eventually(async () => check((found = await cronJobs().get(name, { namespace: 'default' }))), what);
  return found!;
}

/** Plays the Job controller: the job ends Complete or Failed at the fake clock's time. */
async function finish(job: Job, outcome: 'Complete' | 'Failed'): Promise<void> {
  const live = await jobs().get(job.metadata!.name!, { namespace: 'default' });
  const now = metaTime(clock.now());
  const condition = { type: outcome, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: outcome === 'Complete' ? 'CompletionsReached' : 'BackoffLimitExceeded' };
  const preceding = { ...condition, type: outcome === 'Complete' ? 'SuccessCriteriaMet' : 'FailureTarget' };
  await jobs().updateStatus({
    ...live,
    status: { startTime: now, conditions: [preceding, condition], ...(outcome === 'Complete' ? { succeeded: 1, completionTime: now } : { failed: 1 }) },
  });
}

async function events(name: string, reason: string): Promise<CoreV1Event[]> {
  return (await client.resource<CoreV1Event>('v1', 'events').list({ namespace: 'default', fieldSelector: `involvedObject.name=${name}` })).items.filter((e) => e.reason === reason);
}

describe('cronjob controller', () => {
  it('creates a Job per scheduled minute, tracks status and keeps successfulJobsHistoryLimit', async () => {
    const first = lastMinute();
    const cronJob = await createCronJob('every', { successfulJobsHistoryLimit: 1 });
    await namesOf('every', [`every-${minuteOf(first)}`]);
    const [job] = await jobsOf('every');
    expect(job!.metadata?.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'every', uid: cronJob.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
    expect(job!.metadata?.annotations).toEqual({ 'batch.kubernetes.io/cronjob-scheduled-timestamp': metaTime(first) });
    const running = await cronStatus('every', (c) => (c.status?.active ?? []).length === 1, 'one active');
    expect(running.status).toEqual({
      active: [{ apiVersion: 'batch/v1', kind: 'Job', name: `every-${minuteOf(first)}`, namespace: 'default', uid: job!.metadata!.uid, resourceVersion: expect.any(String) }],
      lastScheduleTime: metaTime(first),
    });

    await clock.advance(MINUTE);
    await namesOf('every', [`every-${minuteOf(first)}`, `every-${minuteOf(first + MINUTE)}`]);
    const [older, newer] = await jobsOf('every');
    await finish(older!, 'Complete');
    const afterOne = await cronStatus('every', (c) => !!c.status?.lastSuccessfulTime && c.status.active?.length === 1, 'first complete');
    expect(afterOne.status?.lastSuccessfulTime).toBe(metaTime(clock.now()));
    await finish(newer!, 'Complete');
    // Two successful jobs, limit 1: the older goes.
    await namesOf('every', [`every-${minuteOf(first + MINUTE)}`]);
    const settled = await cronStatus('every', (c) => c.status?.active === undefined, 'nothing active');
    expect(settled.status).toEqual({ lastScheduleTime: metaTime(first + MINUTE), lastSuccessfulTime: metaTime(clock.now()) });
    expect((await events('every', 'SuccessfulCreate')).map((e) => e.message).sort()).toEqual([`Created job every-${minuteOf(first)}`, `Created job every-${minuteOf(first + MINUTE)}`]);
    await cronJobs().patch('every', { spec: { suspend: true } }, { type: 'merge' });
  });

  it('Forbid skips a run while one is active, then starts the missed run when it finishes', async () => {
    const first = lastMinute();
    await createCronJob('forbid', { concurrencyPolicy: 'Forbid' });
    await namesOf('forbid', [`forbid-${minuteOf(first)}`]);
    await clock.advance(MINUTE);
    await eventually(async () => (await events('forbid', 'JobAlreadyActive')).length > 0, 'JobAlreadyActive event');
    expect((await jobsOf('forbid')).map((j) => j.metadata?.name)).toEqual([`forbid-${minuteOf(first)}`]);
    const [job] = await jobsOf('forbid');
    await finish(job!, 'Failed');
    await namesOf('forbid', [`forbid-${minuteOf(first)}`, `forbid-${minuteOf(first + MINUTE)}`]);
    await cronJobs().patch('forbid', { spec: { suspend: true } }, { type: 'merge' });
  });

  it('Replace deletes the active Job and starts the new one; failedJobsHistoryLimit trims failures', async () => {
    const first = lastMinute();
    await createCronJob('replace', { concurrencyPolicy: 'Replace', failedJobsHistoryLimit: 0 });
    await namesOf('replace', [`replace-${minuteOf(first)}`]);
    await clock.advance(MINUTE);
    await namesOf('replace', [`replace-${minuteOf(first + MINUTE)}`]);
    expect((await events('replace', 'SuccessfulDelete')).map((e) => e.message)).toEqual([`Deleted job replace-${minuteOf(first)}`]);
    const [job] = await jobsOf('replace');
    await finish(job!, 'Failed');
    await namesOf('replace', []);
    await cronJobs().patch('replace', { spec: { suspend: true } }, { type: 'merge' });
  });

  it('starts nothing while suspended, and the due run once resumed', async () => {
    await createCronJob('paused', { suspend: true });
    // One worker, first in first out: once "marker" (created after) has run, "paused" was seen.
    await createCronJob('marker', {});
    await namesOf('marker', [`marker-${minuteOf(lastMinute())}`]);
    expect(await jobsOf('paused')).toEqual([]);
    await cronJobs().patch('paused', { spec: { suspend: false } }, { type: 'merge' });
    await namesOf('paused', [`paused-${minuteOf(lastMinute())}`]);
  });
  it('does not count a job it did not start (kubectl create job --from) as active', async () => {
    const cronJob = await createCronJob('owner', { concurrencyPolicy: 'Forbid', suspend: true });
    await jobs().create({
      metadata: {
        name: 'owner-manual',
        namespace: 'default',
        labels: { owner: 'owner' },
        annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'owner', uid: cronJob.metadata!.uid!, controller: true }],
      },
      spec: cronJob.spec!.jobTemplate.spec!,
    });
    await cronJobs().patch('owner', { spec: { suspend: false } }, { type: 'merge' });
    await namesOf('owner', [`owner-${minuteOf(lastMinute())}`, 'owner-manual']);
    const status = await cronStatus('owner', (c) => (c.status?.active ?? []).length > 0, 'active listed');
    expect(status.status?.active?.map((ref) => ref.name)).toEqual([`owner-${minuteOf(lastMinute())}`]);
    expect((await events('owner', 'UnexpectedJob')).map((e) => e.message)).toEqual(['Saw a job that the controller did not create or forgot: owner-manual']);
  });
});
