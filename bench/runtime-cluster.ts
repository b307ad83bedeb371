// Cluster side of bench:runtime: create -> Running as a user sees it. A real API server (in-process
// transport, SQLite in a temp dir) and one kubelet whose runtime is what `engenho up --runtime
// podman` builds (PodmanRuntime on a private podman, WASI for runtimeClassName `wasm`); pods are
// created with spec.nodeName (no scheduler) one after another, and the pod is polled every 20 ms
// until its phase is Running. WASI pods are deleted once measured.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Pod } from '../src/api/index.js';
import { Client } from '../src/client/index.js';
import { startRealApiServer } from '../src/client/testing/real-api-server.js';
import { createNodeRuntime, ensureWasmRuntimeClass, runKubelets } from '../src/kubelet/index.js';
import { startPodmanFixture } from '../src/kubelet/runtimes/podman/testing/podman-fixture.js';
import { assemble } from '../src/kubelet/runtimes/wasi/testing/wat-modules.js';
import { SLEEP_WAT } from './runtime-wasi.js';

const NODE = 'engenho-node-0';

export interface ClusterSamples {
  podmanMs: number[];
  wasiMs: number[];
}

export async function measureCluster(podmanPods: number, wasiPods: number): Promise<ClusterSamples> {
  const fixture = await startPodmanFixture();
  const api = await startRealApiServer();
  const dir = await mkdtemp(join(tmpdir(), 'engenho-bench-cluster-'));
  const client = new Client(api.inProcess(), { fieldManager: 'bench-runtime' });
  try {
    const runtime = await createNodeRuntime({
      kind: 'podman',
      nodeName: NODE,
      index: 0,
      client,
      podman: { binary: 'podman', socket: fixture.socket, network: 'podman', containersConf: '', ociRuntime: '', root: '', runRoot: '' },
    });
    await ensureWasmRuntimeClass(client);
    const nodes = runKubelets({ client, count: 1, runtimeForNode: () => runtime, kubelet: { rootDir: join(dir, 'kubelet') } });
    try {
      await nodes.ready;
      const modulePath = join(dir, 'sleep.wasm');
      await writeFile(modulePath, await assemble(SLEEP_WAT));
      const pods = client.resource<Pod>('v1', 'pods');
      const podmanMs: number[] = [];
      for (let i = -1; i < podmanPods; i++) {
        const ms = await createAndWait(client, podmanPod(`podman-${i + 1}`, fixture.image));
        if (i >= 0) podmanMs.push(ms);
      }
      const wasiMs: number[] = [];
      for (let i = -1; i < wasiPods; i++) {
        const name = `wasi-${i + 1}`;
        const ms = await createAndWait(client, wasiPod(name, pathToFileURL(modulePath).href));
        if (i >= 0) wasiMs.push(ms);
        await pods.delete(name, { namespace: 'default', gracePeriodSeconds: 0 });
      }
      for (let i = 0; i <= podmanPods; i++) await pods.delete(`podman-${i}`, { namespace: 'default', gracePeriodSeconds: 0 }).catch(() => undefined);
      return { podmanMs, wasiMs };
    } finally {
      await nodes.stop();
    }
  } finally {
    client.close();
    await api.stop();
    await fixture.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function createAndWait(client: Client, pod: Pod): Promise<number> {
  const pods = client.resource<Pod>('v1', 'pods');
  const name = pod.metadata!.name!;
  const start = performance.now();
  await pods.create(pod);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const current = await pods.get(name, { namespace: 'default' });
    if (current.status?.phase === 'Running') return performance.now() - start;
    if (current.status?.phase === 'Failed' || current.status?.phase === 'Succeeded') throw new Error(`pod ${name} ended ${current.status.phase}: ${JSON.stringify(current.status)}`);
    if (Date.now() > deadline) throw new Error(`pod ${name} not Running after 120 s: ${JSON.stringify(current.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function podmanPod(name: string, image: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: NODE, terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image, imagePullPolicy: 'Never', command: ['sleep', '3600'] }] },
  };
}

function wasiPod(name: string, image: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: NODE, runtimeClassName: 'wasm', terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image }] },
  };
}
