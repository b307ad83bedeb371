import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControllerRevision, PersistentVolumeClaim, Pod, StatefulSet } from '../api/index.js';
import { statefulSetController } from './statefulset-controller.js';
import { eventually, startControllerHarness, type ControllerHarness } from './testing/controller-harness.js';

let harness: ControllerHarness;
beforeAll(async () => {
  harness = await startControllerHarness({ statefulset: statefulSetController });
});
afterAll(async () => harness?.stop());

const statefulSet = (name: string, replicas: number, extra: Partial<NonNullable<StatefulSet['spec']>> = {}): StatefulSet => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    serviceName: `${name}-svc`,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    ...extra,
  },
});

/** Records pod ADDED / DELETED events of one app in order. */
async function recordPodEvents(app: string): Promise<{ events: string[]; close(): void }> {
  const stream = await harness.client.resource<Pod>('v1', 'pods').watch({ namespace: 'default', labelSelector: `app=${app}` });
  const events: string[] = [];
  void (async () => {
    for await (const event of stream) if (event.type === 'ADDED' || event.type === 'DELETED') events.push(`${event.type} ${event.object.metadata?.name}`);
  })().catch(() => undefined);
  return { events, close: () => stream.close() };
}

const podNames = async (app: string) =>
  (await harness.client.resource<Pod>('v1', 'pods').list({ namespace: 'default', labelSelector: `app=${app}` })).items.filter((pod) => !pod.metadata?.deletionTimestamp).map((pod) => pod.metadata?.name ?? '').sort();

describe('StatefulSet controller', () => {
  it('creates pods in order (OrderedReady), each only after the previous is Running and Ready, with PVCs, and scales down from the top', async () => {
    const sets = harness.client.resource<StatefulSet>('apps/v1', 'statefulsets');
    const pods = harness.client.resource<Pod>('v1', 'pods');
    const recorder = await recordPodEvents('web');
    const sts = await sets.create(
      statefulSet('web', 3, { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] }),
    );
    for (let ordinal = 0; ordinal < 3; ordinal++) {
      await eventually(async () => (await podNames('web')).length === ordinal + 1, `pod web-${ordinal}`);
      // The next ordinal waits for this one to be Running and Ready.
      expect(await podNames('web')).toEqual(Array.from({ length: ordinal + 1 }, (_, index) => `web-${index}`));
      expect(await harness.readyPods('default', (pod) => pod.metadata?.name === `web-${ordinal}`)).toBe(1);
    }
    await eventually(async () => (await sets.get('web', { namespace: 'default' })).status?.readyReplicas === 3, 'ready 3');
    expect(recorder.events).toEqual(['ADDED web-0', 'ADDED web-1', 'ADDED web-2']);

    const pod = await pods.get('web-1', { namespace: 'default' });
    const revisions = (await harness.client.resource<ControllerRevision>('apps/v1', 'controllerrevisions').list({ namespace: 'default' })).items;
    expect(revisions.map((revision) => [revision.metadata?.name, revision.revision])).toEqual([[pod.metadata?.labels?.['controller-revision-hash'], 1]]);
    expect(pod.metadata?.labels).toEqual({
      app: 'web',
      'statefulset.kubernetes.io/pod-name': 'web-1',
      'apps.kubernetes.io/pod-index': '1',
      'controller-revision-hash': revisions[0].metadata?.name,
    });
    expect(pod.metadata?.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: sts.metadata?.uid, controller: true, blockOwnerDeletion: true }]);
    expect(pod.spec?.hostname).toBe('web-1');
    expect(pod.spec?.subdomain).toBe('web-svc');
    expect(pod.spec?.volumes?.find((volume) => volume.name === 'data')?.persistentVolumeClaim).toEqual({ claimName: 'data-web-1' });
    const claims = harness.client.resource<PersistentVolumeClaim>('v1', 'persistentvolumeclaims');
    const claimNames = async () => (await claims.list({ namespace: 'default' })).items.map((claim) => claim.metadata?.name).sort();
    expect(await claimNames()).toEqual(['data-web-0', 'data-web-1', 'data-web-2']);
    expect((await claims.get('data-web-0', { namespace: 'default' })).metadata?.labels).toEqual({ app: 'web' });

    const status = (await sets.get('web', { namespace: 'default' })).status;
    expect(status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, currentReplicas: 3, updatedReplicas: 3, currentRevision: revisions[0].metadata?.name, updateRevision: revisions[0].metadata?.name, observedGeneration: 1, collisionCount: 0 });

    await sets.patch('web', { spec: { replicas: 1 } }, { type: 'merge', namespace: 'default' });
    await eventually(async () => (await podNames('web')).length === 1, 'scaled to 1');
    expect(await podNames('web')).toEqual(['web-0']);
    recorder.close();
    expect(recorder.events.slice(3)).toEqual(['DELETED web-2', 'DELETED web-1']);
    // Claims are retained on scale-down.
    expect(await claimNames()).toEqual(['data-web-0', 'data-web-1', 'data-web-2']);
  });

  it('creates all pods at once with the Parallel policy', async () => {
    await harness.client.resource<StatefulSet>('apps/v1', 'statefulsets').create(statefulSet('par', 3, { podManagementPolicy: 'Parallel' }));
    await eventually(async () => (await podNames('par')).length === 3, '3 pods without readiness');
    expect(await podNames('par')).toEqual(['par-0', 'par-1', 'par-2']);
  });

  it('rolls out a new template from the highest ordinal down to the partition', async () => {
    const sets = harness.client.resource<StatefulSet>('apps/v1', 'statefulsets');
    const pods = harness.client.resource<Pod>('v1', 'pods');
    await sets.create(statefulSet('roll', 3, { podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }));
    await eventually(async () => (await podNames('roll')).length === 3, '3 pods');
    await harness.readyPods('default');
    await eventually(async () => (await sets.get('roll', { namespace: 'default' })).status?.readyReplicas === 3, 'ready');
    const oldRevision = (await sets.get('roll', { namespace: 'default' })).status?.updateRevision;
    await sets.patch('roll', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } } }, { type: 'merge', namespace: 'default' });
    const image = async (name: string) => (await pods.get(name, { namespace: 'default' }).catch(() => undefined))?.spec?.containers[0]?.image;
    await eventually(async () => {
      await harness.readyPods('default');
      return (await image('roll-1')) === 'nginx:2' && (await image('roll-2')) === 'nginx:2';
    }, 'ordinals 1 and 2 updated');
    expect(await image('roll-0')).toBe('nginx');
    await eventually(async () => {
      const status = (await sets.get('roll', { namespace: 'default' })).status;
      return status?.updatedReplicas === 2 && status.readyReplicas === 3;
    }, 'status updated');
    const status = (await sets.get('roll', { namespace: 'default' })).status;
    expect(status?.currentRevision).toBe(oldRevision);
    expect(status?.updateRevision).not.toBe(oldRevision);
    expect(status?.currentReplicas).toBe(1);
  });

  it('with OnDelete, replaces a pod with the new template only when it is deleted', async () => {
    const sets = harness.client.resource<StatefulSet>('apps/v1', 'statefulsets');
    const pods = harness.client.resource<Pod>('v1', 'pods');
    await sets.create(statefulSet('ondel', 2, { podManagementPolicy: 'Parallel', updateStrategy: { type: 'OnDelete' } }));
    await eventually(async () => (await podNames('ondel')).length === 2, '2 pods');
    await harness.readyPods('default');
    await sets.patch('ondel', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } } }, { type: 'merge', namespace: 'default' });
    await eventually(async () => (await sets.get('ondel', { namespace: 'default' })).status?.observedGeneration === 2, 'new generation observed');
    const image = async (name: string) => (await pods.get(name, { namespace: 'default' }).catch(() => undefined))?.spec?.containers[0]?.image;
    expect([await image('ondel-0'), await image('ondel-1')]).toEqual(['nginx', 'nginx']);
    const old = await pods.get('ondel-0', { namespace: 'default' });
    await pods.delete('ondel-0', { namespace: 'default' });
    await eventually(async () => (await image('ondel-0')) === 'nginx:2', 'ondel-0 recreated from the new template');
    expect((await pods.get('ondel-0', { namespace: 'default' })).metadata?.uid).not.toBe(old.metadata?.uid);
    expect(await image('ondel-1')).toBe('nginx');
    await eventually(async () => (await sets.get('ondel', { namespace: 'default' })).status?.updatedReplicas === 1, 'one updated replica');
  });

  it('adopts a matching orphan pod and releases a pod that stops matching', async () => {
    const sets = harness.client.resource<StatefulSet>('apps/v1', 'statefulsets');
    const pods = harness.client.resource<Pod>('v1', 'pods');
    await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'adopt-0', namespace: 'default', labels: { app: 'adopt' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const sts = await sets.create(statefulSet('adopt', 2, { podManagementPolicy: 'Parallel' }));
    await eventually(async () => (await pods.get('adopt-0', { namespace: 'default' })).metadata?.ownerReferences?.[0]?.uid === sts.metadata?.uid, 'orphan adopted');
    await eventually(async () => (await podNames('adopt')).length === 2, 'adopt-1 created');
    expect(await podNames('adopt')).toEqual(['adopt-0', 'adopt-1']);
    await pods.patch('adopt-1', { metadata: { labels: { app: 'elsewhere' } } }, { type: 'merge', namespace: 'default' });
    await eventually(async () => (await pods.get('adopt-1', { namespace: 'default' })).metadata?.ownerReferences === undefined, 'released');
  });

  it('keeps at most revisionHistoryLimit unused ControllerRevisions', async () => {
    const sets = harness.client.resource<StatefulSet>('apps/v1', 'statefulsets');
    const revisions = harness.client.resource<ControllerRevision>('apps/v1', 'controllerrevisions');
    const sts = await sets.create(statefulSet('hist', 0, { revisionHistoryLimit: 1 }));
    const owned = async () => (await revisions.list({ namespace: 'default' })).items.filter((revision) => revision.metadata?.ownerReferences?.[0]?.uid === sts.metadata?.uid);
    for (const image of ['v2', 'v3', 'v4']) {
      await sets.patch('hist', { spec: { template: { spec: { containers: [{ name: 'c', image }] } } } }, { type: 'merge', namespace: 'default' });
      await eventually(async () => (await sets.get('hist', { namespace: 'default' })).status?.updateRevision === (await owned()).sort((a, b) => b.revision - a.revision)[0]?.metadata?.name, `revision for ${image}`);
    }
    // No pods: the update revision is the only one in use, plus one of history.
    await eventually(async () => (await owned()).length === 2, 'history truncated');
    expect((await owned()).map((revision) => revision.revision).sort()).toEqual([3, 4]);
  });
});
