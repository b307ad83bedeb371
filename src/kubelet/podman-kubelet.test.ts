// The kubelet core against real podman (a private service, see runtimes/podman/testing/): config,
// volumes, probes, image errors and graceful stop as a user sees them through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { release } from 'node:os';
import type { ConfigMap, CoreV1Event, Node, Pod } from '../api/index.js';
import { Client } from '../client/index.js';
import { startRealApiServer, type RealApiServer } from '../client/testing/real-api-server.js';
import { createPodmanRuntime } from './runtimes/podman/create-podman-runtime.js';
import type { PodmanRuntime } from './runtimes/podman/podman-runtime.js';
import { startPodmanFixture, type PodmanFixture } from './runtimes/podman/testing/podman-fixture.js';
import { hostInfo } from './node-object.js';
import { runKubelets, type RunningKubelets } from './run-kubelets.js';

let fixture: PodmanFixture;
let runtime: PodmanRuntime;
let api: RealApiServer;
let client: Client;
let nodes: RunningKubelets;
let rootDir: string;

beforeAll(async () => {
  fixture = await startPodmanFixture();
  runtime = await createPodmanRuntime({ nodeName: 'engenho-node-0', socket: fixture.socket });
  api = await startRealApiServer();
  client = new Client(api.inProcess(), { fieldManager: 'podman-kubelet-test' });
  rootDir = mkdtempSync(join(tmpdir(), 'kubelet-podman-'));
  nodes = runKubelets({ client, count: 1, runtimeForNode: () => runtime, kubelet: { rootDir, restartBackoff: { initialMs: 1000, maxMs: 4000 }, imageBackoff: { initialMs: 1000, maxMs: 4000 } } });
  await nodes.ready;
});
afterAll(async () => {
  await nodes?.stop();
  client?.close();
  await api?.stop();
  await fixture?.stop();
  rmSync(rootDir, { recursive: true, force: true });
});

const pods = () => client.resource<Pod>('v1', 'pods');

async function until<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const podWhere = (name: string, check: (pod: Pod) => boolean) => async () => {
  const pod = await pods().get(name);
  return check(pod) ? pod : undefined;
};

async function logsOf(pod: Pod, container: string): Promise<string> {
  let text = '';
  const request = { nodeName: 'engenho-node-0', namespace: 'default', pod: pod.metadata!.name!, podUid: pod.metadata!.uid!, container, follow: false, previous: false, timestamps: false, signal: new AbortController().signal };
  for await (const chunk of await nodes.podLogs(request)) text += chunk;
  return text;
}

async function eventsOf(name: string): Promise<string[]> {
  const events = (await client.resource<CoreV1Event>('v1', 'events').list({ namespace: 'default' })).items.filter((e) => e.involvedObject.name === name);
  return events.map((e) => `${e.type} ${e.reason}: ${e.message}`).sort();
}

describe('the kubelet on podman', () => {
  it('reports the host OS and kernel and the podman version in nodeInfo', async () => {
    const node = await client.resource<Node>('v1', 'nodes').get('engenho-node-0');
    expect(node.status?.nodeInfo).toMatchObject({ ...hostInfo(), containerRuntimeVersion: runtime.version });
    expect(node.status?.nodeInfo?.kernelVersion).toBe(release());
    expect(runtime.version).toMatch(/^podman:\/\/\d+\.\d+\.\d+/);
  });

  it('runs a pod with resolved env, expanded command, configMap and emptyDir volumes and an httpGet readiness probe', async () => {
    await client.resource<ConfigMap>('v1', 'configmaps').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'site', namespace: 'default' }, data: { greeting: 'hello', 'index.html': 'served by busybox\n' } });
    await pods().create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        nodeName: 'engenho-node-0',
        containers: [
          {
            name: 'httpd',
            image: fixture.image,
            imagePullPolicy: 'Never',
            command: ['sh', '-c', 'echo "$(GREETING) from $(POD_NAME)"; cat /www/index.html; echo scratch > /scratch/file; exec httpd -f -p 8080 -h /www'],
            env: [
              { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'site', key: 'greeting' } } },
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            ],
            ports: [{ name: 'http', containerPort: 8080 }],
            volumeMounts: [
              { name: 'www', mountPath: '/www' },
              { name: 'scratch', mountPath: '/scratch' },
            ],
            readinessProbe: { httpGet: { path: '/index.html', port: 'http' }, periodSeconds: 1 },
          },
        ],
        volumes: [
          { name: 'www', configMap: { name: 'site', items: [{ key: 'index.html', path: 'index.html' }] } },
          { name: 'scratch', emptyDir: {} },
        ],
      },
    });
    const ready = await until(podWhere('web', (p) => p.status?.containerStatuses?.[0]?.ready === true), 'web ready');
    expect(ready.status?.phase).toBe('Running');
    expect(ready.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    const logs = await until(async () => {
      const text = await logsOf(ready, 'httpd');
      return text.includes('served by busybox') ? text : undefined;
    }, 'logs');
    expect(logs.split('\n').slice(0, 2)).toEqual(['hello from web', 'served by busybox']);
    const response = await fetch(`http://${ready.status?.podIP}:8080/index.html`);
    expect(await response.text()).toBe('served by busybox\n');
  });

  it('restarts a container whose liveness probe fails', async () => {
    await pods().create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'sick', namespace: 'default' },
      spec: {
        nodeName: 'engenho-node-0',
        terminationGracePeriodSeconds: 2,
        containers: [{ name: 'app', image: fixture.image, imagePullPolicy: 'Never', command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'], livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 2 } }],
      },
    });
    const restarted = await until(podWhere('sick', (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1), 'restart after liveness failure');
    expect(restarted.status?.containerStatuses?.[0]?.lastState?.terminated).toBeDefined();
    const events = await eventsOf('sick');
    expect(events).toContain('Normal Killing: Container app failed liveness probe, will be restarted');
    expect(events.some((e) => e.startsWith('Warning Unhealthy: Liveness probe failed: cat: can\'t open \'/tmp/healthy\''))).toBe(true);
  });

  it('reports a missing image as ErrImagePull then ImagePullBackOff', async () => {
    await pods().create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'missing', namespace: 'default' },
      spec: { nodeName: 'engenho-node-0', containers: [{ name: 'app', image: 'localhost/engenho-missing:1', imagePullPolicy: 'Never' }] },
    });
    const waiting = await until(podWhere('missing', (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff'), 'ImagePullBackOff');
    expect(waiting.status?.containerStatuses?.[0]?.state?.waiting?.message).toBe('Back-off pulling image "localhost/engenho-missing:1"');
    const events = await eventsOf('missing');
    expect(events).toContain('Warning Failed: Error: ErrImageNeverPull');
  });

  it('deletes a pod gracefully and removes its volumes', async () => {
    const pod = await pods().get('web');
    await pods().delete('web', { namespace: 'default', gracePeriodSeconds: 3 });
    await until(async () => ((await pods().get('web').catch(() => undefined)) === undefined ? true : undefined), 'web deleted');
    // The kubelet deletes the pod object first, then removes the sandbox and the pod's directory.
    await until(async () => (runtime.sandboxFor(pod.metadata!.uid!) === undefined ? true : undefined), 'sandbox removed');
    await until(async () => (existsSync(join(rootDir, 'pods', pod.metadata!.uid!)) ? undefined : true), 'volumes removed');
  });
});
