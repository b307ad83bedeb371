// The Job controller (and TTL-after-finished) against the real in-process API server, the test
// playing the kubelet by writing pods/status, with a fake clock for back-off, deadlines and TTLs.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreV1Event, Job, Pod } from '../api/index.js';
import { Client } from '../client/index.js';
import { FakeClock } from '../client/testing/index.js';
import { eventually, startRealApiServer, type RealApiServer } from '../client/testing/real-api-server.js';
import { runControllers, type RunningControllers } from './index.js';
import { jobController } from './job-controller.js';

const START = Date.parse('2026-01-01T00:00:00Z');
const T0 = '2026-01-01T00:00:00Z';
let cluster: RealApiServer;
let client: Client;
let clock: FakeClock;
let controllers: RunningControllers;

beforeAll(async () => {
  cluster = await startRealApiServer();
  client = new Client(cluster.inProcess());
  clock = new FakeClock(START);
  controllers = runControllers({ client, clock, factories: { job: jobController } });
  await controllers.ready;
});

afterAll(async () => {
  await controllers?.stop();
  await cluster?.stop();
});

const jobs = () => client.resource<Job>('batch/v1', 'jobs');
const pods = () => client.resource<Pod>('v1', 'pods');

async function createJob(name: string, spec: Partial<NonNullable<Job['spec']>>): Promise<Job> {
  return jobs().create({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } }, ...spec },
  });
}

async function jobPods(name: string): Promise<Pod[]> {
  return (await pods().list({ namespace: 'default', labelSelector: `batch.kubernetes.io/job-name=${name}` })).items;
}

async function podsOf(name: string, count: number, filter: (pod: Pod) => boolean = () => true): Promise<Pod[]> {
  let found: Pod[] = [];
  await eventually(async () => (found = (await jobPods(name)).filter(filter)).length === count, `${count} pods of ${name}`);
  return found;
}

/** The test's kubelet: writes the pod's phase (and Ready) through pods/status. */
async function setPhase(pod: Pod, phase: 'Running' | 'Succeeded' | 'Failed', ready = phase === 'Running'): Promise<void> {
  const live = await pods().get(pod.metadata!.name!, { namespace: 'default' });
  await pods().updateStatus({ ...live, status: { ...live.status, phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } });
}

async function statusOf(name: string, check: (job: Job) => boolean, what: string): Promise<Job> {
  let job: Job | undefined;
  await eventually(async () => check((job = await jobs().get(name, { namespace: 'default' }))), what);
  return job!;
}

const pending = (pod: Pod) => pod.status?.phase === 'Pending';

describe('job controller', () => {
  it('runs completions 3 with parallelism 2 to Complete with exact status, and kubectl wait returns', async () => {
    const created = await createJob('three', { completions: 3, parallelism: 2 });
    const first = await podsOf('three', 2);
    expect(first[0]!.metadata).toMatchObject({
      generateName: 'three-',
      labels: { 'batch.kubernetes.io/job-name': 'three', 'job-name': 'three', 'batch.kubernetes.io/controller-uid': created.metadata!.uid, 'controller-uid': created.metadata!.uid },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'three', uid: created.metadata!.uid, controller: true, blockOwnerDeletion: true }],
    });
    for (const pod of first) await setPhase(pod, 'Running');
    const running = await statusOf('three', (j) => j.status?.ready === 2, 'two ready');
    expect(running.status).toEqual({ startTime: T0, active: 2, ready: 2, terminating: 0, uncountedTerminatedPods: {} });

    await setPhase(first[0]!, 'Succeeded');
    const [third] = await podsOf('three', 1, pending);
    await statusOf('three', (j) => j.status?.succeeded === 1 && j.status.active === 2, 'one succeeded, two active');
    await setPhase(first[1]!, 'Succeeded');
    await setPhase(third!, 'Succeeded');
    const done = await statusOf('three', (j) => (j.status?.conditions ?? []).some((c) => c.type === 'Complete'), 'complete');
    const reached = { status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: T0, lastTransitionTime: T0 };
    expect(done.status).toEqual({
      conditions: [{ type: 'SuccessCriteriaMet', ...reached }, { type: 'Complete', ...reached }],
      startTime: T0,
      completionTime: T0,
      succeeded: 3,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
    expect(await jobPods('three')).toHaveLength(3);

    const { stdout } = await promisify(execFile)('kubectl', ['--kubeconfig', cluster.kubeconfig, 'wait', '--for=condition=complete', 'job/three', '--timeout=20s']);
    expect(stdout.trim()).toBe('job.batch/three condition met');

    const events = (await client.resource<CoreV1Event>('v1', 'events').list({ namespace: 'default', fieldSelector: 'involvedObject.name=three' })).items;
    expect(events.filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(3);
    expect(events.filter((e) => e.reason === 'Completed').map((e) => e.message)).toEqual(['Job completed']);
  });

  it('replaces failed pods after a 10 s back-off and fails with BackoffLimitExceeded past backoffLimit', async () => {
    await createJob('flaky', { backoffLimit: 1 });
    const [first] = await podsOf('flaky', 1);
    await setPhase(first!, 'Failed');
    await statusOf('flaky', (j) => j.status?.failed === 1, 'one failure counted');
    expect((await jobPods('flaky')).map((p) => p.status?.phase)).toEqual(['Failed']);
    await clock.advance(10_000);
    const [second] = await podsOf('flaky', 1, pending);
    await setPhase(second!, 'Failed');
    const failed = await statusOf('flaky', (j) => (j.status?.conditions ?? []).some((c) => c.type === 'Failed'), 'failed');
    const now = new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const exceeded = { status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: now, lastTransitionTime: now };
    expect(failed.status).toEqual({
      conditions: [{ type: 'FailureTarget', ...exceeded }, { type: 'Failed', ...exceeded }],
      startTime: T0,
      failed: 2,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
  });

  it('fails a job past activeDeadlineSeconds, deleting its running pods', async () => {
    const started = new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await createJob('slow', { activeDeadlineSeconds: 30, parallelism: 2, completions: 2 });
    for (const pod of await podsOf('slow', 2)) await setPhase(pod, 'Running');
    await statusOf('slow', (j) => j.status?.ready === 2, 'running');
    await clock.advance(30_000);
    const failed = await statusOf('slow', (j) => (j.status?.conditions ?? []).some((c) => c.type === 'Failed'), 'deadline exceeded');
    expect(failed.status?.conditions?.map((c) => [c.type, c.reason, c.message])).toEqual([
      ['FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
      ['Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
    ]);
    expect(failed.status?.startTime).toBe(started);
    expect(await jobPods('slow')).toEqual([]);
  });

  it('deletes a finished job once ttlSecondsAfterFinished has passed', async () => {
    await createJob('short-lived', { ttlSecondsAfterFinished: 60 });
    const [pod] = await podsOf('short-lived', 1);
    await setPhase(pod!, 'Succeeded');
    await statusOf('short-lived', (j) => !!j.status?.completionTime, 'complete');
    await clock.advance(59_000);
    expect((await jobs().get('short-lived', { namespace: 'default' })).metadata?.name).toBe('short-lived');
    await clock.advance(1_000);
    await eventually(async () => !(await jobs().list({ namespace: 'default' })).items.some((j) => j.metadata?.name === 'short-lived'), 'job deleted');
  });

  it('gives Indexed pods their completion index and reports completedIndexes', async () => {
    await createJob('indexed', { completionMode: 'Indexed', completions: 3, parallelism: 3 });
    const created = await podsOf('indexed', 3);
    const indexes = created.map((p) => p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index']).sort();
    expect(indexes).toEqual(['0', '1', '2']);
    const zero = created.find((p) => p.metadata?.labels?.['batch.kubernetes.io/job-completion-index'] === '0')!;
    expect(zero.spec?.hostname).toBe('indexed-0');
    await setPhase(zero, 'Succeeded');
    await statusOf('indexed', (j) => j.status?.completedIndexes === '0', 'index 0 done');
    for (const pod of created.filter((p) => p !== zero)) await setPhase(pod, 'Succeeded');
    const done = await statusOf('indexed', (j) => !!j.status?.completionTime, 'complete');
    expect(done.status).toMatchObject({ succeeded: 3, completedIndexes: '0-2' });
  });
});
