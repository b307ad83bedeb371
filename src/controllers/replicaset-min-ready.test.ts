import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ReplicaSet } from '../api/index.js';
import { FakeClock } from '../client/testing/index.js';
import { replicaSetController } from './replicaset-controller.js';
import { eventually, startControllerHarness, type ControllerHarness } from './testing/controller-harness.js';

let harness: ControllerHarness;
const clock = new FakeClock(Date.parse('2026-03-01T12:00:00Z'));
beforeAll(async () => {
  harness = await startControllerHarness({ replicaset: replicaSetController }, clock);
});
afterAll(async () => harness?.stop());

it('counts a ready pod available only after minReadySeconds', async () => {
  const sets = harness.client.resource<ReplicaSet>('apps/v1', 'replicasets');
  await sets.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'slow', namespace: 'default' },
    spec: { replicas: 2, minReadySeconds: 10, selector: { matchLabels: { app: 'slow' } }, template: { metadata: { labels: { app: 'slow' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  });
  const status = async () => (await sets.get('slow', { namespace: 'default' })).status;
  await eventually(async () => (await status())?.replicas === 2, 'two pods');
  expect(await harness.readyPods('default')).toBe(2);
  await eventually(async () => (await status())?.readyReplicas === 2, 'ready');
  expect(await status()).toEqual({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, observedGeneration: 1 });
  await clock.advance(9_000);
  expect((await status())?.availableReplicas).toBeUndefined();
  await clock.advance(1_000);
  await eventually(async () => (await status())?.availableReplicas === 2, 'available after 10 s');
  expect(await status()).toEqual({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 });
});
