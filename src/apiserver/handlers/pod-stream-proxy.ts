// Upgrade requests (HTTP/1.1 `Connection: Upgrade`, which node:http2's HTTP/1.1 fallback hands
// over as a raw socket): pods/exec, pods/attach and pods/portforward are checked here (caller,
// pod, container, node) and then proxied as upstream's UpgradeAwareHandler does: a TLS connection
// to the pod's kubelet, the request line and headers forwarded, bytes piped both ways — the
// kubelet's answer (101 and the stream, or its refusal) reaches the client unchanged. Any other
// GET or HEAD with an Upgrade header is served as an ordinary request on that socket.
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { badRequest, unauthorized } from '../../machinery/index.js';
import { authenticate } from '../authn.js';
import type { ApiContext } from '../context.js';
import { serverMethodNotAllowed } from '../http/errors.js';
import { sendStatus } from '../http/respond.js';
import { routeResource } from '../router.js';
import { serveRequest } from '../server.js';
import { ResourceStorage } from '../storage/resource-storage.js';
import { podStreamLocation, type PodStreamKind } from './pod-stream-location.js';

const STREAM_SUBRESOURCES = new Set<string>(['exec', 'attach', 'portforward']);
/** Not forwarded: the kubelet gets its own Host, and the caller's credentials stay here. */
const DROPPED_HEADERS = new Set(['host', 'authorization', 'proxy-authorization', 'impersonate-user', 'impersonate-group']);

function responseOn(req: IncomingMessage, socket: Duplex): ServerResponse {
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket as Parameters<ServerResponse['assignSocket']>[0]);
  res.once('finish', () => socket.end());
  return res;
}

function requestHead(req: IncomingMessage, path: string, host: string): string {
  const lines = [`${req.method ?? 'GET'} ${path} HTTP/1.1`, `Host: ${host}`];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (!DROPPED_HEADERS.has(req.rawHeaders[i].toLowerCase())) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export async function handleUpgradeRequest(ctx: ApiContext, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  socket.on('error', (error) => ctx.logger.debug({ err: error }, 'upgrade client connection error'));
  try {
    await proxyUpgrade(ctx, req, socket, head);
  } catch (error) {
    ctx.logger.warn({ err: error, path: req.url }, 'upgrade request failed');
    socket.destroy();
  }
}

async function proxyUpgrade(ctx: ApiContext, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const user = authenticate(req);
  const url = new URL(req.url ?? '/', 'https://engenho.invalid');
  const target = routeResource(ctx.served, url.pathname);
  const isPodStream =
    target !== undefined && target.resource.info.group === '' && target.resource.info.plural === 'pods' && STREAM_SUBRESOURCES.has(target.subresource ?? '');
  if (!isPodStream) {
    // Node hands an upgrade request over without parsing its body, so only body-less ones are served.
    if (req.method === 'GET' || req.method === 'HEAD') return serveRequest(ctx, req, responseOn(req, socket), user);
    return sendStatus(responseOn(req, socket), badRequest(`${req.method} ${url.pathname} cannot be upgraded`), ctx.logger);
  }

  let upstream: Duplex;
  let path: string;
  try {
    if (user === undefined) throw unauthorized();
    if (req.method !== 'GET' && req.method !== 'POST') throw serverMethodNotAllowed();
    if (target.namespace === undefined || target.name === undefined) throw badRequest('a pod name and namespace are required');
    const { object: pod } = await new ResourceStorage(ctx.store, target.resource).get(target.namespace, target.name);
    const location = podStreamLocation(target.subresource as PodStreamKind, pod, url.searchParams);
    const connector = ctx.nodes;
    if (connector?.connect === undefined) throw badRequest(`${target.subresource} of pod ${target.name} is not available: this server has no connection to node ${location.nodeName}`);
    upstream = await connector.connect(location.nodeName);
    path = location.path;
  } catch (error) {
    sendStatus(responseOn(req, socket), error, ctx.logger);
    return;
  }
  ctx.logger.debug({ user: user.name, path: url.pathname, kubelet: path }, 'proxying an upgrade to the kubelet');
  const address = upstream as Duplex & { remoteAddress?: string; remotePort?: number };
  upstream.write(requestHead(req, path, `${address.remoteAddress ?? 'kubelet'}:${address.remotePort ?? 10250}`));
  if (head.length > 0) upstream.write(head);
  upstream.on('error', (error) => ctx.logger.debug({ err: error }, 'kubelet upgrade connection error'));
  link(upstream, socket);
  link(socket, upstream);
  socket.pipe(upstream);
  upstream.pipe(socket);
}

/**
 * A side that ends normally is ended on the other by pipe(), after what was written is flushed
 * (destroying at once could cut the last frames: the exit status, the WebSocket close); a side that
 * breaks off takes the other down with it.
 */
function link(from: Duplex, to: Duplex): void {
  let ended = false;
  from.once('end', () => (ended = true));
  from.once('close', () => {
    if (!ended) to.destroy();
  });
}
