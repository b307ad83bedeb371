// @kubernetes/client-node's PortForward speaks the WebSocket channel protocol (v4.channel.k8s.io):
// the same HTTPS API stand-in, the same handler, an HTTP request written through the data channel.
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { KubeConfig, PortForward } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPodApiServer, type PodApiServer } from './testing/pod-api-server.js';

let web: http.Server;
let api: PodApiServer;
let refusedPort: number;

beforeAll(async () => {
  web = http.createServer((req, res) => res.end(`hello from the pod: ${req.method} ${req.url}\n`));
  web.listen(0, '127.0.0.1');
  await once(web, 'listening');
  const webPort = (web.address() as net.AddressInfo).port;
  const closed = net.createServer().listen(0, '127.0.0.1');
  await once(closed, 'listening');
  refusedPort = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  api = await startPodApiServer(async (port) => {
    const socket = net.connect(port === 80 ? webPort : refusedPort, '127.0.0.1');
    await once(socket, 'connect');
    return socket;
  });
});

afterAll(async () => {
  await api?.close();
  await new Promise<void>((resolve) => web.close(() => resolve()));
});

/** Forwards one connection to `port`, writes `request` into it, and collects both channels until the WebSocket closes. */
async function forwardOnce(port: number, request: string): Promise<{ output: string; errors: string }> {
  const config = new KubeConfig();
  config.loadFromFile(api.kubeconfig);
  const output = new PassThrough();
  const errors = new PassThrough();
  const input = new PassThrough();
  let outputText = '';
  let errorText = '';
  output.on('data', (chunk: Buffer) => (outputText += chunk.toString()));
  errors.on('data', (chunk: Buffer) => (errorText += chunk.toString()));
  const socket = (await new PortForward(config).portForward('default', 'x', [port], output, errors, input)) as unknown as {
    readyState: number;
    once(event: 'close', listener: () => void): void;
  };
  const closed = new Promise<void>((resolve) => socket.once('close', resolve));
  input.write(request);
  await closed;
  return { output: outputText, errors: errorText };
}

describe('@kubernetes/client-node PortForward (v4.channel.k8s.io)', () => {
  it('carries an HTTP exchange through the data channel and closes when the pod side does', async () => {
    const { output, errors } = await forwardOnce(80, 'GET /from-client-node HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(output).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(output.endsWith('\r\n\r\nhello from the pod: GET /from-client-node\n')).toBe(true);
    expect(errors).toBe('');
    expect(api.upgrades.at(-1)).toBe('websocket');
  });

  it('writes upstream\'s message on the error channel when the pod port refuses', async () => {
    const { output, errors } = await forwardOnce(81, 'hello?');
    expect(output).toBe('');
    expect(errors).toBe(`error forwarding port 81 to pod x_default, uid : dial tcp 127.0.0.1:${refusedPort}: connect: connection refused`);
  });
});
