// runKubelets on a pod informer it does not own (as `engenho up` hands it the controllers' shared
// one): the nodes read their pods from it, and stopping them leaves it running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../client/testing/real-api-server.js';
import { podManifest, startKubeletHarness, type KubeletHarness } from './testing/kubelet-harness.js';

let h: KubeletHarness;

beforeAll(async () => {
  h = await startKubeletHarness({ sharedPods: true });
});
afterAll(async () => {
  await h?.stop();
});

describe('kubelets on a shared pod informer', () => {
  it('run the pods bound to them from it and leave it running when they stop', async () => {
    await h.pods.create(podManifest('web'));
    await h.waitForPod('web', (p) => p.status?.containerStatuses !== undefined, 'seen by the kubelet');
    await h.advance(1000);
    await h.waitForPod('web', (p) => p.status?.phase === 'Running', 'Running');
    await eventually(async () => h.sharedPods!.cache.getByName('default', 'web')?.status?.phase === 'Running', 'the shared cache shows Running');
    expect(h.running.findPod('default', 'web')?.pod).toBe(h.sharedPods!.cache.getByName('default', 'web'));

    await h.running.stop();
    await h.pods.create(podManifest('later'));
    await eventually(async () => h.sharedPods!.cache.getByName('default', 'later') !== undefined, 'the shared informer still watching');
    expect((await h.pods.get('later')).status?.containerStatuses).toBeUndefined();
  });
});
