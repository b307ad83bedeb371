import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, Pod, PodDisruptionBudget } from '../api/index.js';
import { ApiError, Client } from '../client/index.js';
import { deploymentController } from './deployment-controller.js';
import { disruptionController } from './disruption-controller.js';
import { replicaSetController } from './replicaset-controller.js';
import { eventually, startControllerHarness, type ControllerHarness } from './testing/controller-harness.js';

let harness: ControllerHarness;
beforeAll(async () => {
  harness = await startControllerHarness({ replicaset: replicaSetController, deployment: deploymentController, disruption: disruptionController });
});
afterAll(async () => harness?.stop());

const deployment = (name: string, replicas: number): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
  },
});

const budget = (name: string, app: string, spec: Partial<NonNullable<PodDisruptionBudget['spec']>>): PodDisruptionBudget => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name, namespace: 'default' },
  spec: { selector: { matchLabels: { app } }, ...spec },
});

const condition = (allowed: boolean) => ({
  type: 'DisruptionAllowed',
  status: allowed ? 'True' : 'False',
  reason: allowed ? 'SufficientPods' : 'InsufficientPods',
  message: '',
  observedGeneration: 1,
  lastTransitionTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
});

async function livePods(app: string): Promise<Pod[]> {
  const { items } = await harness.client.resource<Pod>('v1', 'pods').list({ namespace: 'default', labelSelector: `app=${app}` });
  return items.filter((pod) => !pod.metadata?.deletionTimestamp);
}

async function readyDeployment(name: string, replicas: number): Promise<void> {
  await harness.client.resource<Deployment>('apps/v1', 'deployments').create(deployment(name, replicas));
  await eventually(async () => (await livePods(name)).length === replicas, `${replicas} pods of ${name}`);
  await harness.readyPods('default', (pod) => pod.metadata?.labels?.app === name);
}

// Without retries: this client would otherwise try a 429 again (as for max-in-flight refusals).
const evict = (name: string) =>
  new Client(harness.api.inProcess(), { retry: { maxRetries: 0 } })
    .resource<Pod>('v1', 'pods').createSubresource(name, 'eviction', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } }, { namespace: 'default' });

describe('disruption controller and pods/eviction', () => {
  it('reports PDB status from minAvailable and maxUnavailable (ints and percents)', async () => {
    await readyDeployment('web', 3);
    const budgets = harness.client.resource<PodDisruptionBudget>('policy/v1', 'poddisruptionbudgets');
    await budgets.create(budget('web-min', 'web', { minAvailable: 2 }));
    await budgets.create(budget('web-max', 'web', { maxUnavailable: '50%' }));
    await budgets.create(budget('web-all', 'web', { minAvailable: '100%' }));
    const statusOf = async (name: string) => (await budgets.get(name, { namespace: 'default' })).status;
    await eventually(async () => (await statusOf('web-min'))?.currentHealthy === 3, 'web-min counts 3 healthy');
    expect(await statusOf('web-min')).toEqual({ disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, observedGeneration: 1, conditions: [condition(true)] });
    await eventually(async () => (await statusOf('web-max'))?.currentHealthy === 3, 'web-max counts 3 healthy');
    // 50% of 3 rounds up to 2 unavailable: 1 must stay healthy.
    expect(await statusOf('web-max')).toEqual({ disruptionsAllowed: 2, currentHealthy: 3, desiredHealthy: 1, expectedPods: 3, observedGeneration: 1, conditions: [condition(true)] });
    await eventually(async () => (await statusOf('web-all'))?.currentHealthy === 3, 'web-all counts 3 healthy');
    expect(await statusOf('web-all')).toEqual({ disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 3, expectedPods: 3, observedGeneration: 1, conditions: [condition(false)] });
  });

  it('refuses an eviction with 429 when the budget allows none, and evicts (taking a disruption) otherwise', async () => {
    await readyDeployment('api', 2);
    const budgets = harness.client.resource<PodDisruptionBudget>('policy/v1', 'poddisruptionbudgets');
    await budgets.create(budget('api', 'api', { minAvailable: 1 }));
    await eventually(async () => (await budgets.get('api', { namespace: 'default' })).status?.disruptionsAllowed === 1, 'one disruption allowed');
    const [first, second] = await livePods('api');

    expect(await evict(first!.metadata!.name!)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    // Until the replacement is ready the budget has no disruption left.
    const error = await evict(second!.metadata!.name!).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget api needs 1 healthy pods and has 1 currently' }] },
      code: 429,
    });
    expect((await livePods('api')).map((pod) => pod.metadata?.name)).toContain(second!.metadata!.name);

    await eventually(async () => (await livePods('api')).length === 2, 'replacement created');
    await harness.readyPods('default', (pod) => pod.metadata?.labels?.app === 'api');
    await eventually(async () => (await budgets.get('api', { namespace: 'default' })).status?.disruptionsAllowed === 1, 'disruption allowed again');
    await evict(second!.metadata!.name!);
    await eventually(async () => !(await livePods('api')).some((pod) => pod.metadata?.name === second!.metadata!.name), 'second pod evicted');
  });
});
