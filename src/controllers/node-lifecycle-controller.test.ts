// Node lifecycle on simulated nodes with a fake clock: one node's kubelet stops, its lease goes
// stale, the node turns Unknown and tainted, its pods are evicted after their tolerationSeconds and
// the Deployment's replacements run elsewhere; a renewed lease lifts the taints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, Lease, Node, Pod, Taint } from '../api/index.js';
import { Client } from '../client/index.js';
import { FakeClock } from '../client/testing/fake-clock.js';
import { eventually, startRealApiServer, type RealApiServer } from '../client/testing/real-api-server.js';
import { runKubelets, type RunningKubelets } from '../kubelet/index.js';
import { runScheduler, type RunningScheduler } from '../scheduler/index.js';
import { deploymentController } from './deployment-controller.js';
import { runControllers, type RunningControllers } from './index.js';
import { evictionTime, nodeLifecycleController } from './node-lifecycle-controller.js';
import { replicaSetController } from './replicaset-controller.js';

let api: RealApiServer;
let controllers: RunningControllers;
let scheduler: RunningScheduler;
let kubelets: RunningKubelets;
let client: Client;
let stoppedNode = '';
const clock = new FakeClock(Math.floor(Date.now() / 1000) * 1000);

beforeAll(async () => {
  api = await startRealApiServer();
  const clientFor = () => new Client(api.inProcess());
  client = clientFor();
  controllers = runControllers({ client: clientFor, clock, factories: { replicaset: replicaSetController, deployment: deploymentController, nodelifecycle: nodeLifecycleController } });
  scheduler = runScheduler({ client: clientFor() });
  kubelets = runKubelets({ client: clientFor(), count: 3, clock, sim: { startDelayMs: 0, logIntervalMs: 0 } });
  await Promise.all([controllers.ready, scheduler.ready, kubelets.ready]);
});
afterAll(async () => {
  await kubelets?.stop();
  await scheduler?.stop();
  await controllers?.stop();
  await api?.stop();
});

const leases = () => client.resource<Lease>('coordination.k8s.io/v1', 'leases');
const nodes = () => client.resource<Node>('v1', 'nodes');

/** Moves the clock in 10 s steps, letting the live kubelets renew their leases at each. */
async function advance(ms: number, liveNodes: string[]): Promise<void> {
  for (let done = 0; done < ms; done += 10_000) {
    await clock.advance(Math.min(10_000, ms - done));
    const now = clock.now();
    await eventually(async () => {
      for (const name of liveNodes) {
        const lease = await leases().get(name, { namespace: 'kube-node-lease' });
        if (now - Date.parse(lease.spec?.renewTime ?? '') > 10_000) return false;
      }
      return true;
    }, 'live leases renewed');
  }
}

describe('node lifecycle controller', () => {
  it('decides eviction times from tolerations', () => {
    const taint: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' };
    const at = Date.parse('2026-01-01T00:00:00Z');
    const pod = (tolerations: NonNullable<Pod['spec']>['tolerations']): Pod => ({ spec: { containers: [], tolerations } });
    expect(evictionTime(pod(undefined), [taint])).toBe(Number.NEGATIVE_INFINITY);
    expect(evictionTime(pod([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]), [taint])).toBe(at + 30_000);
    expect(evictionTime(pod([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }]), [taint])).toBeUndefined();
    expect(evictionTime(pod([{ operator: 'Exists' }]), [taint])).toBeUndefined();
    expect(evictionTime(pod([{ key: 'other', operator: 'Exists' }]), [taint])).toBe(Number.NEGATIVE_INFINITY);
  });

  it('taints a node whose lease goes stale, evicts its pods after tolerationSeconds, and untaints it when the lease is renewed', async () => {
    const deployment: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{ name: 'c', image: 'nginx' }],
            tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }],
          },
        },
      },
    };
    await client.resource<Deployment>('apps/v1', 'deployments').create(deployment);
    const pods = client.resource<Pod>('v1', 'pods');
    const running = async () => (await clock.advance(0), await pods.list({ namespace: 'default' })).items.filter((pod) => !pod.metadata?.deletionTimestamp && pod.status?.phase === 'Running');
    await eventually(async () => (await running()).length === 3, '3 pods running');
    const first = (await running())[0]!;
    // The API server's DefaultTolerationSeconds adds the not-ready toleration the template lacks.
    expect(first.spec?.tolerations).toEqual([
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const victim = first.spec!.nodeName!;
    stoppedNode = victim;
    const live = kubelets.kubelets.map((kubelet) => kubelet.nodeName).filter((name) => name !== victim);
    const onVictim = (await running()).filter((pod) => pod.spec?.nodeName === victim).map((pod) => pod.metadata?.name);
    await kubelets.kubelets.find((kubelet) => kubelet.nodeName === victim)!.stop();

    await advance(30_000, live);
    expect((await nodes().get(victim)).spec?.taints).toBeUndefined();
    await advance(20_000, live);
    await eventually(async () => (await nodes().get(victim)).spec?.taints !== undefined, 'victim tainted');
    const tainted = await nodes().get(victim);
    expect(tainted.spec?.taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: expect.stringMatching(/Z$/) },
    ]);
    const ready = tainted.status?.conditions?.find((condition) => condition.type === 'Ready');
    expect([ready?.status, ready?.reason, ready?.message]).toEqual(['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.']);
    for (const name of live) expect((await nodes().get(name)).spec?.taints).toBeUndefined();
    // Tolerated for 30 s: the victim's pods are still there.
    for (const name of onVictim) expect((await pods.get(name!, { namespace: 'default' })).metadata?.deletionTimestamp).toBeUndefined();

    await advance(30_000, live);
    await eventually(async () => {
      const items = (await pods.list({ namespace: 'default' })).items;
      return onVictim.every((name) => items.find((pod) => pod.metadata?.name === name)?.metadata?.deletionTimestamp !== undefined);
    }, 'victim pods evicted');
    await eventually(async () => {
      const items = await running();
      return items.length === 3 && items.every((pod) => live.includes(pod.spec?.nodeName ?? ''));
    }, '3 pods running on the live nodes');

    const lease = await leases().get(victim, { namespace: 'kube-node-lease' });
    await leases().update({ ...lease, spec: { ...lease.spec, renewTime: new Date(clock.now()).toISOString().replace('Z', '000Z') } });
    await eventually(async () => (await nodes().get(victim)).spec?.taints === undefined, 'taints removed after renewal');
  });

  it('taints a node reporting Ready=False as not-ready, evicting pods by their tolerationSeconds, and untaints it when Ready again', async () => {
    const name = kubelets.kubelets.find((kubelet) => kubelet.nodeName !== stoppedNode)!.nodeName;
    const pods = client.resource<Pod>('v1', 'pods');
    const pinned = (podName: string, tolerationSeconds?: number): Pod => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: podName, namespace: 'default' },
      spec: {
        nodeName: name,
        containers: [{ name: 'c', image: 'nginx' }],
        tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', ...(tolerationSeconds === undefined ? {} : { tolerationSeconds }) }],
      },
    });
    await pods.create(pinned('quick', 0));
    await pods.create(pinned('forever'));
    const setReady = async (status: 'True' | 'False') => {
      const node = await nodes().get(name);
      const conditions = (node.status?.conditions ?? []).map((condition) => (condition.type === 'Ready' ? { ...condition, status, reason: status === 'True' ? 'KubeletReady' : 'KubeletNotReady' } : condition));
      await nodes().updateStatus({ ...node, status: { ...node.status, conditions } });
    };
    await setReady('False');
    await eventually(async () => (await nodes().get(name)).spec?.taints !== undefined, 'node tainted not-ready');
    expect((await nodes().get(name)).spec?.taints).toEqual([
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: expect.stringMatching(/Z$/) },
    ]);
    await eventually(async () => {
      const quick = await pods.get('quick', { namespace: 'default' }).catch(() => undefined);
      return quick === undefined || quick.metadata?.deletionTimestamp !== undefined;
    }, 'pod tolerating 0 s evicted');
    expect((await pods.get('forever', { namespace: 'default' })).metadata?.deletionTimestamp).toBeUndefined();
    await setReady('True');
    await eventually(async () => (await nodes().get(name)).spec?.taints === undefined, 'not-ready taints removed');
  });
});
