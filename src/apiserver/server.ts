// The HTTPS server: HTTP/2 with an HTTP/1.1 fallback, client-certificate authentication, request
// logging, and the top-level dispatch (health, version, discovery, OpenAPI, resources).
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { tooManyRequests, unauthorized } from '../machinery/index.js';
import { authenticate, isPublicInfoPath, ANONYMOUS } from './authn.js';
import type { ApiContext, UserInfo } from './context.js';
import { handleDiscovery } from './discovery/index.js';
import { priorityLevelOf } from './flow-control.js';
import { handleMetrics } from './metrics.js';
import { handleHealth, handleVersion, isHealthPath } from './health.js';
import { sendStatus } from './http/respond.js';
import type { ApiRequest, ApiResponse } from './http/types.js';
import { handleOpenApi } from './openapi/index.js';
import { handleResourceRequest } from './handlers/index.js';
import { handleUpgradeRequest } from './handlers/pod-stream-proxy.js';
import { pageNotFound } from './http/errors.js';

export interface TlsMaterial {
  cert: string;
  key: string;
  ca: string;
}

/** Serves one request that already passed TLS; also the entry for in-process transports. */
export async function serveRequest(ctx: ApiContext, req: ApiRequest, res: ApiResponse, user: UserInfo | undefined): Promise<void> {
  const started = Date.now();
  const method = req.method ?? 'GET';
  let path = '/';
  let query: URLSearchParams | undefined;
  try {
    const url = new URL(req.url ?? '/', 'https://engenho.invalid');
    path = url.pathname;
    query = url.searchParams;
    if (user === undefined && !isPublicInfoPath(method, path)) throw unauthorized();
    if (isLongRunning(path, url.searchParams)) {
      await dispatch(ctx, req, res, path, url.searchParams, user ?? ANONYMOUS);
      return;
    }
    const admission = ctx.flowControl.admit(priorityLevelOf(user ?? ANONYMOUS));
    if (admission === 'rejected') throw tooManyRequests('Too many requests, please try again later.', 1);
    try {
      await admission.waited;
      await dispatch(ctx, req, res, path, url.searchParams, user ?? ANONYMOUS);
    } finally {
      admission.release();
    }
  } catch (error) {
    sendStatus(res, error, ctx.logger);
  } finally {
    ctx.metrics.countRequest(method, path, query, res.statusCode);
    if (ctx.logger.isLevelEnabled('debug')) {
      ctx.logger.debug(
        { method, path, user: user?.name, code: res.statusCode, ms: Date.now() - started, agent: req.headers['user-agent'] },
        'request',
      );
    }
  }
}

const WATCH_VALUES = new Set(['1', 'true', 'True']);

/** Watches hold their request for minutes: they do not count against max-in-flight. */
function isLongRunning(path: string, query: URLSearchParams): boolean {
  return WATCH_VALUES.has(query.get('watch') ?? '') || /^\/apis?\/(?:[^/]+\/)?[^/]+\/watch\//.test(path);
}

async function dispatch(
  ctx: ApiContext,
  req: ApiRequest,
  res: ApiResponse,
  path: string,
  query: URLSearchParams,
  user: UserInfo,
): Promise<void> {
  if (isHealthPath(path)) return handleHealth(ctx, res, path, query);
  if (path === '/version' || path === '/version/') return handleVersion(req, res);
  if (path === '/metrics') return handleMetrics(ctx, req, res);
  if (handleDiscovery(ctx, req, res, path)) return;
  if (handleOpenApi(ctx, req, res, path)) return;
  if (path.startsWith('/api/') || path.startsWith('/apis/')) return handleResourceRequest(ctx, req, res, path, query, user);
  throw pageNotFound();
}

export interface ListeningServer {
  server: Http2SecureServer;
  port: number;
  close(): Promise<void>;
}

export async function listen(ctx: ApiContext, host: string, port: number, tls: TlsMaterial): Promise<ListeningServer> {
  const server = createSecureServer({
    allowHTTP1: true,
    cert: tls.cert,
    key: tls.key,
    ca: tls.ca,
    requestCert: true,
    rejectUnauthorized: false,
  });
  const open = new Set<{ destroy(): void }>();
  server.on('connection', (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  server.on('request', (req: ApiRequest, res: ApiResponse) => {
    // A client that vanishes mid-response (a closed watch) must not take the process down.
    const ignore = (error: Error) => ctx.logger.debug({ err: error }, 'client connection error');
    (req as NodeJS.EventEmitter).on('error', ignore);
    (res as NodeJS.EventEmitter).on('error', ignore);
    void serveRequest(ctx, req, res, authenticate(req));
  });
  // HTTP/1.1 Upgrade requests (kubectl exec/attach/port-forward) arrive here with their raw socket.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void handleUpgradeRequest(ctx, req, socket, head));
  server.on('tlsClientError', (error) => ctx.logger.debug({ err: error }, 'TLS handshake failed'));
  server.on('sessionError', (error) => ctx.logger.debug({ err: error }, 'HTTP/2 session error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const boundPort = (server.address() as AddressInfo).port;
  return {
    server,
    port: boundPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      }),
  };
}
