import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../api/index.js';
import { podManifest, startKubeletHarness, type KubeletHarness } from './testing/kubelet-harness.js';

let h: KubeletHarness;

beforeAll(async () => {
  h = await startKubeletHarness({ kubelet: { restartBackoff: { initialMs: 1000, maxMs: 1000 } } });
});
afterAll(async () => {
  await h?.stop();
});

const status = (p: Pod) => p.status?.containerStatuses?.[0];

describe('container garbage collection', () => {
  it('keeps only the newest instance of a container and the one before it', async () => {
    await h.pods.create(podManifest('crasher', {}, { 'sim.engenho.io/exit-after-seconds': '1', 'sim.engenho.io/exit-code': '3' }));
    for (let i = 0; i < 12; i++) await h.advance(1_000);
    const pod = await h.waitForPod('crasher', (p) => (status(p)?.restartCount ?? 0) >= 4, 'four restarts');
    const runtime = h.running.kubelets[0].runtime;
    const sandbox = runtime.sandboxFor(pod.metadata!.uid!)!;
    const instances = runtime.listContainers(sandbox.id);
    expect(instances.length).toBe(2);
    const attempts = instances.map((c) => c.attempt).sort((a, b) => a - b);
    expect(attempts[1] - attempts[0]).toBe(1);
    expect(status(pod)?.lastState?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
  });
});
