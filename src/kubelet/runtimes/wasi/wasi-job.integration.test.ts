// WASI pods end to end: a real API server, the Job controller, the scheduler and one simulated node
// whose runtime is RuntimeRouter(sim, { wasm: WasiRuntime }). Jobs with runtimeClassName `wasm` run
// modules kept in a ConfigMap's binaryData; the real kubectl reads their logs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap, CoreV1Event, Job, Pod, RuntimeClass } from '../../../api/index.js';
import { jobController } from '../../../controllers/job-controller.js';
import { startSimCluster, type SimCluster } from '../../../controllers/testing/sim-cluster.js';
import { nodeInternalIP } from '../../pod-cidr.js';
import { RuntimeRouter } from '../runtime-router.js';
import { SimRuntime } from '../sim/sim-runtime.js';
import { configMapBinaryLoader } from './configmap-loader.js';
import { assemble, printWat, UNREACHABLE_WAT } from './testing/wat-modules.js';
import { WasiRuntime } from './wasi-runtime.js';

let cluster: SimCluster;
let rootDir: string;

beforeAll(async () => {
  rootDir = await mkdtemp(join(tmpdir(), 'engenho-wasi-node-'));
  const wasi = new WasiRuntime({
    hostIP: nodeInternalIP(0),
    // The cluster (and so its client) exists only once the node runs: bound late.
    loadConfigMapBinary: (namespace, name, key) => configMapBinaryLoader(cluster.client())(namespace, name, key),
  });
  const sim = new SimRuntime({ podCIDR: '10.244.0.0/24', startDelayMs: 0, logIntervalMs: 0 });
  cluster = await startSimCluster({ factories: { job: jobController }, nodes: 1, kubelet: { runtime: new RuntimeRouter(sim, { wasm: wasi }), rootDir } });
  cluster.api.server.context.nodes = { podLogs: (request) => cluster.kubelets.podLogs(request) };
  const client = cluster.client();
  await client.resource<RuntimeClass>('node.k8s.io/v1', 'runtimeclasses').create({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'wasm' }, handler: 'wasm' });
  const modules = {
    'hello.wasm': await assemble(printWat('hello from a WebAssembly job\n')),
    'exit3.wasm': await assemble(printWat('about to fail\n', { exitCode: 3 })),
    'trap.wasm': await assemble(UNREACHABLE_WAT),
  };
  await client.resource<ConfigMap>('v1', 'configmaps').create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'wasm-modules', namespace: 'default' },
    binaryData: Object.fromEntries(Object.entries(modules).map(([key, bytes]) => [key, Buffer.from(bytes).toString('base64')])),
  });
});

afterAll(async () => {
  await cluster?.stop();
  if (rootDir) await rm(rootDir, { recursive: true, force: true });
});

function wasmJob(name: string, key: string): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      backoffLimit: 0,
      template: {
        spec: {
          runtimeClassName: 'wasm',
          restartPolicy: 'Never',
          containers: [{ name: 'main', image: `configmap:wasm-modules/${key}` }],
        },
      },
    },
  };
}

/** Polls (up to 60 s) until the job's one pod satisfies `done`; returns it. */
async function jobPod(name: string, done: (pod: Pod) => boolean): Promise<Pod> {
  const pods = cluster.client().resource<Pod>('v1', 'pods');
  const deadline = Date.now() + 60_000;
  let last: Pod | undefined;
  while (Date.now() < deadline) {
    last = (await pods.list({ namespace: 'default', labelSelector: `job-name=${name}` })).items[0];
    if (last && done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`pod of job ${name} never got there: ${JSON.stringify(last?.status)}`);
}

describe('WASI jobs on a node with the runtime router', () => {
  it('a module that prints and exits 0 completes the Job, and kubectl logs shows its output', async () => {
    const jobs = cluster.client().resource<Job>('batch/v1', 'jobs');
    await jobs.create(wasmJob('hello', 'hello.wasm'));
    expect(await cluster.kubectl('wait', '--for=condition=Complete', 'job/hello', '--timeout=60s')).toBe('job.batch/hello condition met\n');
    const pod = await jobPod('hello', (candidate) => candidate.status?.phase === 'Succeeded');
    expect(pod.status?.containerStatuses?.[0].state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(pod.status?.containerStatuses?.[0].imageID).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pod.status?.hostIP).toBe(nodeInternalIP(0));
    expect(pod.status?.podIP).toBe(nodeInternalIP(0));
    expect(await cluster.kubectl('logs', 'job/hello')).toBe('hello from a WebAssembly job\n');
  });

  it('exit code 3 fails the pod with exit code 3', async () => {
    await cluster.client().resource<Job>('batch/v1', 'jobs').create(wasmJob('exit3', 'exit3.wasm'));
    const pod = await jobPod('exit3', (candidate) => candidate.status?.phase === 'Failed');
    expect(pod.status?.containerStatuses?.[0].state?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(pod.status?.containerStatuses?.[0].state?.terminated?.message).toBeUndefined();
    expect(await cluster.kubectl('logs', `pod/${pod.metadata?.name}`)).toBe('about to fail\n');
    expect(await cluster.kubectl('wait', '--for=condition=Failed', 'job/exit3', '--timeout=60s')).toBe('job.batch/exit3 condition met\n');
  });

  it('a trap fails the pod with the trap as the reason message', async () => {
    await cluster.client().resource<Job>('batch/v1', 'jobs').create(wasmJob('trap', 'trap.wasm'));
    const pod = await jobPod('trap', (candidate) => candidate.status?.phase === 'Failed');
    expect(pod.status?.containerStatuses?.[0].state?.terminated).toMatchObject({ exitCode: 134, reason: 'Error', message: 'wasm trap: unreachable' });
    const described = await cluster.kubectl('get', 'pod', pod.metadata?.name ?? '', '-o', 'jsonpath={.status.containerStatuses[0].state.terminated.message}');
    expect(described).toBe('wasm trap: unreachable');
  });

  it('a module missing from the ConfigMap is ErrImagePull, then ImagePullBackOff, with the reason in an Event', async () => {
    await cluster.client().resource<Job>('batch/v1', 'jobs').create(wasmJob('absent', 'absent.wasm'));
    const pod = await jobPod('absent', (candidate) => candidate.status?.containerStatuses?.[0].state?.waiting?.reason === 'ImagePullBackOff');
    expect(pod.status?.containerStatuses?.[0].state?.waiting).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "configmap:wasm-modules/absent.wasm"' });
    const expected =
      'Failed to pull image "configmap:wasm-modules/absent.wasm": WebAssembly module from ConfigMap default/wasm-modules key "absent.wasm" cannot be read: configmap "wasm-modules" has no binaryData key "absent.wasm"';
    const events = cluster.client().resource<CoreV1Event>('v1', 'events');
    let messages: (string | undefined)[] = [];
    // Events are written in the background: poll (up to 60 s) for the one about the pull.
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && !messages.includes(expected); await new Promise((resolve) => setTimeout(resolve, 50))) {
      messages = (await events.list({ namespace: 'default', fieldSelector: `involvedObject.name=${pod.metadata?.name}` })).items.map((event) => event.message);
    }
    expect(messages).toContain(expected);
  });
});
