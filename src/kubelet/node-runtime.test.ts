import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigMap, Pod, RuntimeClass } from '../api/index.js';
import { Client } from '../client/index.js';
import { eventually, startRealApiServer, type RealApiServer } from '../client/testing/real-api-server.js';
import { createNodeRuntime, ensureWasmRuntimeClass, podmanUnavailable } from './node-runtime.js';
import { runKubelets, type RunningKubelets } from './run-kubelets.js';
import { argsAndEnvWat, assemble } from './runtimes/wasi/testing/wat-modules.js';

let api: RealApiServer;
let client: Client;
let nodes: RunningKubelets;
let rootDir: string;

beforeAll(async () => {
  api = await startRealApiServer();
  client = new Client(api.inProcess(), { fieldManager: 'node-runtime-test' });
  rootDir = mkdtempSync(join(tmpdir(), 'kubelet-node-runtime-'));
  await ensureWasmRuntimeClass(client);
  const runtime = await createNodeRuntime({ kind: 'sim', nodeName: 'engenho-node-0', index: 0, client, sim: { startDelayMs: 10, logIntervalMs: 0 } });
  nodes = runKubelets({ client, count: 1, runtimeForNode: () => runtime, kubelet: { rootDir } });
  await nodes.ready;
});
afterAll(async () => {
  await nodes?.stop();
  client?.close();
  await api?.stop();
  rmSync(rootDir, { recursive: true, force: true });
});

async function logsOf(pod: Pod): Promise<string> {
  let text = '';
  const lines = await nodes.podLogs({ nodeName: 'engenho-node-0', namespace: 'default', pod: pod.metadata!.name!, podUid: pod.metadata!.uid!, container: pod.spec!.containers[0].name, follow: false, previous: false, timestamps: false, signal: new AbortController().signal });
  for await (const chunk of lines) text += chunk;
  return text;
}

describe('a node of engenho up', () => {
  it('has the wasm RuntimeClass (created once, idempotently)', async () => {
    await ensureWasmRuntimeClass(client);
    const runtimeClass = await client.resource<RuntimeClass>('node.k8s.io/v1', 'runtimeclasses').get('wasm');
    expect(runtimeClass.handler).toBe('wasm');
  });

  it('runs sim pods and WASI pods side by side; the WASI module sees the args and env the kubelet resolved', async () => {
    const module = await assemble(argsAndEnvWat());
    await client.resource<ConfigMap>('v1', 'configmaps').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mods', namespace: 'default' }, binaryData: { 'echo.wasm': Buffer.from(module).toString('base64') }, data: { greeting: 'hello' } });
    const pods = client.resource<Pod>('v1', 'pods');
    await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'sim', namespace: 'default' }, spec: { nodeName: 'engenho-node-0', containers: [{ name: 'app', image: 'nginx:1' }] } });
    const wasm = await pods.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'echo', namespace: 'default' },
      spec: {
        nodeName: 'engenho-node-0',
        runtimeClassName: 'wasm',
        restartPolicy: 'Never',
        containers: [
          {
            name: 'echo',
            image: 'configmap:mods/echo.wasm',
            args: ['$(GREETING)', '$(POD_NAME)'],
            env: [
              { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'mods', key: 'greeting' } } },
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            ],
          },
        ],
      },
    });
    let last: Pod | undefined;
    await eventually(async () => (last = await pods.get('echo')).status?.phase === 'Succeeded', 'WASI pod Succeeded', 6000);
    expect(last?.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    const output = await logsOf(wasm);
    expect(output.split('\n').slice(0, 4)).toEqual(['echo', 'hello', 'echo', '--']);
    expect(output).toContain('GREETING=hello\n');
    expect(output).toContain('POD_NAME=echo\n');
    await eventually(async () => (await pods.get('sim')).status?.phase === 'Running', 'sim pod Running');
  });

  it('refuses podman clearly when its binary is missing', () => {
    const config = { binary: 'podman-not-installed', socket: '', network: 'podman', containersConf: '', ociRuntime: '', root: '', runRoot: '' };
    expect(podmanUnavailable(config)).toBe(
      'kubelet.runtime "podman" needs podman, but "podman-not-installed" was not found on PATH; install podman, set kubelet.podman.binary or kubelet.podman.socket, or use --runtime sim',
    );
    expect(podmanUnavailable({ ...config, socket: '/run/podman.sock' })).toBeUndefined();
  });
});
