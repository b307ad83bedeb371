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

const init = (p: Pod, name: string) => p.status?.initContainerStatuses?.find((s) => s.name === name);
const condition = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type);

describe('sidecar containers (init containers with restartPolicy Always)', () => {
  it('start before the next init container, keep running beside the containers and count for readiness', async () => {
    await h.pods.create(
      podManifest('meshed', {
        initContainers: [
          { name: 'proxy', image: 'envoy:1', restartPolicy: 'Always' },
          { name: 'setup', image: 'busybox:1' },
        ],
      }),
    );
    const first = await h.waitForPod('meshed', (p) => init(p, 'proxy')?.state?.waiting?.reason === 'ContainerCreating', 'proxy created');
    expect(init(first, 'setup')?.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(first.status?.phase).toBe('Pending');
    expect(condition(first, 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [proxy setup]' });

    await h.advance(1_000);
    const second = await h.waitForPod('meshed', (p) => init(p, 'setup')?.state?.waiting?.reason === 'ContainerCreating', 'setup created once proxy runs');
    expect(init(second, 'proxy')).toMatchObject({ started: true, ready: true, state: { running: {} } });

    await h.advance(1_000);
    await h.advance(1_000);
    const running = await h.waitForPod('meshed', (p) => p.status?.phase === 'Running', 'Running');
    expect(init(running, 'proxy')).toMatchObject({ started: true, ready: true, restartCount: 0, state: { running: {} } });
    expect(init(running, 'setup')?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(running.status?.conditions?.map((c) => [c.type, c.status])).toEqual([
      ['PodReadyToStartContainers', 'True'],
      ['Initialized', 'True'],
      ['Ready', 'True'],
      ['ContainersReady', 'True'],
      ['PodScheduled', 'True'],
    ]);
  });

  it('restart whatever the pod restartPolicy', async () => {
    await h.pods.create(
      podManifest(
        'crashing-sidecar',
        { restartPolicy: 'Never', initContainers: [{ name: 'logger', image: 'fluentbit:1', restartPolicy: 'Always' }] },
        { 'sim.engenho.io/exit-after-seconds.logger': '1', 'sim.engenho.io/exit-code.logger': '1' },
      ),
    );
    for (let i = 0; i < 4; i++) await h.advance(1_000);
    const restarting = await h.waitForPod('crashing-sidecar', (p) => (init(p, 'logger')?.restartCount ?? 0) >= 1, 'sidecar restarted');
    expect(init(restarting, 'logger')?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(restarting.status?.phase).toBe('Running');
  });

  it('are stopped once the regular containers are done for good, so the pod completes', async () => {
    await h.pods.create(
      podManifest('job-with-sidecar', { restartPolicy: 'Never', initContainers: [{ name: 'logger', image: 'fluentbit:1', restartPolicy: 'Always' }] }, { 'sim.engenho.io/exit-after-seconds.app': '3' }),
    );
    for (let i = 0; i < 3; i++) await h.advance(1_000);
    const running = await h.waitForPod('job-with-sidecar', (p) => p.status?.containerStatuses?.[0]?.state?.running !== undefined, 'app running');
    expect(init(running, 'logger')?.state?.running).toBeDefined();
    for (let i = 0; i < 4; i++) await h.advance(1_000);
    const done = await h.waitForPod('job-with-sidecar', (p) => p.status?.phase === 'Succeeded', 'Succeeded once app exits');
    expect(done.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(init(done, 'logger')?.state?.terminated).toMatchObject({ exitCode: 0 });
    expect(await h.eventsOf('job-with-sidecar')).toContain('Normal Killing: Stopping container logger');
  });
});
