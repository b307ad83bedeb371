// Jobs and Services end to end over simulated nodes: the real API server, the scheduler, two sim
// kubelets and the job + service controllers, all on one fake clock. Sim containers exit when
// their pod's sim.engenho.io/exit-after-seconds annotation says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoints, Job, Pod, Service } from '../api/index.js';
import { eventually } from '../client/testing/real-api-server.js';
import { startKubeletHarness, type KubeletHarness } from '../kubelet/testing/kubelet-harness.js';
import { runScheduler, type RunningScheduler } from '../scheduler/index.js';
import { runControllers, type RunningControllers } from './index.js';
import { jobController } from './job-controller.js';
import { serviceController } from './service-controller.js';

let h: KubeletHarness;
let scheduler: RunningScheduler;
let controllers: RunningControllers;

beforeAll(async () => {
  h = await startKubeletHarness({ count: 2 });
  scheduler = runScheduler({ client: h.client, clock: h.clock });
  controllers = runControllers({ client: h.client, clock: h.clock, factories: { job: jobController, service: serviceController } });
  await Promise.all([scheduler.ready, controllers.ready]);
});

afterAll(async () => {
  await controllers?.stop();
  await scheduler?.stop();
  await h?.stop();
});

const jobs = () => h.client.resource<Job>('batch/v1', 'jobs');

function jobManifest(name: string, spec: Partial<NonNullable<Job['spec']>>, annotations: Record<string, string>): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { template: { metadata: { annotations }, spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox' }] } }, ...spec },
  };
}

/** Moves the fake clock a second at a time until `check` holds (the sim needs time to pass). */
async function advanceUntil(check: () => Promise<boolean>, what: string, maxSeconds = 120): Promise<void> {
  for (let second = 0; second < maxSeconds; second++) {
    if (await check()) return;
    await h.advance(1000);
  }
  await eventually(check, what, 200);
}

const condition = (type: string) => async (name: string) => ((await jobs().get(name, { namespace: 'default' })).status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');

describe('jobs and services over sim kubelets', () => {
  it('runs a job of completions 3 and parallelism 2 to Complete', async () => {
    await jobs().create(jobManifest('batch', { completions: 3, parallelism: 2 }, { 'sim.engenho.io/exit-after-seconds': '3' }));
    await advanceUntil(() => condition('Complete')('batch'), 'batch complete');
    const done = await jobs().get('batch', { namespace: 'default' });
    expect(done.status).toMatchObject({ succeeded: 3, ready: 0, terminating: 0 });
    expect(done.status?.failed).toBeUndefined();
    const pods = (await h.pods.list({ namespace: 'default', labelSelector: 'batch.kubernetes.io/job-name=batch' })).items;
    expect(pods.map((p) => p.status?.phase)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    expect(new Set(pods.map((p) => p.spec?.nodeName)).size).toBeGreaterThanOrEqual(1);
  });

  it('fails a job whose pods exit 1 past backoffLimit', async () => {
    await jobs().create(jobManifest('doomed', { backoffLimit: 1 }, { 'sim.engenho.io/exit-after-seconds': '1', 'sim.engenho.io/exit-code': '1' }));
    await advanceUntil(() => condition('Failed')('doomed'), 'doomed failed');
    const failed = await jobs().get('doomed', { namespace: 'default' });
    expect(failed.status).toMatchObject({ failed: 2 });
    expect(failed.status?.conditions?.map((c) => [c.type, c.reason])).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded'],
      ['Failed', 'BackoffLimitExceeded'],
    ]);
  });

  it('lists running pods with their sim IPs and nodes in the service endpoints', async () => {
    for (const name of ['echo-1', 'echo-2']) {
      await h.pods.create({ metadata: { name, namespace: 'default', labels: { app: 'echo' } }, spec: { containers: [{ name: 'echo', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] } });
    }
    await h.client.resource<Service>('v1', 'services').create({ metadata: { name: 'echo', namespace: 'default' }, spec: { selector: { app: 'echo' }, ports: [{ port: 80, targetPort: 'http' }] } });
    const endpoints = h.client.resource<Endpoints>('v1', 'endpoints');
    const ready = async () => ((await endpoints.get('echo', { namespace: 'default' }).catch(() => undefined))?.subsets?.[0]?.addresses ?? []).length === 2;
    await advanceUntil(ready, 'two ready echo endpoints');
    const found = await endpoints.get('echo', { namespace: 'default' });
    const pods = new Map((await h.pods.list({ namespace: 'default', labelSelector: 'app=echo' })).items.map((p: Pod) => [p.metadata?.name, p]));
    expect(found.subsets?.[0]?.ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    for (const address of found.subsets?.[0]?.addresses ?? []) {
      const pod = pods.get(address.targetRef?.name)!;
      expect(address).toEqual({ ip: pod.status?.podIP, nodeName: pod.spec?.nodeName, targetRef: { kind: 'Pod', namespace: 'default', name: pod.metadata?.name, uid: pod.metadata?.uid } });
      expect(address.ip).toMatch(/^10\.244\.\d+\.\d+$/);
    }
  });
});
