import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../client/testing/real-api-server.js';
import { RuntimeRouter } from './runtimes/runtime-router.js';
import { SimRuntime } from './runtimes/sim/sim-runtime.js';
import { FakeRuntime } from './testing/fake-runtime.js';
import { podManifest, startKubeletHarness, type KubeletHarness } from './testing/kubelet-harness.js';

let h: KubeletHarness;
let fake: FakeRuntime;
let rootDir: string;

beforeAll(async () => {
  rootDir = mkdtempSync(join(tmpdir(), 'kubelet-runtime-class-'));
  h = await startKubeletHarness({
    runtime: (clock) => {
      fake = new FakeRuntime({ podCIDR: '10.244.0.0/25', clock, startDelayMs: 1000, logIntervalMs: 0 });
      return new RuntimeRouter(new SimRuntime({ podCIDR: '10.244.0.128/25', clock, startDelayMs: 1000, logIntervalMs: 0 }), { wasm: fake });
    },
    kubelet: { rootDir },
  });
});
afterAll(async () => {
  await h?.stop();
  rmSync(rootDir, { recursive: true, force: true });
});

const probe = { exec: { command: ['check'] }, periodSeconds: 5 };
const volumeSpec = { volumes: [{ name: 'scratch', emptyDir: {} }] };

describe('pods of several runtimes on one node', () => {
  it('probes and mounts volumes only for pods whose runtime does', async () => {
    fake.execAnswer = () => ({ exitCode: 1, stdout: 'no', stderr: '' });
    await h.pods.create(podManifest('on-sim', { ...volumeSpec, containers: [{ name: 'app', image: 'nginx:1', readinessProbe: probe, volumeMounts: [{ name: 'scratch', mountPath: '/s' }] }] }));
    await h.pods.create(podManifest('on-fake', { ...volumeSpec, runtimeClassName: 'wasm', containers: [{ name: 'mod', image: 'mod:1', readinessProbe: probe, volumeMounts: [{ name: 'scratch', mountPath: '/s' }] }] }));
    await h.advance(1_000);
    const simPod = await h.waitForPod('on-sim', (p) => p.status?.phase === 'Running', 'sim pod Running');
    const fakePod = await h.waitForPod('on-fake', (p) => p.status?.phase === 'Running', 'fake pod Running');
    expect(simPod.status?.containerStatuses?.[0]?.ready).toBe(true);
    expect(fakePod.status?.containerStatuses?.[0]?.ready).toBe(false);
    await eventually(() => fake.execs.length > 0, 'probe ran on the fake runtime');
    expect(fake.starts.map((c) => [c.pod?.name, c.mounts?.map((m) => m.containerPath)])).toEqual([['on-fake', ['/s']]]);
  });

  it('a RuntimeClass the node has no runtime for fails the sandbox with an Event', async () => {
    await h.pods.create(podManifest('odd', { runtimeClassName: 'gvisor' }));
    await eventually(async () => (await h.eventsOf('odd')).length > 0, 'event');
    expect(await h.eventsOf('odd')).toEqual(['Warning FailedCreatePodSandBox: Failed to create pod sandbox: no runtime for RuntimeClass "gvisor" is configured on this node (known: wasm)']);
    const pod = await h.waitForPod('odd', (p) => p.status?.phase === 'Pending' && p.status.containerStatuses !== undefined, 'Pending status');
    expect(pod.status?.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
  });
});
