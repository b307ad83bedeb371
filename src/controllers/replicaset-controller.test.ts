import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreV1Event, Pod, ReplicaSet } from '../api/index.js';
import { replicaSetController } from './replicaset-controller.js';
import { eventually, startControllerHarness, type ControllerHarness } from './testing/controller-harness.js';

let harness: ControllerHarness;
beforeAll(async () => {
  harness = await startControllerHarness({ replicaset: replicaSetController });
});
afterAll(async () => harness?.stop());

const replicaSet = (name: string, replicas: number): ReplicaSet => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name, tier: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
  },
});

describe('ReplicaSet controller', () => {
  it('creates, scales and reports status', async () => {
    const pods = harness.client.resource<Pod>('v1', 'pods');
    const sets = harness.client.resource<ReplicaSet>('apps/v1', 'replicasets');
    const rs = await sets.create(replicaSet('web', 3));
    const owned = async () => (await pods.list({ namespace: 'default', labelSelector: 'app=web' })).items.filter((pod) => !pod.metadata?.deletionTimestamp);
    await eventually(async () => (await owned()).length === 3, '3 pods');
    const created = await owned();
    for (const pod of created) {
      expect(pod.metadata?.generateName).toBe('web-');
      expect(pod.metadata?.labels).toEqual({ app: 'web', tier: 'web' });
      expect(pod.metadata?.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata?.uid, controller: true, blockOwnerDeletion: true }]);
    }
    await eventually(async () => (await sets.get('web', { namespace: 'default' })).status?.replicas === 3, 'status.replicas 3');
    expect(await harness.readyPods('default')).toBe(3);
    await eventually(async () => (await sets.get('web', { namespace: 'default' })).status?.availableReplicas === 3, 'available 3');
    expect((await sets.get('web', { namespace: 'default' })).status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });

    await sets.patch('web', { spec: { replicas: 5 } }, { type: 'merge', namespace: 'default' });
    await eventually(async () => (await owned()).length === 5, 'scaled to 5');
    // The two new pods are not ready: scaling down removes them first.
    await sets.patch('web', { spec: { replicas: 3 } }, { type: 'merge', namespace: 'default' });
    await eventually(async () => (await owned()).length === 3, 'scaled to 3');
    expect((await owned()).map((pod) => pod.metadata?.name).sort()).toEqual(created.map((pod) => pod.metadata?.name).sort());
    await eventually(async () => (await sets.get('web', { namespace: 'default' })).status?.observedGeneration === 3, 'observed generation 3');

    const events = harness.client.resource<CoreV1Event>('v1', 'events');
    await eventually(async () => {
      const reasons = (await events.list({ namespace: 'default' })).items.filter((event) => event.involvedObject.name === 'web').map((event) => event.reason);
      return reasons.includes('SuccessfulCreate') && reasons.includes('SuccessfulDelete');
    }, 'events recorded');
  });

  it('adopts matching orphans and releases pods that stop matching', async () => {
    const pods = harness.client.resource<Pod>('v1', 'pods');
    const sets = harness.client.resource<ReplicaSet>('apps/v1', 'replicasets');
    await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { app: 'adopt' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const rs = await sets.create(replicaSet('adopt', 2));
    await eventually(async () => (await pods.get('stray', { namespace: 'default' })).metadata?.ownerReferences?.[0]?.uid === rs.metadata?.uid, 'orphan adopted');
    await eventually(async () => (await pods.list({ namespace: 'default', labelSelector: 'app=adopt' })).items.length === 2, 'only one more pod created');

    await pods.patch('stray', { metadata: { labels: { app: 'gone' } } }, { type: 'merge', namespace: 'default' });
    await eventually(async () => (await pods.get('stray', { namespace: 'default' })).metadata?.ownerReferences === undefined, 'released');
    await eventually(async () => (await pods.list({ namespace: 'default', labelSelector: 'app=adopt' })).items.length === 2, 'replacement created');
  });

  it('slow-starts creations: when pods cannot be created, one attempt per reconcile, not one per missing replica', async () => {
    const namespaces = harness.client.resource('v1', 'namespaces');
    const sets = harness.client.resource<ReplicaSet>('apps/v1', 'replicasets');
    await namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'closing' } });
    await sets.create({ ...replicaSet('blocked', 0), metadata: { name: 'blocked', namespace: 'closing' } });
    // No namespace controller runs here: the namespace stays Terminating and refuses new pods (403).
    await namespaces.delete('closing');
    const counts = () => {
      const api = harness.api.server.context.metrics.render(harness.api.server.context.flowControl);
      const posts = Number(/apiserver_request_total\{code="403",group="",resource="pods",scope="namespace",subresource="",verb="POST",version="v1"\} (\d+)/.exec(api)?.[1] ?? 0);
      const failures = harness.controllers.manager.metrics.render();
      const errors = Number(/controller_runtime_reconcile_errors_total\{controller="replicaset"\} (\d+)/.exec(failures)?.[1] ?? 0);
      return { posts, errors };
    };
    const before = counts();
    await sets.patch('blocked', { spec: { replicas: 5 } }, { type: 'merge', namespace: 'closing' });
    await eventually(() => counts().errors - before.errors >= 3, 'three failed reconciles');
    const after = counts();
    const posts = after.posts - before.posts;
    const errors = after.errors - before.errors;
    expect(posts - errors).toBeGreaterThanOrEqual(0);
    expect(posts - errors).toBeLessThanOrEqual(1);
  });
});
