import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, Pod, ReplicaSet } from '../api/index.js';
import { isNotFound, type ResourceClient } from '../client/index.js';
import { deploymentController } from './deployment-controller.js';
import { garbageCollectorController } from './garbage-collector.js';
import { replicaSetController } from './replicaset-controller.js';
import { eventually, startControllerHarness, type ControllerHarness } from './testing/controller-harness.js';

const run = promisify(execFile);
let harness: ControllerHarness;
let deployments: ResourceClient<Deployment>;
let replicaSets: ResourceClient<ReplicaSet>;
let pods: ResourceClient<Pod>;
const ns = 'default';

beforeAll(async () => {
  harness = await startControllerHarness({ garbagecollector: garbageCollectorController, replicaset: replicaSetController, deployment: deploymentController });
  deployments = harness.client.resource<Deployment>('apps/v1', 'deployments');
  replicaSets = harness.client.resource<ReplicaSet>('apps/v1', 'replicasets');
  pods = harness.client.resource<Pod>('v1', 'pods');
});
afterAll(async () => harness?.stop());

const kubectl = async (...args: string[]) => (await run('kubectl', ['--kubeconfig', harness.api.kubeconfig, '-n', ns, ...args])).stdout;

const deployment = (name: string, replicas: number, strategy?: NonNullable<Deployment['spec']>['strategy']): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: {
    replicas,
    strategy,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } },
  },
});

/** A fake kubelet: keeps marking the deployment's pending pods Running and Ready until stopped. */
function fakeKubelet(app: string): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    while (running) {
      await harness.readyPods(ns, (pod) => pod.metadata?.labels?.app === app);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

const livePods = async (app: string) => (await pods.list({ namespace: ns, labelSelector: `app=${app}` })).items.filter((pod) => !pod.metadata?.deletionTimestamp);
const ownedSets = async (app: string) => (await replicaSets.list({ namespace: ns, labelSelector: `app=${app}` })).items;
const complete = async (name: string) => {
  const d = await deployments.get(name, { namespace: ns });
  const replicas = d.spec?.replicas ?? 1;
  return (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) && d.status?.updatedReplicas === replicas && d.status?.availableReplicas === replicas && d.status?.replicas === replicas;
};

describe('Deployment controller', () => {
  it('creates a ReplicaSet and 3 pods, reports status and conditions, and scales', async () => {
    const stopKubelet = fakeKubelet('web');
    try {
      await deployments.create(deployment('web', 3, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }));
      await eventually(() => complete('web'), 'web complete');
      const [rs] = await ownedSets('web');
      const hash = rs!.metadata?.labels?.['pod-template-hash'];
      expect(rs!.metadata?.name).toBe(`web-${hash}`);
      expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
      expect(rs!.spec?.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
      expect(rs!.metadata?.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
      expect((await livePods('web')).length).toBe(3);
      const d = await deployments.get('web', { namespace: ns });
      expect(d.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
      expect({ ...d.status, conditions: undefined }).toEqual({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: undefined });
      expect(d.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
        ['Available', 'True', 'MinimumReplicasAvailable'],
        ['Progressing', 'True', 'NewReplicaSetAvailable'],
      ]);
      expect(await kubectl('rollout', 'status', 'deployment/web', '--timeout=20s')).toContain('successfully rolled out');

      await kubectl('scale', 'deployment/web', '--replicas=5');
      await eventually(async () => (await complete('web')) && (await livePods('web')).length === 5, 'scaled to 5');
      await deployments.patch('web', { spec: { replicas: 2 } }, { type: 'merge', namespace: ns });
      await eventually(async () => (await complete('web')) && (await livePods('web')).length === 2, 'scaled to 2');
      expect((await ownedSets('web')).map((set) => set.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'])).toEqual(['2']);
    } finally {
      await stopKubelet();
    }
  });

  it('rolls an image change within maxSurge 1 / maxUnavailable 0, then undoes it with kubectl', async () => {
    const stopKubelet = fakeKubelet('roll');
    try {
      await deployments.create(deployment('roll', 3, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }));
      await eventually(() => complete('roll'), 'roll complete');
      const [first] = await ownedSets('roll');
      const states: string[] = [];
      const stream = await replicaSets.watch({ namespace: ns, labelSelector: 'app=roll', resourceVersion: first!.metadata?.resourceVersion });
      const replicasByName = new Map<string, number>([[first!.metadata!.name!, 3]]);
      const recording = (async () => {
        for await (const event of stream) {
          if (event.type !== 'ADDED' && event.type !== 'MODIFIED') continue;
          replicasByName.set(event.object.metadata!.name!, event.object.spec?.replicas ?? 0);
          const state = `new=${[...replicasByName.entries()].find(([name]) => name !== first!.metadata!.name)?.[1] ?? 0} old=${replicasByName.get(first!.metadata!.name!)}`;
          if (states.at(-1) !== state) states.push(state);
        }
      })();
      await kubectl('set', 'image', 'deployment/roll', 'c=nginx:2');
      await eventually(async () => (await complete('roll')) && (await deployments.get('roll', { namespace: ns })).metadata?.annotations?.['deployment.kubernetes.io/revision'] === '2', 'rolled out');
      await eventually(() => states.at(-1) === 'new=3 old=0', 'last state seen');
      stream.close();
      await recording;
      // Never more than 4 pods asked for, never fewer than 3 available: one step at a time.
      // (An update of the old ReplicaSet before the new one exists shows as "new=0 old=3".)
      expect(states.filter((state) => state !== 'new=0 old=3')).toEqual(['new=1 old=3', 'new=1 old=2', 'new=2 old=2', 'new=2 old=1', 'new=3 old=1', 'new=3 old=0']);
      expect((await livePods('roll')).map((pod) => pod.spec?.containers[0]?.image)).toEqual(['nginx:2', 'nginx:2', 'nginx:2']);

      const history = await kubectl('rollout', 'history', 'deployment/roll');
      expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
      expect(await kubectl('rollout', 'history', 'deployment/roll', '--revision=2')).toMatch(/revision #2[\s\S]*Image:\s+nginx:2/);
      expect(await kubectl('get', 'deployment/roll', '--no-headers')).toMatch(/^roll\s+3\/3\s+3\s+3\s/);
      await kubectl('rollout', 'undo', 'deployment/roll');
      await eventually(async () => (await complete('roll')) && (await livePods('roll')).every((pod) => pod.spec?.containers[0]?.image === 'nginx:1'), 'undone');
      const reverted = (await ownedSets('roll')).find((set) => set.metadata?.name === first!.metadata?.name)!;
      expect(reverted.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
      expect(reverted.metadata?.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
      expect(reverted.spec?.replicas).toBe(3);
      expect((await deployments.get('roll', { namespace: ns })).metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    } finally {
      await stopKubelet();
    }
  });

  it('pause holds a template change back until resume; restart and Recreate replace the pods', async () => {
    const stopKubelet = fakeKubelet('rec');
    try {
      await deployments.create(deployment('rec', 2, { type: 'Recreate' }));
      await eventually(() => complete('rec'), 'rec complete');
      await kubectl('rollout', 'pause', 'deployment/rec');
      await kubectl('set', 'image', 'deployment/rec', 'c=nginx:2');
      await eventually(async () => {
        const d = await deployments.get('rec', { namespace: ns });
        return d.status?.observedGeneration === d.metadata?.generation && d.status?.conditions?.some((c) => c.reason === 'DeploymentPaused') === true;
      }, 'paused condition');
      expect((await ownedSets('rec')).length).toBe(1);
      const [oldSet] = await ownedSets('rec');
      const stream = await replicaSets.watch({ namespace: ns, labelSelector: 'app=rec', resourceVersion: oldSet!.metadata?.resourceVersion });
      let oldPodsWhenNewCreated: number | undefined;
      let oldReplicas = oldSet!.status?.replicas ?? 0;
      const recording = (async () => {
        for await (const event of stream) {
          if (event.object.metadata?.name === oldSet!.metadata?.name) oldReplicas = event.object.status?.replicas ?? 0;
          else if (event.type === 'ADDED') oldPodsWhenNewCreated = oldReplicas;
        }
      })();
      await kubectl('rollout', 'resume', 'deployment/rec');
      await eventually(async () => (await ownedSets('rec')).length === 2 && (await complete('rec')), 'resumed rollout');
      stream.close();
      await recording;
      // Recreate: the new ReplicaSet appears only once the old one has no pods left.
      expect(oldPodsWhenNewCreated).toBe(0);
      await kubectl('rollout', 'restart', 'deployment/rec');
      await eventually(async () => (await ownedSets('rec')).length === 3 && (await complete('rec')), 'restarted');
      const sets = await ownedSets('rec');
      expect(sets.map((set) => set.spec?.replicas).sort()).toEqual([0, 0, 2]);
      const current = sets.find((set) => set.spec?.replicas === 2)!;
      expect(current.spec?.template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeDefined();
      expect(current.spec?.template?.spec?.containers[0]?.image).toBe('nginx:2');
    } finally {
      await stopKubelet();
    }
  });

  it('kubectl delete --cascade=foreground removes pods and ReplicaSets before the Deployment; --cascade=orphan keeps them', async () => {
    await deployments.create(deployment('fg', 2));
    await eventually(async () => (await livePods('fg')).length === 2, 'fg pods');
    await kubectl('delete', 'deployment/fg', '--cascade=foreground', '--wait=false');
    await eventually(async () => (await ownedSets('fg')).length === 0 && (await pods.list({ namespace: ns, labelSelector: 'app=fg' })).items.length === 0, 'dependents gone');
    await eventually(async () => {
      try {
        await deployments.get('fg', { namespace: ns });
        return false;
      } catch (error) {
        return isNotFound(error);
      }
    }, 'deployment gone');

    await deployments.create(deployment('orph', 2));
    await eventually(async () => (await livePods('orph')).length === 2, 'orph pods');
    await kubectl('delete', 'deployment/orph', '--cascade=orphan');
    await eventually(async () => (await ownedSets('orph'))[0]?.metadata?.ownerReferences === undefined, 'ReplicaSet orphaned');
    expect((await livePods('orph')).length).toBe(2);
    expect((await ownedSets('orph')).length).toBe(1);
  });

  it('deleting a Deployment removes its ReplicaSets and pods (background GC)', async () => {
    await deployments.create(deployment('gone', 2, undefined));
    await eventually(async () => (await livePods('gone')).length === 2, 'two pods');
    await kubectl('delete', 'deployment/gone');
    await eventually(async () => (await ownedSets('gone')).length === 0 && (await pods.list({ namespace: ns, labelSelector: 'app=gone' })).items.length === 0, 'all gone');
    await expect(deployments.get('gone', { namespace: ns })).rejects.toSatisfy(isNotFound);
  });
});
