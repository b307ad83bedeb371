import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControllerRevision, DaemonSet, Node, Pod } from '../api/index.js';
import { daemonSetController, targetNodeOf } from './daemonset-controller.js';
import { eventually, startControllerHarness, type ControllerHarness } from './testing/controller-harness.js';

let harness: ControllerHarness;
beforeAll(async () => {
  harness = await startControllerHarness({ daemonset: daemonSetController });
});
afterAll(async () => harness?.stop());

const daemonSet = (name: string, extra: Partial<NonNullable<DaemonSet['spec']>> = {}, nodeSelector?: Record<string, string>): DaemonSet => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name, namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'agent:1' }], ...(nodeSelector ? { nodeSelector } : {}) } },
    ...extra,
  },
});

const node = (name: string, labels: Record<string, string> = {}): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } } });

async function placement(app: string): Promise<string[]> {
  const { items } = await harness.client.resource<Pod>('v1', 'pods').list({ namespace: 'default', labelSelector: `app=${app}` });
  return items.filter((pod) => !pod.metadata?.deletionTimestamp).map((pod) => targetNodeOf(pod) ?? '?').sort();
}

describe('DaemonSet controller', () => {
  it('runs one pod per node and follows node add, remove and NoExecute taints', async () => {
    const nodes = harness.client.resource<Node>('v1', 'nodes');
    const sets = harness.client.resource<DaemonSet>('apps/v1', 'daemonsets');
    await nodes.create(node('n1'));
    await nodes.create(node('n2'));
    const ds = await sets.create(daemonSet('agent'));
    await eventually(async () => (await placement('agent')).join() === 'n1,n2', 'a pod on n1 and n2');

    const { items } = await harness.client.resource<Pod>('v1', 'pods').list({ namespace: 'default', labelSelector: 'app=agent' });
    const pod = items.find((item) => targetNodeOf(item) === 'n1');
    expect(pod?.metadata?.generateName).toBe('agent-');
    expect(pod?.metadata?.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.metadata?.uid, controller: true, blockOwnerDeletion: true }]);
    expect(pod?.spec?.affinity).toEqual({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } } });
    expect(pod?.spec?.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    const revisions = (await harness.client.resource<ControllerRevision>('apps/v1', 'controllerrevisions').list({ namespace: 'default' })).items;
    expect(revisions.map((revision) => revision.metadata?.name)).toEqual([`agent-${pod?.metadata?.labels?.['controller-revision-hash']}`]);
    expect(pod?.metadata?.labels?.['pod-template-generation']).toBe('1');

    expect(await harness.readyPods('default')).toBe(2);
    await eventually(async () => (await sets.get('agent', { namespace: 'default' })).status?.numberAvailable === 2, 'available 2');
    expect((await sets.get('agent', { namespace: 'default' })).status).toEqual({
      currentNumberScheduled: 2,
      numberMisscheduled: 0,
      desiredNumberScheduled: 2,
      numberReady: 2,
      observedGeneration: 1,
      updatedNumberScheduled: 2,
      numberAvailable: 2,
    });

    await nodes.create(node('n3'));
    await eventually(async () => (await placement('agent')).join() === 'n1,n2,n3', 'a pod on the new node');
    await nodes.delete('n2');
    await eventually(async () => (await placement('agent')).join() === 'n1,n3', 'the removed node has no pod');
    // NoSchedule does not evict a running daemon pod; NoExecute does.
    await nodes.patch('n1', { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } }, { type: 'merge' });
    await eventually(async () => (await sets.get('agent', { namespace: 'default' })).status?.desiredNumberScheduled === 1, 'n1 no longer desired');
    expect(await placement('agent')).toEqual(['n1', 'n3']);
    expect((await sets.get('agent', { namespace: 'default' })).status?.numberMisscheduled).toBe(1);
    await nodes.patch('n1', { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] } }, { type: 'merge' });
    await eventually(async () => (await placement('agent')).join() === 'n3', 'evicted from the NoExecute node');
    // A pod tolerating the taint is placed there again.
    await sets.patch('agent', { spec: { template: { spec: { tolerations: [{ key: 'dedicated', operator: 'Exists' }] } } } }, { type: 'merge', namespace: 'default' });
    await eventually(async () => {
      await harness.readyPods('default');
      return (await placement('agent')).join() === 'n1,n3';
    }, 'back on n1 once tolerated');
    await sets.delete('agent', { namespace: 'default' });
  });

  it('places pods only on nodes matching the nodeSelector', async () => {
    const nodes = harness.client.resource<Node>('v1', 'nodes');
    await nodes.create(node('gpu-1', { gpu: 'yes' }));
    await nodes.create(node('gpu-2', { gpu: 'yes' }));
    await harness.client.resource<DaemonSet>('apps/v1', 'daemonsets').create(daemonSet('gpu', {}, { gpu: 'yes' }));
    await eventually(async () => (await placement('gpu')).join() === 'gpu-1,gpu-2', 'pods on the gpu nodes only');
    await nodes.patch('gpu-2', { metadata: { labels: { gpu: null } } }, { type: 'merge' });
    await eventually(async () => (await placement('gpu')).join() === 'gpu-1', 'pod removed from the relabelled node');
  });

  it('rolls out a new template within maxUnavailable', async () => {
    const sets = harness.client.resource<DaemonSet>('apps/v1', 'daemonsets');
    const pods = harness.client.resource<Pod>('v1', 'pods');
    await sets.create(daemonSet('roll', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } } }));
    const nodeCount = (await harness.client.resource<Node>('v1', 'nodes').list()).items.filter((item) => !item.spec?.taints?.length).length;
    await eventually(async () => (await placement('roll')).length === nodeCount, 'one pod per untainted node');
    await harness.readyPods('default');
    await sets.patch('roll', { spec: { template: { spec: { containers: [{ name: 'c', image: 'agent:2' }] } } } }, { type: 'merge', namespace: 'default' });
    let maxOldDown = 0;
    await eventually(async () => {
      const live = (await pods.list({ namespace: 'default', labelSelector: 'app=roll' })).items.filter((pod) => !pod.metadata?.deletionTimestamp);
      const notReady = nodeCount - live.filter((pod) => pod.status?.phase === 'Running').length;
      maxOldDown = Math.max(maxOldDown, notReady);
      await harness.readyPods('default');
      return live.length === nodeCount && live.every((pod) => pod.spec?.containers[0]?.image === 'agent:2' && pod.status?.phase === 'Running');
    }, 'all pods updated');
    expect(maxOldDown).toBeLessThanOrEqual(1);
    await eventually(async () => (await sets.get('roll', { namespace: 'default' })).status?.updatedNumberScheduled === nodeCount, 'status updated');
  });
});
