// The acceptance path with real containers: busybox httpd in a Podman pod (a private podman,
// runtimes/podman/testing/), kubectl port-forward through the API server and the kubelet endpoint,
// and an HTTP answer from inside the container — over kubectl's WebSocket tunnel and over SPDY.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../../api/index.js';
import { createInProcessTransport } from '../../../apiserver/index.js';
import { createKubeletConnector, kubeletAddressResolver } from '../../../apiserver/kubelet-connector.js';
import { Client } from '../../../client/index.js';
import { runKubelets, type RunningKubelets } from '../../run-kubelets.js';
import { createPodmanRuntime } from '../../runtimes/podman/create-podman-runtime.js';
import type { PodmanRuntime } from '../../runtimes/podman/podman-runtime.js';
import { startPodmanFixture, type PodmanFixture } from '../../runtimes/podman/testing/podman-fixture.js';
import { startStreamCluster, type StreamCluster } from '../testing/stream-cluster.js';
import { kubectlPortForward } from './testing/pod-api-server.js';

let fixture: PodmanFixture;
let runtime: PodmanRuntime;
let c: StreamCluster;
let podmanNode: RunningKubelets;
let nodeClient: Client;
let rootDir: string;

beforeAll(async () => {
  fixture = await startPodmanFixture();
  runtime = await createPodmanRuntime({ nodeName: 'podman-node-0', socket: fixture.socket });
  c = await startStreamCluster();
  rootDir = mkdtempSync(join(tmpdir(), 'engenho-pf-podman-'));
  nodeClient = new Client(createInProcessTransport(c.api.context, { name: 'system:node:podman-node-0', groups: ['system:nodes', 'system:authenticated'] }), {
    fieldManager: 'kubelet',
  });
  podmanNode = runKubelets({ client: nodeClient, count: 1, namePrefix: 'podman-node-', runtimeForNode: () => runtime, kubelet: { rootDir, serverPort: c.kubelet.port } });
  // The shared kubelet endpoint finds pods through every node group, this one included.
  c.nodes.push(podmanNode);
  await podmanNode.ready;
  // Every node of this process is served by the one kubelet endpoint on 127.0.0.1.
  c.api.context.nodes = createKubeletConnector({
    tls: { ca: c.certificates.ca.certPem, cert: c.kubeletClient.certPem, key: c.kubeletClient.keyPem },
    resolve: kubeletAddressResolver(c.api.context, { isLocal: () => true, port: () => c.kubelet.port }),
  });
}, 300_000);

afterAll(async () => {
  await c?.stop();
  nodeClient?.close();
  await fixture?.stop();
  if (rootDir) rmSync(rootDir, { recursive: true, force: true });
}, 300_000);

async function until<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('kubectl port-forward to a Podman pod', () => {
  it('gets busybox httpd\'s answer over the WebSocket tunnel and over SPDY', async () => {
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'httpd', namespace: 'default' },
      spec: {
        nodeName: 'podman-node-0',
        containers: [
          {
            name: 'web',
            image: fixture.image,
            imagePullPolicy: 'Never',
            command: ['sh', '-c', 'mkdir -p /www && echo "hello from podman" > /www/index.html && exec httpd -f -p 8080 -h /www'],
            ports: [{ containerPort: 8080 }],
            readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
          },
        ],
      },
    };
    await c.client.resource<Pod>('v1', 'pods').create(pod);
    await until(async () => {
      const current = await c.client.resource<Pod>('v1', 'pods').get('httpd');
      const ready = current.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True');
      return ready ? current : undefined;
    }, 'the httpd pod to be Ready (httpd listening)');

    const transports: Record<string, string>[] = [{}, { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }];
    for (const env of transports) {
      const forward = await kubectlPortForward(join(c.dir, 'kubeconfig'), 8080, env, 'httpd');
      try {
        const response = await fetch(`http://127.0.0.1:${forward.localPort}/index.html`);
        expect({ status: response.status, body: await response.text() }).toEqual({ status: 200, body: 'hello from podman\n' });
      } finally {
        await forward.stop();
      }
    }
  });
});
