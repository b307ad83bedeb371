// The kubelet's HTTPS endpoint, one per process for all its nodes (upstream's :10250): a serving
// certificate from the cluster CA, client certificates required (client-auth.ts), and upstream's
// paths — /healthz, /containerLogs/<ns>/<pod>/<container>, /exec/<ns>/<pod>/<container> (WebSocket
// upgrade), /portForward/<ns>/<pod> (SPDY, or SPDY tunnelled in a WebSocket: port-forward/).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { badRequest } from '../../machinery/index.js';
import type { KubeletLogger } from '../kubelet.js';
import { checkClient } from './client-auth.js';
import { serveContainerLogs, type ContainerTarget } from './container-logs.js';
import { handleExecUpgrade } from './exec-handler.js';
import type { LocalPods } from './local-pods.js';
import { handlePortForwardRoute } from './port-forward-route.js';
import { responseForUpgrade, sendStatusJson, sendText } from './responses.js';

export interface KubeletServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = a random free port. */
  port: number;
  tls: { cert: string; key: string; ca: string };
  pods: LocalPods;
  logger?: KubeletLogger;
}

export interface KubeletServer {
  port: number;
  close(): Promise<void>;
}

type Route =
  | { kind: 'healthz' }
  | { kind: 'containerLogs' | 'exec' | 'attach'; target: ContainerTarget }
  | { kind: 'portForward'; target: { namespace: string; pod: string } };

function routeOf(pathname: string): Route | undefined {
  let segments: string[];
  try {
    segments = pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
  const [first, namespace, pod, container] = segments;
  if (first === 'healthz' && segments.length === 1) return { kind: 'healthz' };
  if ((first === 'containerLogs' || first === 'exec' || first === 'attach') && segments.length === 4) {
    return { kind: first, target: { namespace, pod, container } };
  }
  if (first === 'portForward' && (segments.length === 3 || segments.length === 4)) return { kind: 'portForward', target: { namespace, pod } };
  return undefined;
}

export async function startKubeletServer(options: KubeletServerOptions): Promise<KubeletServer> {
  const server = createServer({ cert: options.tls.cert, key: options.tls.key, ca: options.tls.ca, requestCert: true, rejectUnauthorized: false });
  const warn = (error: unknown, what: string) => options.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, what);
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    serveRequest(options, req, res).catch((error: unknown) => {
      warn(error, 'kubelet server request failed');
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    serveUpgrade(options, req, socket, head).catch((error: unknown) => {
      warn(error, 'kubelet server upgrade failed');
      socket.destroy();
    });
  });
  server.on('tlsClientError', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      }),
  };
}

async function serveRequest(options: KubeletServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const client = checkClient(req);
  if (!client.allowed) return sendText(res, client.code, client.message);
  const url = new URL(req.url ?? '/', 'https://kubelet.invalid');
  const route = routeOf(url.pathname);
  if (!route) return sendText(res, 404, '404 page not found');
  if (route.kind === 'healthz') return sendText(res, 200, 'ok');
  if (route.kind === 'containerLogs') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, `method ${req.method} not allowed on ${url.pathname}`);
    return serveContainerLogs(route.target, url.searchParams, options.pods, res);
  }
  return sendStatusJson(res, badRequest('Upgrade request required'));
}

async function serveUpgrade(options: KubeletServerOptions, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const client = checkClient(req);
  if (!client.allowed) return sendText(responseForUpgrade(req, socket), client.code, client.message);
  const url = new URL(req.url ?? '/', 'https://kubelet.invalid');
  const route = routeOf(url.pathname);
  if (route?.kind === 'exec') return handleExecUpgrade(route.target, url.searchParams, options.pods, req, socket, head);
  if (route?.kind === 'portForward') {
    return handlePortForwardRoute(route.target, options.pods, req, socket, head, (message) => options.logger?.info({ pod: route.target }, message));
  }
  if (route?.kind === 'attach') {
    return sendStatusJson(responseForUpgrade(req, socket), badRequest('attach is not supported by this kubelet yet (the container runtimes have no attach)'));
  }
  // Anything else is answered as an ordinary request on that socket.
  return serveRequest(options, req, responseForUpgrade(req, socket));
}
