// End to end with the real kubectl v1.32: `kubectl port-forward pod/x :<port>` against a tiny
// HTTPS API stand-in whose pods/portforward upgrade goes to handlePortForwardUpgrade, with dial
// reaching an HTTP server on 127.0.0.1. Both transports kubectl has: the WebSocket tunnel (its
// default) and the SPDY fallback (KUBECTL_PORT_FORWARD_WEBSOCKETS=false).
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlPortForward, startPodApiServer, type PodApiServer } from './testing/pod-api-server.js';

let web: http.Server;
let api: PodApiServer;
let refusedPort: number;
/** Pod port 90: a server that greets and then holds every connection open. */
let holder: net.Server;
const held = new Set<net.Socket>();

beforeAll(async () => {
  web = http.createServer((req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end(`hello from the pod: ${req.method} ${req.url}\n`);
  });
  web.listen(0, '127.0.0.1');
  await once(web, 'listening');
  const webPort = (web.address() as net.AddressInfo).port;
  const closed = net.createServer().listen(0, '127.0.0.1');
  await once(closed, 'listening');
  refusedPort = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  holder = net.createServer((socket) => {
    held.add(socket);
    socket.once('close', () => held.delete(socket));
    socket.write('hello, I hold on\n');
  });
  holder.listen(0, '127.0.0.1');
  await once(holder, 'listening');
  const holderPort = (holder.address() as net.AddressInfo).port;
  // Pod port 80 is the web server, 90 the holder; any other pod port has nothing listening.
  api = await startPodApiServer(async (port) => {
    const socket = net.connect(port === 80 ? webPort : port === 90 ? holderPort : refusedPort, '127.0.0.1');
    await once(socket, 'connect');
    return socket;
  });
});

afterAll(async () => {
  await api?.close();
  await new Promise<void>((resolve) => web.close(() => resolve()));
  await new Promise<void>((resolve) => holder.close(() => resolve()));
});

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const transports: { name: string; env: Record<string, string>; upgrade: string }[] = [
  { name: 'WebSocket tunnel (kubectl default)', env: {}, upgrade: 'websocket' },
  { name: 'SPDY fallback (KUBECTL_PORT_FORWARD_WEBSOCKETS=false)', env: { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }, upgrade: 'spdy' },
];

describe.each(transports)('kubectl port-forward over the $name', ({ env, upgrade }) => {
  it('forwards HTTP requests, one after another and several at once', async () => {
    const upgradesBefore = api.upgrades.length;
    const forward = await kubectlPortForward(api.kubeconfig, 80, env);
    try {
      const base = `http://127.0.0.1:${forward.localPort}`;
      const first = await fetch(`${base}/first`);
      expect(first.status).toBe(200);
      expect(await first.text()).toBe('hello from the pod: GET /first\n');
      const bodies = await Promise.all(
        Array.from({ length: 8 }, (_, index) => fetch(`${base}/concurrent/${index}`, { headers: { connection: 'close' } }).then((response) => response.text())),
      );
      expect(bodies).toEqual(Array.from({ length: 8 }, (_, index) => `hello from the pod: GET /concurrent/${index}\n`));
      const posted = await fetch(`${base}/upload`, { method: 'POST', body: 'x'.repeat(200_000) });
      expect(await posted.text()).toBe('hello from the pod: POST /upload\n');
      expect(api.upgrades.slice(upgradesBefore)).toEqual([upgrade]);
      expect(forward.output()).toContain(`Forwarding from 127.0.0.1:${forward.localPort} -> 80`);
    } finally {
      await forward.stop();
    }
  });

  it('closes the pod connections when kubectl goes away', async () => {
    const forward = await kubectlPortForward(api.kubeconfig, 90, env);
    const clients = await Promise.all(
      [1, 2].map(async () => {
        const socket = net.connect(forward.localPort, '127.0.0.1');
        socket.on('error', () => undefined);
        const [greeting] = (await once(socket, 'data')) as [Buffer];
        expect(greeting.toString()).toBe('hello, I hold on\n');
        return socket;
      }),
    );
    expect(held.size).toBe(2);
    await forward.stop();
    await until(() => held.size === 0, 'the pod connections to close after kubectl exited');
    clients.forEach((socket) => socket.destroy());
  });

  it('reports a refused pod port the way kubectl reports upstream\'s error', async () => {
    const forward = await kubectlPortForward(api.kubeconfig, 81, env);
    try {
      await expect(fetch(`http://127.0.0.1:${forward.localPort}/`)).rejects.toThrow();
      // kubectl v1.32 gives up on the whole port-forward after an error on the error stream.
      expect(await forward.exited).toBe(1);
      expect(forward.output()).toContain(
        `an error occurred forwarding ${forward.localPort} -> 81: error forwarding port 81 to pod x_default, uid : ` +
          `dial tcp 127.0.0.1:${refusedPort}: connect: connection refused`,
      );
      expect(forward.output()).toContain('error: lost connection to pod');
    } finally {
      await forward.stop();
    }
  });
});
