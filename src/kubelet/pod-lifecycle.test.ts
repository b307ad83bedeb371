import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreV1Event, Pod } from '../api/index.js';
import { eventually } from '../client/testing/real-api-server.js';
import { startKubeletHarness, podManifest, type KubeletHarness } from './testing/kubelet-harness.js';

let h: KubeletHarness;

beforeAll(async () => {
  h = await startKubeletHarness();
});
afterAll(async () => {
  await h?.stop();
});

const T0 = '2026-01-01T00:00:00Z';
const phase = (p: Pod) => p.status?.phase;
const synced = (p: Pod) => p.status?.containerStatuses !== undefined;
const state = (p: Pod, i = 0) => p.status?.containerStatuses?.[i]?.state;

describe('a pod bound to the node', () => {
  it('goes Pending (ContainerCreating) then Running with the upstream status shape', async () => {
    await h.pods.create(podManifest('web'));
    const pending = await h.waitForPod('web', synced, 'seen by the kubelet');
    expect(pending.status).toEqual({
      phase: 'Pending',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: T0 },
        { type: 'Initialized', status: 'True', lastTransitionTime: T0 },
        { type: 'Ready', status: 'False', lastTransitionTime: T0, reason: 'ContainersNotReady', message: 'containers with unready status: [app]' },
        { type: 'ContainersReady', status: 'False', lastTransitionTime: T0, reason: 'ContainersNotReady', message: 'containers with unready status: [app]' },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: T0 },
      ],
      hostIP: '172.18.0.2',
      hostIPs: [{ ip: '172.18.0.2' }],
      podIP: '10.244.0.2',
      podIPs: [{ ip: '10.244.0.2' }],
      startTime: T0,
      containerStatuses: [
        {
          name: 'app',
          image: 'docker.io/library/nginx:latest',
          imageID: expect.stringMatching(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/),
          containerID: expect.stringMatching(/^sim:\/\/[0-9a-f]{64}$/),
          ready: false,
          restartCount: 0,
          started: false,
          state: { waiting: { reason: 'ContainerCreating' } },
          lastState: {},
        },
      ],
      qosClass: 'BestEffort',
    });

    await h.advance(1000);
    const running = await h.waitForPod('web', (p) => phase(p) === 'Running', 'Running');
    const at = '2026-01-01T00:00:01Z';
    expect(running.status?.conditions?.map((c) => [c.type, c.status, c.lastTransitionTime, c.reason])).toEqual([
      ['PodReadyToStartContainers', 'True', T0, undefined],
      ['Initialized', 'True', T0, undefined],
      ['Ready', 'True', at, undefined],
      ['ContainersReady', 'True', at, undefined],
      ['PodScheduled', 'True', T0, undefined],
    ]);
    expect(running.status?.containerStatuses?.[0]).toMatchObject({
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: at } },
      lastState: {},
    });
  });

  it('runs init containers first, in order, then the containers', async () => {
    await h.pods.create(
      podManifest(
        'with-init',
        { initContainers: [{ name: 'first', image: 'busybox' }, { name: 'second', image: 'busybox' }] },
        { 'sim.engenho.io/exit-after-seconds.second': '2' },
      ),
    );
    const initializing = await h.waitForPod('with-init', (p) => p.status?.initContainerStatuses !== undefined, 'init statuses');
    expect(initializing.status?.phase).toBe('Pending');
    expect(initializing.status?.initContainerStatuses?.map((s) => [s.name, Object.keys(s.state ?? {})[0], s.state?.waiting?.reason])).toEqual([
      ['first', 'waiting', 'ContainerCreating'],
      ['second', 'waiting', 'PodInitializing'],
    ]);
    expect(state(initializing)).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(initializing.status?.conditions?.[1]).toMatchObject({ type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [first second]' });

    await h.advance(1000); // first starts and exits 0 at once; second is created
    await h.waitForPod('with-init', (p) => p.status?.initContainerStatuses?.[1].state?.waiting?.reason === 'ContainerCreating', 'second created');
    await h.advance(1000); // second runs
    const second = await h.waitForPod('with-init', (p) => p.status?.initContainerStatuses?.[1].state?.running !== undefined, 'second running');
    expect(second.status?.initContainerStatuses?.[0]).toMatchObject({ ready: true, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
    expect(state(second)).toEqual({ waiting: { reason: 'PodInitializing' } });
    await h.advance(2000); // second exits; app is created
    await h.advance(1000); // app runs
    const running = await h.waitForPod('with-init', (p) => phase(p) === 'Running', 'Running');
    expect(running.status?.conditions?.[1]).toMatchObject({ type: 'Initialized', status: 'True' });
    expect(running.status?.initContainerStatuses?.map((s) => s.state?.terminated?.reason)).toEqual(['Completed', 'Completed']);
  });
});

describe('containers that exit (sim.engenho.io/exit-after-seconds, exit-code)', () => {
  it('restartPolicy Never: exit 0 -> Succeeded', async () => {
    await h.pods.create(podManifest('job-ok', { restartPolicy: 'Never' }, { 'sim.engenho.io/exit-after-seconds': '5' }));
    await h.waitForPod('job-ok', synced, 'seen by the kubelet');
    await h.advance(1000);
    await h.waitForPod('job-ok', (p) => phase(p) === 'Running', 'Running');
    await h.advance(5000);
    const done = await h.waitForPod('job-ok', (p) => phase(p) === 'Succeeded', 'Succeeded');
    expect(state(done)).toMatchObject({ terminated: { exitCode: 0, reason: 'Completed', startedAt: expect.any(String), finishedAt: expect.any(String) } });
    expect(done.status?.containerStatuses?.[0]).toMatchObject({ ready: false, started: false, restartCount: 0 });
    expect(done.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['PodReadyToStartContainers', 'False', undefined],
      ['Initialized', 'True', 'PodCompleted'],
      ['Ready', 'False', 'PodCompleted'],
      ['ContainersReady', 'False', 'PodCompleted'],
      ['PodScheduled', 'True', undefined],
    ]);
    expect(done.status?.podIP).toBe(done.status?.podIPs?.[0].ip);
  });

  it('restartPolicy Never: exit 3 -> Failed with the exit code', async () => {
    await h.pods.create(podManifest('job-bad', { restartPolicy: 'Never' }, { 'sim.engenho.io/exit-after-seconds': '1', 'sim.engenho.io/exit-code': '3' }));
    await h.waitForPod('job-bad', synced, 'seen by the kubelet');
    await h.advance(1000);
    await h.advance(1000);
    const failed = await h.waitForPod('job-bad', (p) => phase(p) === 'Failed', 'Failed');
    expect(state(failed)?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(failed.status?.containerStatuses?.[0].restartCount).toBe(0);
  });

  it('restartPolicy Always: restartCount grows and CrashLoopBackOff waits 10 s, then 20 s, then 40 s', async () => {
    await h.pods.create(podManifest('crasher', {}, { 'sim.engenho.io/exit-after-seconds': '1', 'sim.engenho.io/exit-code': '1' }));
    await h.waitForPod('crasher', synced, 'seen by the kubelet');
    await h.advance(1000); // runs
    await h.advance(1000); // exits 1; first restart is immediate (created)
    await h.waitForPod('crasher', (p) => p.status?.containerStatuses?.[0].restartCount === 1, 'first restart');
    await h.advance(1000); // runs
    await h.advance(1000); // exits again: back-off 10 s
    const looping = await h.waitForPod('crasher', (p) => state(p)?.waiting?.reason === 'CrashLoopBackOff', 'CrashLoopBackOff');
    const uid = looping.metadata?.uid;
    expect(phase(looping)).toBe('Running');
    expect(looping.status?.containerStatuses?.[0]).toMatchObject({
      restartCount: 1,
      ready: false,
      started: false,
      state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=app pod=crasher_default(${uid})` } },
      lastState: { terminated: { exitCode: 1, reason: 'Error' } },
    });
    expect(looping.status?.conditions?.[2]).toMatchObject({ type: 'Ready', status: 'False', message: 'containers with unready status: [app]' });
    const backOff = async () =>
      (await h.client.resource<CoreV1Event>('v1', 'events').list({ namespace: 'default' })).items.find((e) => e.involvedObject.name === 'crasher' && e.reason === 'BackOff');
    await eventually(async () => (await backOff()) !== undefined, 'a BackOff event');
    expect(await backOff()).toMatchObject({ type: 'Warning', message: `Back-off restarting failed container app in pod crasher_default(${uid})`, source: { component: 'kubelet', host: 'engenho-node-0' } });

    await h.advance(9_000);
    expect((await h.pods.get('crasher')).status?.containerStatuses?.[0].restartCount).toBe(1);
    await h.advance(1_000); // back-off over: restart 2
    await h.waitForPod('crasher', (p) => p.status?.containerStatuses?.[0].restartCount === 2, 'second restart');
    await h.advance(1000);
    await h.advance(1000);
    const longer = await h.waitForPod('crasher', (p) => state(p)?.waiting?.reason === 'CrashLoopBackOff' && p.status?.containerStatuses?.[0].restartCount === 2, 'back-off again');
    expect(state(longer)?.waiting?.message).toBe(`back-off 20s restarting failed container=app pod=crasher_default(${uid})`);
    await h.advance(20_000);
    await h.waitForPod('crasher', (p) => p.status?.containerStatuses?.[0].restartCount === 3, 'third restart');
    await h.advance(2000);
    const longest = await h.waitForPod('crasher', (p) => state(p)?.waiting?.reason === 'CrashLoopBackOff' && p.status?.containerStatuses?.[0].restartCount === 3, 'back-off 40s');
    expect(state(longest)?.waiting?.message).toBe(`back-off 40s restarting failed container=app pod=crasher_default(${uid})`);
  });

  it('restartPolicy OnFailure: a failed container restarts, a successful one completes the pod', async () => {
    await h.pods.create(podManifest('on-failure', { restartPolicy: 'OnFailure' }, { 'sim.engenho.io/exit-after-seconds': '1' }));
    await h.waitForPod('on-failure', synced, 'seen by the kubelet');
    await h.advance(1000);
    await h.advance(1000);
    const done = await h.waitForPod('on-failure', (p) => phase(p) === 'Succeeded', 'Succeeded');
    expect(done.status?.containerStatuses?.[0].restartCount).toBe(0);
  });
});

describe('graceful deletion', () => {
  it('stops the containers, writes their terminated state, then deletes the pod with grace period 0', async () => {
    await h.pods.create(podManifest('doomed'));
    await h.waitForPod('doomed', synced, 'seen by the kubelet');
    await h.advance(1000);
    const running = await h.waitForPod('doomed', (p) => phase(p) === 'Running', 'Running');
    const seen: Pod[] = [];
    const watch = await h.pods.watch({ namespace: 'default', fieldSelector: 'metadata.name=doomed', resourceVersion: running.metadata?.resourceVersion });
    const collected = (async () => {
      for await (const event of watch) {
        seen.push(event.object as Pod);
        if (event.type === 'DELETED') break;
      }
    })();
    await h.pods.delete('doomed', { namespace: 'default' });
    await collected;
    watch.close();
    const last = seen[seen.length - 1];
    expect(last.metadata?.deletionTimestamp).toBeDefined();
    expect(state(last)).toMatchObject({ terminated: { exitCode: 0, reason: 'Completed' } });
    expect(last.status?.phase).toBe('Succeeded');
    await expect(h.pods.get('doomed')).rejects.toMatchObject({ code: 404 });
  });

  it('a completed pod is deleted at once, and a force-deleted pod has its sandbox removed', async () => {
    await h.pods.create(podManifest('finished', { restartPolicy: 'Never' }, { 'sim.engenho.io/exit-after-seconds': '0' }));
    await h.waitForPod('finished', synced, 'seen by the kubelet');
    await h.advance(1000);
    await h.waitForPod('finished', (p) => phase(p) === 'Succeeded', 'Succeeded');
    await h.pods.delete('finished', { namespace: 'default' });
    await expect(h.pods.get('finished')).rejects.toMatchObject({ code: 404 });

    const forced = await h.pods.create(podManifest('forced'));
    await h.waitForPod('forced', synced, 'seen by the kubelet');
    const runtime = h.running.kubelets[0].runtime;
    expect(runtime.sandboxFor(forced.metadata!.uid!)?.state).toBe('ready');
    await h.pods.delete('forced', { namespace: 'default', gracePeriodSeconds: 0 });
    await eventually(() => runtime.sandboxFor(forced.metadata!.uid!) === undefined, 'the sandbox removed');
  });
});
