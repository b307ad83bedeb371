import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Deployment } from '../api/index.js';
import { FakeClock } from '../client/testing/index.js';
import { deploymentController } from './deployment-controller.js';
import { replicaSetController } from './replicaset-controller.js';
import { eventually, startControllerHarness, type ControllerHarness } from './testing/controller-harness.js';

let harness: ControllerHarness;
const clock = new FakeClock(Date.parse('2026-03-01T12:00:00Z'));
beforeAll(async () => {
  harness = await startControllerHarness({ replicaset: replicaSetController, deployment: deploymentController }, clock);
});
afterAll(async () => harness?.stop());

it('reports ProgressDeadlineExceeded once progressDeadlineSeconds pass without progress', async () => {
  const deployments = harness.client.resource<Deployment>('apps/v1', 'deployments');
  await deployments.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'stuck', namespace: 'default' },
    spec: { replicas: 1, progressDeadlineSeconds: 60, selector: { matchLabels: { app: 'stuck' } }, template: { metadata: { labels: { app: 'stuck' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  });
  const conditions = async () => (await deployments.get('stuck', { namespace: 'default' })).status?.conditions?.map((c) => [c.type, c.status, c.reason, c.lastUpdateTime]);
  await eventually(async () => (await deployments.get('stuck', { namespace: 'default' })).status?.replicas === 1, 'pod counted');
  const revision = (await deployments.get('stuck', { namespace: 'default' })).metadata?.annotations?.['deployment.kubernetes.io/revision'];
  expect(revision).toBe('1');
  expect(await conditions()).toEqual([
    ['Available', 'False', 'MinimumReplicasUnavailable', '2026-03-01T12:00:00Z'],
    ['Progressing', 'True', 'ReplicaSetUpdated', '2026-03-01T12:00:00Z'],
  ]);
  await clock.advance(60_000);
  await eventually(async () => (await conditions())?.some(([, , reason]) => reason === 'ProgressDeadlineExceeded') === true, 'deadline exceeded');
  const progressing = (await deployments.get('stuck', { namespace: 'default' })).status?.conditions?.find((c) => c.type === 'Progressing');
  expect(progressing).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: expect.stringMatching(/^ReplicaSet "stuck-\w+" has timed out progressing\.$/), lastUpdateTime: '2026-03-01T12:01:00Z' });
  const run = promisify(execFile);
  await expect(run('kubectl', ['--kubeconfig', harness.api.kubeconfig, 'rollout', 'status', 'deployment/stuck', '--timeout=10s'])).rejects.toThrow(/exceeded its progress deadline/);
});
