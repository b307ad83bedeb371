// A tiny HTTPS stand-in for the API server, just enough for `kubectl port-forward pod/x`:
// discovery, GET of one pod, and the pods/portforward upgrade handed to handlePortForwardUpgrade.
// It also runs kubectl port-forward against itself and reads the local port kubectl picked.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { ADMIN_USER, ensureClusterCertificates, serverUrl, writeKubeconfig } from '../../../../pki/index.js';
import { handlePortForwardUpgrade } from '../port-forward-upgrade.js';

export interface PodApiServer {
  kubeconfig: string;
  /** `websocket` or `spdy` per portforward upgrade received, in order. */
  upgrades: string[];
  close(): Promise<void>;
}

const POD = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'x', namespace: 'default', uid: '7d3c0f52-2b1e-4c55-9d0e-2f1f5f7b6a10' },
  spec: { containers: [{ name: 'web', image: 'busybox', ports: [{ containerPort: 80 }] }] },
  status: { phase: 'Running' },
};

const DISCOVERY: Record<string, unknown> = {
  '/version': { major: '1', minor: '32', gitVersion: 'v1.32.0' },
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] },
  '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
  '/api/v1': {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'v1',
    resources: [
      { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'] },
      { name: 'pods/portforward', singularName: '', namespaced: true, kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
    ],
  },
  '/api/v1/namespaces/default/pods/x': POD,
};

function answer(req: IncomingMessage, res: ServerResponse): void {
  const body = DISCOVERY[(req.url ?? '').split('?')[0]!];
  if (body === undefined) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startPodApiServer(dial: (port: number) => Promise<Duplex>): Promise<PodApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'engenho-port-forward-'));
  const certificates = await ensureClusterCertificates({ tlsDir: join(dir, 'tls'), subjectAltNames: ['127.0.0.1'] });
  const upgrades: string[] = [];
  const sockets = new Set<Socket | Duplex>();
  const server: Server = createServer({ cert: certificates.serving.certPem, key: certificates.serving.keyPem }, answer);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!(req.url ?? '').startsWith('/api/v1/namespaces/default/pods/x/portforward')) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    upgrades.push(String(req.headers.upgrade).toLowerCase() === 'websocket' ? 'websocket' : 'spdy');
    handlePortForwardUpgrade(req, socket, head, dial);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, {
    clusterName: 'pf',
    server: serverUrl('127.0.0.1', (server.address() as AddressInfo).port),
    caPem: certificates.ca.certPem,
    userName: ADMIN_USER,
    clientCertPem: certificates.admin.certPem,
    clientKeyPem: certificates.admin.keyPem,
  });
  return {
    kubeconfig,
    upgrades,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface KubectlPortForward {
  /** The local port kubectl listens on (from its "Forwarding from 127.0.0.1:N -> 80" line). */
  localPort: number;
  output(): string;
  /** Resolves with kubectl's exit code once it exits by itself. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Runs `kubectl port-forward pod/<pod> :<remotePort>` and waits (up to 60 s) until it listens. */
export async function kubectlPortForward(
  kubeconfig: string,
  remotePort: number,
  env: Record<string, string> = {},
  pod = 'x',
): Promise<KubectlPortForward> {
  const child = spawn('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(kubeconfig, '..', 'cache'), 'port-forward', `pod/${pod}`, `:${remotePort}`, '--address', '127.0.0.1'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const localPort = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kubectl port-forward did not start within 60 s:\n${output}`)), 60_000);
    const check = (): void => {
      const match = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`kubectl port-forward exited (${code}) before listening:\n${output}`));
    });
  });
  return {
    localPort,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
