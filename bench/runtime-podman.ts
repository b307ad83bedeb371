// Podman side of bench:runtime, on a private podman (own storage, own service, the sandbox's
// containers.conf, the local busybox image): one pod after another through PodmanRuntime
// (pod sandbox + container, until the container is running), and `podman run -d` of the same
// image straight from the CLI as the baseline.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createPodmanRuntime } from '../src/kubelet/runtimes/podman/index.js';
import { podmanGlobalArgs } from '../src/kubelet/runtimes/podman/podman-service.js';
import { startPodmanFixture, type PodmanFixture } from '../src/kubelet/runtimes/podman/testing/podman-fixture.js';

const run = promisify(execFile);

export interface PodmanSamples {
  version: string;
  runtimeMs: number[];
  podmanRunMs: number[];
}

export async function measurePodman(pods: number): Promise<PodmanSamples> {
  const fixture = await startPodmanFixture();
  try {
    const runtime = await createPodmanRuntime({ nodeName: 'bench', socket: fixture.socket });
    const runtimeMs: number[] = [];
    const podmanRunMs: number[] = [];
    try {
      // one warm-up of each (first use of the image's layers, the network)
      await startPod(runtime, fixture, -1);
      await podmanRun(fixture, -1);
      for (let i = 0; i < pods; i++) {
        runtimeMs.push(await startPod(runtime, fixture, i));
        podmanRunMs.push(await podmanRun(fixture, i));
      }
      return { version: runtime.version, runtimeMs, podmanRunMs };
    } finally {
      await runtime.close();
    }
  } finally {
    await fixture.stop();
  }
}

async function startPod(runtime: Awaited<ReturnType<typeof createPodmanRuntime>>, fixture: PodmanFixture, i: number): Promise<number> {
  const start = performance.now();
  const sandbox = await runtime.runPodSandbox({ podUid: `bench-uid-${i}`, namespace: 'bench', name: `pod-${i}`, annotations: {} });
  const record = await runtime.startContainer(sandbox.id, {
    name: 'app',
    image: fixture.image,
    imagePullPolicy: 'Never',
    command: ['sleep', '3600'],
    annotations: {},
    attempt: 0,
    init: false,
  });
  if (record.state !== 'running') throw new Error(`pod ${i}: container is ${record.state}, not running`);
  return performance.now() - start;
}

async function podmanRun(fixture: PodmanFixture, i: number): Promise<number> {
  const start = performance.now();
  await run('podman', [...podmanGlobalArgs(fixture), 'run', '-d', '--name', `bench-run-${i + 1}`, fixture.image, 'sleep', '3600'], {
    env: { ...process.env, CONTAINERS_CONF: fixture.containersConf },
  });
  return performance.now() - start;
}
