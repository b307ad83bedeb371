// Port-forward through the whole real path: kubectl or @kubernetes/client-node → API server
// (pods/portforward upgrade proxied raw) → the kubelet's HTTPS endpoint (/portForward route) →
// this handler → the runtime's portForward (ProcessExecRuntime dials 127.0.0.1:<port>, so a
// listener of the test stands in for the pod). kubectl-streams.test.ts covers kubectl's default
// WebSocket tunnel; this file adds the SPDY fallback, the refused port's message with the pod's
// uid, and the channel protocol (the API server turns `ports=` into the kubelet's `port=`).
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { KubeConfig, PortForward } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../../api/index.js';
import { startStreamCluster, type StreamCluster } from '../testing/stream-cluster.js';
import { kubectlPortForward } from './testing/pod-api-server.js';

let c: StreamCluster;
let web: http.Server;
let webPort: number;
let refusedPort: number;
let podUid: string;

beforeAll(async () => {
  web = http.createServer((req, res) => res.end(`hello from the pod: ${req.method} ${req.url}\n`));
  web.listen(0, '127.0.0.1');
  await once(web, 'listening');
  webPort = (web.address() as net.AddressInfo).port;
  const closed = net.createServer().listen(0, '127.0.0.1');
  await once(closed, 'listening');
  refusedPort = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  c = await startStreamCluster();
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'forwarded', namespace: 'default' },
    spec: { nodeName: 'exec-node-0', containers: [{ name: 'app', image: 'busybox' }] },
  };
  podUid = (await c.runPod(pod)).metadata!.uid!;
});

afterAll(async () => {
  await c?.stop();
  await new Promise<void>((resolve) => web.close(() => resolve()));
});

const kubeconfig = (): string => join(c.dir, 'kubeconfig');
const spdyOnly = { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' };

describe('port-forward through the API server and the kubelet endpoint', () => {
  it('kubectl over the SPDY fallback: sequential and concurrent requests', async () => {
    const forward = await kubectlPortForward(kubeconfig(), webPort, spdyOnly, 'forwarded');
    try {
      const base = `http://127.0.0.1:${forward.localPort}`;
      expect(await (await fetch(`${base}/one`)).text()).toBe('hello from the pod: GET /one\n');
      const bodies = await Promise.all(
        Array.from({ length: 6 }, (_, index) => fetch(`${base}/many/${index}`, { headers: { connection: 'close' } }).then((response) => response.text())),
      );
      expect(bodies).toEqual(Array.from({ length: 6 }, (_, index) => `hello from the pod: GET /many/${index}\n`));
    } finally {
      await forward.stop();
    }
  });

  it.each([
    { transport: 'WebSocket tunnel', env: {} },
    { transport: 'SPDY', env: spdyOnly },
  ])('kubectl over the $transport prints the kubelet\'s error for a refused port, with the pod\'s uid', async ({ env }) => {
    const forward = await kubectlPortForward(kubeconfig(), refusedPort, env, 'forwarded');
    try {
      await expect(fetch(`http://127.0.0.1:${forward.localPort}/`)).rejects.toThrow();
      expect(await forward.exited).toBe(1);
      expect(forward.output()).toContain(
        `an error occurred forwarding ${forward.localPort} -> ${refusedPort}: error forwarding port ${refusedPort} to pod forwarded_default, ` +
          `uid ${podUid}: dial tcp 127.0.0.1:${refusedPort}: connect: connection refused`,
      );
    } finally {
      await forward.stop();
    }
  });

  it('@kubernetes/client-node PortForward over the channel protocol', async () => {
    const config = new KubeConfig();
    config.loadFromFile(kubeconfig());
    const output = new PassThrough();
    const errors = new PassThrough();
    const input = new PassThrough();
    let received = '';
    let errorText = '';
    output.on('data', (chunk: Buffer) => (received += chunk.toString()));
    errors.on('data', (chunk: Buffer) => (errorText += chunk.toString()));
    const socket = (await new PortForward(config).portForward('default', 'forwarded', [webPort], output, errors, input)) as unknown as {
      once(event: 'close', listener: () => void): void;
    };
    const closed = new Promise<void>((resolve) => socket.once('close', resolve));
    input.write('GET /through-the-api-server HTTP/1.1\r\nHost: pod\r\nConnection: close\r\n\r\n');
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(received.endsWith('\r\n\r\nhello from the pod: GET /through-the-api-server\n')).toBe(true);
    expect(errorText).toBe('');
  });
});
